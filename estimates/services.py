# Placeholder until the estimates branch lands (it replaces this file).
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction

from estimates.models import Fee, FeeSchedule, Procedure


@transaction.atomic
def procedures_record_from_article(*, items):
    schedule = FeeSchedule.objects.filter(is_active=True).first()
    if schedule is None:
        schedule = FeeSchedule.objects.create(
            name="Medicare 2026",
            year=2026,
            effective_date="2026-01-01",
            part_b_deductible=Decimal("283.00"),
            is_active=True,
        )
    procedures = []
    for cpt, name, share in items:
        procedure, _ = Procedure.objects.get_or_create(
            cpt_code=cpt, defaults={"official_name": name, "plain_name": name, "body_region": "general"}
        )
        approved = (share / schedule.coinsurance_rate).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        Fee.objects.update_or_create(schedule=schedule, procedure=procedure, defaults={"medicare_approved": approved})
        procedures.append(procedure)
    return procedures

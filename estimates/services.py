"""Cost estimates: the writes that keep fee schedules current.

The pure calculator lives in `estimates.calculator`; its names are re-exported
here for the code that imported them from this module.
"""

import logging
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from estimates.calculator import (  # noqa: F401  (re-exported)
    MAX_PROCEDURES,
    MEDICARE_COVERAGES,
    PART_B_DEDUCTIBLE,
    Alternative,
    Column,
    EstimateLine,
    EstimateResult,
    FeeLine,
    ScheduleTerms,
    columns_for,
    estimate_calculate,
    estimate_compare,
    estimate_frozen_inputs,
    estimate_recalculate,
    format_money,
    money,
)
from estimates.models import Fee, FeeSchedule, Procedure
from portal.choices import BodyRegion

logger = logging.getLogger(__name__)


# Writes -----------------------------------------------------------------------
def _guess(text: str, options: Sequence[str], default: str) -> str:
    lowered = text.lower()
    return next((option for option in options if option in lowered), default)


def schedule_activate(*, schedule: FeeSchedule) -> None:
    """Make `schedule` the one the calculator uses; the others stop being active."""
    with transaction.atomic():
        FeeSchedule.objects.exclude(pk=schedule.pk).filter(is_active=True).update(is_active=False)
        schedule.is_active = True
        schedule.save(update_fields=["is_active"])


@transaction.atomic
def procedures_record_from_article(*, items) -> list[Procedure]:
    """CPT lines from an imported article: create missing procedures and set their fees
    in the active schedule. `items` are (cpt, name, patient_share) with the 20% share."""
    schedule = FeeSchedule.objects.filter(is_active=True).first()
    if schedule is None:
        year = date.today().year
        schedule = FeeSchedule.objects.create(
            name=f"Medicare {year}",
            year=year,
            effective_date=date(year, 1, 1),
            part_b_deductible=PART_B_DEDUCTIBLE.get(year, PART_B_DEDUCTIBLE[2026]),
            source_note="Created by the article importer from the page's Medicare amounts.",
            is_active=True,
        )
    procedures = []
    for cpt, name, share in items:
        procedure, _created = Procedure.objects.get_or_create(
            cpt_code=cpt,
            defaults={
                "official_name": name,
                "plain_name": name,
                "body_region": _guess(name, ["cervical", "thoracic", "lumbar", "sacral"], BodyRegion.GENERAL),
                "approach": _guess(name, ["tubular", "endoscopic", "microscopic", "percutaneous"], ""),
            },
        )
        Fee.objects.update_or_create(
            schedule=schedule,
            procedure=procedure,
            defaults={"medicare_approved": money(Decimal(share) / schedule.coinsurance_rate)},
        )
        procedures.append(procedure)
    return procedures


class FeeImportError(ValueError):
    """Rows that cannot be written; `problems` names every one of them."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(" ".join(problems))


def schedule_import_problems(*, rows) -> list[str]:
    """Every row whose CPT code is new to the portal but has no names (one query)."""
    known = set(
        Procedure.objects.filter(cpt_code__in=[row.cpt_code for row in rows]).values_list("cpt_code", flat=True)
    )
    return [
        _("Line %(line)d: CPT %(code)s is new, so give official_name and plain_name.")
        % {"line": row.line, "code": row.cpt_code}
        for row in rows
        if row.cpt_code not in known and not (row.official_name and row.plain_name)
    ]


def schedule_import_rows(*, schedule: FeeSchedule, rows) -> tuple[int, int]:
    """Write parsed CSV rows into `schedule`, all or nothing. Returns (fees set, procedures created).

    A code new to the portal needs its names in the row; FeeImportError names every row without them.
    A row the database refuses undoes the rows before it and is named in a FeeImportError too."""
    problems = schedule_import_problems(rows=rows)
    if problems:
        raise FeeImportError(problems)
    created = 0
    line = 0
    try:
        with transaction.atomic():
            for row in rows:
                line = row.line
                created += _import_row(schedule=schedule, row=row)
    except DatabaseError:
        logger.exception("Fee import into schedule %s failed at line %s; nothing was written.", schedule.pk, line)
        raise FeeImportError(
            [
                _("Line %(line)d could not be saved, so no fees were imported. Check the line and try again.")
                % {"line": line}
            ]
        ) from None
    return len(rows), created


def _import_row(*, schedule: FeeSchedule, row) -> int:
    """Write one row's procedure and fee; 1 when the procedure is new to the portal."""
    created = 0
    procedure = Procedure.objects.filter(cpt_code=row.cpt_code).first()
    if procedure is None:
        procedure = Procedure.objects.create(
            cpt_code=row.cpt_code,
            official_name=row.official_name,
            plain_name=row.plain_name,
            plain_name_es=row.plain_name_es,
            body_region=row.body_region,
            **row.procedure_fields,
        )
        created = 1
    elif row.procedure_fields:
        for name, value in row.procedure_fields.items():
            setattr(procedure, name, value)
        procedure.save(update_fields=list(row.procedure_fields))
    Fee.objects.update_or_create(
        schedule=schedule,
        procedure=procedure,
        defaults={
            "medicare_approved": row.medicare_approved,
            "self_pay_price": row.self_pay_price,
            **row.fee_fields,
        },
    )
    return created

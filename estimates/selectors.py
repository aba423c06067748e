"""Reads that feed the calculator: the active schedule and its fees, in two queries."""

from collections.abc import Sequence

from django.utils.html import format_html
from django.utils.translation import get_language, gettext

from estimates.models import Fee, FeeSchedule, Procedure
from estimates.services import FeeLine, ScheduleTerms


def active_schedule() -> FeeSchedule | None:
    return FeeSchedule.objects.filter(is_active=True).first()


def schedule_terms(schedule: FeeSchedule) -> ScheduleTerms:
    return ScheduleTerms(
        name=schedule.name,
        year=schedule.year,
        part_b_deductible=schedule.part_b_deductible,
        coinsurance_rate=schedule.coinsurance_rate,
    )


def procedure_choices(schedule: FeeSchedule | None) -> list:
    """The schedule's procedures by plain name, grouped by region, for the form."""
    if schedule is None:
        return []
    groups: dict[str, list] = {}
    fees = schedule.fees.select_related("procedure").order_by("procedure__body_region", "procedure__plain_name")
    language = get_language()
    for fee in fees:
        groups.setdefault(fee.procedure.get_body_region_display(), []).append(
            (fee.procedure.cpt_code, _procedure_label(fee.procedure, language))
        )
    return list(groups.items())


def _procedure_label(procedure: Procedure, language: str) -> str:
    """'Plain name (CPT 12345)'; an English name shown to a Spanish reader says so, with lang="en"."""
    name = procedure.display_name(language)
    if language == "en" or procedure.plain_name_es:
        return f"{name} (CPT {procedure.cpt_code})"
    return format_html(
        '<span lang="en">{}</span> (CPT {}) <span class="badge text-bg-warning">{}</span>',
        name,
        procedure.cpt_code,
        gettext("Available in English only"),
    )


def fee_lines(schedule: FeeSchedule, codes: Sequence[str]) -> list[FeeLine]:
    """Fee lines for `codes`, in the order given."""
    fees = {
        fee.procedure.cpt_code: fee
        for fee in Fee.objects.filter(schedule=schedule, procedure__cpt_code__in=codes).select_related("procedure")
    }
    language = get_language()
    return [
        FeeLine(
            cpt=code,
            name=fees[code].procedure.display_name(language),
            approved=fees[code].medicare_approved,
            self_pay=fees[code].self_pay_price,
        )
        for code in codes
        if code in fees
    ]

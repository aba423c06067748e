"""Reads that feed the calculator: the active schedule and its fees, in two queries."""

from collections.abc import Sequence

from django.utils.html import format_html
from django.utils.translation import get_language, gettext

from estimates.calculator import FeeLine, ScheduleTerms, estimate_recalculate
from estimates.models import Fee, FeeSchedule, Procedure, SavedEstimate
from portal.choices import BodyRegion


def active_schedule() -> FeeSchedule | None:
    return FeeSchedule.objects.filter(is_active=True).first()


def schedule_terms(schedule: FeeSchedule) -> ScheduleTerms:
    return ScheduleTerms(
        name=schedule.name,
        year=schedule.year,
        part_b_deductible=schedule.part_b_deductible,
        coinsurance_rate=schedule.coinsurance_rate,
        part_a_deductible=schedule.part_a_deductible,
        anesthesia_conversion_factor=schedule.anesthesia_conversion_factor,
        ma_moop_limit=schedule.ma_moop_limit,
        facility_amounts_are_demo=schedule.facility_amounts_are_demo,
    )


REGION_ORDER = list(BodyRegion.values)  # head to tail: neck, upper/mid back, lower back, sacrum, whole spine


def _region_rank(region: str) -> int:
    """Head to tail; a region the list does not know (bad data) goes last rather than failing."""
    return REGION_ORDER.index(region) if region in REGION_ORDER else len(REGION_ORDER)


def procedure_choices(schedule: FeeSchedule | None, suggested: Sequence[str] = (), *, planned: bool = False) -> list:
    """The schedule's procedures by plain name, grouped by region from head to tail, for the form.

    Codes in `suggested` (an article's procedures) come first, in a group of their own."""
    if schedule is None:
        return []
    language = get_language()
    fees = sorted(
        schedule.fees.select_related("procedure"),
        key=lambda fee: (_region_rank(fee.procedure.body_region), fee.procedure.display_name(language)),
    )
    suggestions = {code: None for code in suggested}
    groups: dict[str, list] = {}
    for fee in fees:
        choice = (fee.procedure.cpt_code, _procedure_label(fee.procedure, language))
        if fee.procedure.cpt_code in suggestions:
            suggestions[fee.procedure.cpt_code] = choice
        else:
            groups.setdefault(fee.procedure.get_body_region_display(), []).append(choice)
    first = [choice for choice in suggestions.values() if choice]
    label = gettext("Planned for you by your care team") if planned else gettext("Suggested for what you were reading")
    return ([(label, first)] if first else []) + list(groups.items())


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


def fee_line(fee: Fee, language: str) -> FeeLine:
    """One fee as the calculator takes it: the surgeon's, the facility's per setting, and anesthesia's figures."""
    procedure = fee.procedure
    return FeeLine(
        cpt=procedure.cpt_code,
        name=procedure.display_name(language),
        approved=fee.medicare_approved,
        self_pay=fee.self_pay_price,
        add_on=procedure.is_add_on,
        facility=fee.facility_amounts(),
        opps_status=fee.opps_status,
        asc_exempt=fee.asc_exempt,
        anesthesia_base_units=procedure.anesthesia_base_units,
        anesthesia_minutes=procedure.anesthesia_minutes,
        self_pay_reduced=fee.self_pay_reduced,
    )


def fee_lines(schedule: FeeSchedule, codes: Sequence[str]) -> list[FeeLine]:
    """Fee lines for `codes`, in the order given (one query, however many codes)."""
    fees = {
        fee.procedure.cpt_code: fee
        for fee in Fee.objects.filter(schedule=schedule, procedure__cpt_code__in=codes).select_related("procedure")
    }
    language = get_language()
    return [fee_line(fees[code], language) for code in codes if code in fees]


def import_preview(schedule: FeeSchedule, rows) -> list[dict]:
    """What a parsed fee CSV would change, row by row, before anything is written (two queries)."""
    codes = [row.cpt_code for row in rows]
    procedures = {p.cpt_code: p for p in Procedure.objects.filter(cpt_code__in=codes)}
    current = {
        fee.procedure.cpt_code: fee
        for fee in Fee.objects.filter(schedule=schedule, procedure__cpt_code__in=codes).select_related("procedure")
    }
    preview = []
    for row in rows:
        procedure, fee = procedures.get(row.cpt_code), current.get(row.cpt_code)
        preview.append(
            {
                "row": row,
                "name": row.plain_name or (procedure.plain_name if procedure else ""),
                "status": "new_procedure" if procedure is None else ("new_fee" if fee is None else "change"),
                "old_approved": fee.medicare_approved if fee else None,
                "add_on": row.procedure_fields.get("is_add_on", procedure.is_add_on if procedure else False),
                "anesthesia": (
                    row.procedure_fields.get("anesthesia_base_units"),
                    row.procedure_fields.get("anesthesia_minutes"),
                ),
            }
        )
    return preview


def saved_estimate_result(saved: SavedEstimate):
    """A saved estimate, worded again in the reader's language (procedure names too): one query."""
    codes = [fee["cpt"] for fee in saved.inputs.get("fees", saved.result.get("lines", []))]
    language = get_language()
    names = {p.cpt_code: p.display_name(language) for p in Procedure.objects.filter(cpt_code__in=codes)}
    return estimate_recalculate(
        inputs=saved.inputs,
        coverage=saved.coverage,
        stored_result=saved.result,
        terms=schedule_terms(saved.fee_schedule),
        names=names,
    )

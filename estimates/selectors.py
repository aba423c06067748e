"""Reads that feed the calculator. The active schedule and its fees come from one cached snapshot
(estimates.snapshot); the form's procedure list is worked out from it."""

from collections.abc import Sequence

from django.utils.html import format_html
from django.utils.translation import get_language, gettext

from estimates.calculator import ScheduledProcedure, ScheduleSnapshot, estimate_recalculate
from estimates.models import Fee, FeeSchedule, Procedure, SavedEstimate
from estimates.snapshot import schedule_snapshot, schedule_terms  # noqa: F401 (the views read them from here)
from portal.choices import BodyRegion

REGION_ORDER = list(BodyRegion.values)  # head to tail: neck, upper/mid back, lower back, sacrum, whole spine


def _region_rank(region: str) -> int:
    """Head to tail; a region the list does not know (bad data) goes last rather than failing."""
    return REGION_ORDER.index(region) if region in REGION_ORDER else len(REGION_ORDER)


# The choices worked out from the snapshot this process serves, by (language, suggested, planned): the same
# for every estimate until the snapshot changes (a new one is a new object, and empties this).
_choices_made: dict = {"snapshot": None, "choices": {}}
CHOICES_KEPT = 64  # kinds of request (languages × article suggestions), then it starts again


def procedure_choices(
    snapshot: ScheduleSnapshot | None, suggested: Sequence[str] = (), *, planned: bool = False
) -> list:
    """The schedule's procedures by plain name, grouped by region from head to tail, for the form.

    Codes in `suggested` (an article's procedures) come first, in a group of their own. No query: the
    snapshot holds them. Worked out once per snapshot and kind of request (the form copies the list)."""
    if snapshot is None:
        return []
    language = get_language()
    if _choices_made["snapshot"] is not snapshot or len(_choices_made["choices"]) >= CHOICES_KEPT:
        _choices_made["snapshot"], _choices_made["choices"] = snapshot, {}
    key = (language, tuple(suggested), planned)
    choices = _choices_made["choices"].get(key)
    if choices is None:
        choices = _choices_made["choices"][key] = _procedure_choices(snapshot, suggested, planned, language)
    return choices


def _procedure_choices(snapshot: ScheduleSnapshot, suggested: Sequence[str], planned: bool, language: str) -> list:
    procedures = sorted(
        snapshot.procedures,
        key=lambda procedure: (_region_rank(procedure.body_region), procedure.display_name(language)),
    )
    suggestions = {code: None for code in suggested}
    by_region: dict[str, list] = {}
    for procedure in procedures:
        choice = (procedure.cpt, _procedure_label(procedure, language))
        if procedure.cpt in suggestions:
            suggestions[procedure.cpt] = choice
        else:
            by_region.setdefault(procedure.body_region, []).append(choice)
    first = [choice for choice in suggestions.values() if choice]
    label = gettext("Planned for you by your care team") if planned else gettext("Suggested for what you were reading")
    # Each region's name translated once, not once per procedure (this runs on every estimate).
    return ([(label, first)] if first else []) + [
        (_region_label(region), choices) for region, choices in by_region.items()
    ]


def _region_label(region: str) -> str:
    """The region's name as the model's choices give it (the code itself for a region the list does not know)."""
    return str(BodyRegion(region).label) if region in REGION_ORDER else region


def _procedure_label(procedure: ScheduledProcedure, language: str) -> str:
    """'Plain name (CPT 12345)'; an English name shown to a Spanish reader says so, with lang="en"."""
    name = procedure.display_name(language)
    if language == "en" or procedure.name_es:
        return f"{name} (CPT {procedure.cpt})"
    return format_html(
        '<span lang="en">{}</span> (CPT {}) <span class="badge text-bg-warning">{}</span>',
        name,
        procedure.cpt,
        gettext("Available in English only"),
    )


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

"""Reads of outcome questionnaires, each filtered by the patient (or, for staff, summarised)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import F, QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from care.models import CareTeamPatient, PatientPathway
from care.selectors import scope_to_patients
from outcomes import services
from outcomes.models import TIME_POINT_SHORT, Response, ScheduledInstrument


@dataclass
class DueQuestionnaire:
    scheduled: ScheduledInstrument
    pathway_id: int
    opens: date
    closes: date
    response: Response | None

    @property
    def started(self) -> bool:
        return self.response is not None


def schedule_for(*, patient) -> list[ScheduledInstrument]:
    """Every scheduled questionnaire of the patient's pathways, each with `surgery_date` and `patient_pathway_id`."""
    return list(_schedule_of(patient))


def _schedule_of(patient) -> QuerySet:
    return (
        ScheduledInstrument.objects.filter(template__patients__patient=patient)
        .annotate(surgery_date=F("template__patients__surgery_date"), patient_pathway_id=F("template__patients__pk"))
        .select_related("instrument")
        .order_by("template__patients__surgery_date", "days_from_surgery", "instrument__code")
    )


def window_of(scheduled, surgery_date: date) -> tuple[date, date]:
    """The first and last day a scheduled questionnaire can be answered."""
    centre = surgery_date + timedelta(days=scheduled.days_from_surgery)
    return centre - timedelta(days=scheduled.days_before), centre + timedelta(days=scheduled.days_after)


def questionnaires_due(patient, today: date) -> list[DueQuestionnaire]:
    """The questionnaires the patient can answer today and has not sent, soonest closing first. Two queries."""
    open_now = _open_on(schedule_for(patient=patient), today)
    if not open_now:
        return []
    responses = Response.objects.filter(
        patient=patient, pathway_id__in={scheduled.patient_pathway_id for scheduled, _, _ in open_now}
    )
    return _not_sent(open_now, responses)


def questionnaires_due_reads(patient) -> tuple[QuerySet, QuerySet]:
    """The reads `questionnaires_due_from` needs, not yet made (My page reads them with its own)."""
    return _schedule_of(patient), Response.objects.filter(patient=patient)


def questionnaires_due_from(*, schedule, responses, today: date) -> list[DueQuestionnaire]:
    """`questionnaires_due` from `questionnaires_due_reads`: the patient's schedule and all their responses."""
    return _not_sent(_open_on(schedule, today), responses)


def _open_on(schedule, today: date) -> list[tuple]:
    open_now = []
    for scheduled in schedule:
        opens, closes = window_of(scheduled, scheduled.surgery_date)
        if opens <= today <= closes:
            open_now.append((scheduled, opens, closes))
    return open_now


def _not_sent(open_now: list[tuple], responses) -> list[DueQuestionnaire]:
    if not open_now:
        return []
    by_key = {(response.pathway_id, response.instrument_id, response.time_point): response for response in responses}
    due = []
    for scheduled, opens, closes in open_now:
        response = by_key.get((scheduled.patient_pathway_id, scheduled.instrument_id, scheduled.time_point))
        if response is not None and response.status == Response.Status.SENT:
            continue
        due.append(DueQuestionnaire(scheduled, scheduled.patient_pathway_id, opens, closes, response))
    return sorted(due, key=lambda d: (d.closes, d.scheduled.instrument.code))


@dataclass
class ScoreSeries:
    instrument: object
    rows: list  # sent responses in time order, each with `score`
    points: list
    ticks: list
    change: object  # Decimal | None: latest − pre-op
    sentence: str


TIME_ORDER = {value: index for index, value in enumerate(["pre_op", "6w", "3m", "6m", "12m", "24m"])}


def scores_for(*, patient, language: str) -> list[ScoreSeries]:
    """The patient's sent scores per questionnaire, with the chart geometry and a plain sentence. One query."""
    responses = (
        Response.objects.filter(patient=patient, status=Response.Status.SENT)
        .select_related("instrument")
        .order_by("instrument__code", "answered_on", "pk")
    )
    by_instrument: dict = {}
    for response in responses:
        by_instrument.setdefault(response.instrument_id, []).append(response)
    series = []
    for rows in by_instrument.values():
        instrument = rows[0].instrument
        rows.sort(key=lambda r: (TIME_ORDER.get(r.time_point, 99), r.answered_on))
        scored = [r for r in rows if r.score is not None]
        points = services.chart_points(
            [(str(TIME_POINT_SHORT.get(r.time_point, r.get_time_point_display())), r.score) for r in scored],
            lowest=instrument.score_min,
            highest=instrument.score_max,
        )
        before = next((r.score for r in scored if r.time_point == "pre_op"), None)
        latest = scored[-1] if scored else None
        change = latest.score - before if before is not None and latest and latest.time_point != "pre_op" else None
        series.append(
            ScoreSeries(
                instrument=instrument,
                rows=rows,
                points=points,
                ticks=services.chart_ticks(lowest=instrument.score_min, highest=instrument.score_max),
                change=change,
                sentence=change_sentence(instrument.short_name_in(language), change, has_before=before is not None),
            )
        )
    return series


def change_sentence(name: str, change, *, has_before: bool) -> str:
    """'Your leg pain is 5 points lower than before surgery.' in the reader's language."""
    if not has_before:
        return _("Your %(name)s has no score from before surgery to compare with.") % {"name": name}
    if change is None:
        return _("Your score from before surgery is saved. After surgery we will show the change.")
    if change == 0:
        return capfirst(_("Your %(name)s is the same as before surgery.") % {"name": name})
    points = abs(change).normalize()
    number = f"{points:f}"
    plural = 1 if points == 1 else 2
    if change < 0:
        text = ngettext(
            "Your %(name)s is %(points)s point lower than before surgery.",
            "Your %(name)s is %(points)s points lower than before surgery.",
            plural,
        )
    else:
        text = ngettext(
            "Your %(name)s is %(points)s point higher than before surgery.",
            "Your %(name)s is %(points)s points higher than before surgery.",
            plural,
        )
    return capfirst(text % {"name": name, "points": number})


@dataclass
class SummaryRow:
    instrument: object
    time_point: str
    time_point_label: str
    eligible: int  # patients whose window has opened
    answered: int
    median_change: object  # Decimal | None: median of (score − pre-op score)
    reached_mcid: int
    compared: int  # patients with a pre-op and this score

    @property
    def completion_percent(self) -> int | None:
        return round(100 * self.answered / self.eligible) if self.eligible else None

    @property
    def mcid_percent(self) -> int | None:
        return round(100 * self.reached_mcid / self.compared) if self.compared else None


def outcomes_summary(*, viewer, today: date, surgeon_id: int | None = None, cpt_code: str = "") -> list[SummaryRow]:
    """Per questionnaire and time point: who answered, completion, median change from pre-op, share reaching
    the important change. For one surgeon's patients and/or one procedure. Only the patients `viewer` may
    see are counted (their care teams', everyone's for a superuser). Three queries, whatever the count."""
    pathways = scope_to_patients(PatientPathway.objects.all(), viewer)
    if surgeon_id:
        surgeons_patients = CareTeamPatient.objects.filter(team__surgeon_id=surgeon_id).values("patient")
        pathways = pathways.filter(patient__in=surgeons_patients)
    if cpt_code:
        pathways = pathways.filter(procedure_link__procedure__cpt_code=cpt_code)
    cohort = {row["pk"]: row for row in pathways.values("pk", "template_id", "surgery_date")}
    if not cohort:
        return []
    schedule = list(
        ScheduledInstrument.objects.filter(template_id__in={row["template_id"] for row in cohort.values()})
        .select_related("instrument")
        .order_by("instrument__code", "days_from_surgery")
    )
    scores: dict[tuple, object] = {}
    answered: dict[tuple, set] = {}
    for row in Response.objects.filter(pathway_id__in=list(cohort), status=Response.Status.SENT).values(
        "pathway_id", "instrument_id", "time_point", "score", "score_exact"
    ):
        answered.setdefault((row["instrument_id"], row["time_point"]), set()).add(row["pathway_id"])
        # Important change from the unrounded score; answers sent before it was kept have only the rounded one.
        exact = row["score_exact"] if row["score_exact"] is not None else row["score"]
        if exact is not None:
            scores[(row["pathway_id"], row["instrument_id"], row["time_point"])] = exact
    labels = dict(Response._meta.get_field("time_point").choices)
    rows: dict[tuple, SummaryRow] = {}
    for scheduled in schedule:
        key = (scheduled.instrument_id, scheduled.time_point)
        instrument = scheduled.instrument
        row = rows.setdefault(
            key, SummaryRow(instrument, scheduled.time_point, labels.get(scheduled.time_point, ""), 0, 0, None, 0, 0)
        )
        changes = []
        for pathway_id, pathway in cohort.items():
            if pathway["template_id"] != scheduled.template_id:
                continue
            opens, _closes = window_of(scheduled, pathway["surgery_date"])
            if opens <= today:
                row.eligible += 1
            before = scores.get((pathway_id, instrument.pk, "pre_op"))
            after = scores.get((pathway_id, instrument.pk, scheduled.time_point))
            if scheduled.time_point != "pre_op" and before is not None and after is not None:
                changes.append(after - before)
                row.compared += 1
                row.reached_mcid += services.reaches_mcid(
                    before=before,
                    after=after,
                    higher_is_better=instrument.higher_is_better,
                    absolute=instrument.mcid_absolute,
                    percent=instrument.mcid_percent,
                    baseline=instrument.mcid_baseline,
                )
        row.answered = len(answered.get(key, ()))
        row.median_change = services.median_or_none(changes)
    return sorted(rows.values(), key=lambda r: (r.instrument.code, TIME_ORDER.get(r.time_point, 99)))

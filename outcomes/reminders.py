"""Questionnaire reminders: one email when a questionnaire of the patient's pathway opens, through
the care app's reminder machinery (the same hour, quiet hours, switch and plain email: it says only
that there is a new step in the portal, with a link). Each is a row of the reminder outbox
(`portal.outbox`), claimed once: at most one per questionnaire and pathway, even if the surgery moves."""

from datetime import date, datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

from care import reminders as care_reminders
from care.models import PatientPathway
from outcomes.models import Response, ScheduledInstrument
from outcomes.selectors import window_of
from portal.outbox.models import Reminder
from portal.outbox.services import reminder_claim

PURPOSE = Reminder.Purpose.QUESTIONNAIRE_OPEN


def subject_of(pathway_id: int, scheduled_id: int) -> str:
    return f"pathway:{pathway_id}:scheduledinstrument:{scheduled_id}"


def questionnaire_reminders_schedule(*, pathway: PatientPathway) -> int:
    """Queue a reminder for the day each questionnaire of `pathway` opens (or now, if it is open)."""
    today, queued = timezone.localdate(), 0
    for scheduled in ScheduledInstrument.objects.filter(template_id=pathway.template_id):
        opens, closes = window_of(scheduled, pathway.surgery_date)
        if closes < today:
            continue
        at = care_reminders.reminder_time(max(opens, today))
        args = (pathway.pk, scheduled.pk, opens.isoformat())
        queued += care_reminders.enqueue_at(send_questionnaire_reminder, args, at)
    return queued


def questionnaire_reminder_send(
    *, pathway_id: int, scheduled_id: int, opens: date, now: datetime | None = None
) -> bool:
    """Send one reminder if it is still wanted; returns True when an email went out.

    Not sent: a pathway or questionnaire that is gone, a surgery date that moved (the move queued
    new reminders), a window that closed, answers already sent, a patient who switched reminders
    off, or one already sent. In the quiet hours it is queued again for their end.
    """
    now = now or timezone.now()
    pathway = PatientPathway.objects.select_related("patient").filter(pk=pathway_id).first()
    scheduled = ScheduledInstrument.objects.filter(pk=scheduled_id).first()
    if pathway is None or scheduled is None:
        return False
    window = window_of(scheduled, pathway.surgery_date)
    if window[0] != opens or window[1] < timezone.localdate(now):  # the surgery moved, or it closed
        return False
    answered = Response.objects.filter(
        pathway=pathway, instrument_id=scheduled.instrument_id, time_point=scheduled.time_point,
        status=Response.Status.SENT,
    ).exists()  # fmt: skip
    patient = pathway.patient
    if answered or not patient.is_active or not care_reminders.wants_reminders(patient):
        return False
    if care_reminders.in_quiet_hours(now):
        care_reminders.enqueue_at(
            send_questionnaire_reminder, (pathway_id, scheduled_id, opens.isoformat()), care_reminders.next_allowed(now)
        )
        return False
    with transaction.atomic():
        # Claim it first: of two workers (or two queued copies), only one sends.
        due_at = care_reminders.reminder_time(opens)
        subject = subject_of(pathway_id, scheduled_id)
        if not reminder_claim(purpose=PURPOSE, recipient_id=patient.pk, subject=subject, due_at=due_at, now=now):
            return False
        import_string(settings.CARE_REMINDER_SENDER)(patient=patient, link=settings.PORTAL_BASE_URL.rstrip("/"))
    return True


# The task sits beside the code it runs, so no module loop (reminders <-> tasks) is needed. Rows queued
# before issue 25 name `portal.outcomes.tasks.send_questionnaire_reminder`: an alias there keeps them running.
@task()
def send_questionnaire_reminder(pathway_id: int, scheduled_id: int, opens: str) -> bool:
    return questionnaire_reminder_send(
        pathway_id=pathway_id, scheduled_id=scheduled_id, opens=date.fromisoformat(opens)
    )

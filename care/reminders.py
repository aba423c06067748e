"""Step reminders: one email when a step is due and one when it is overdue, never in the quiet
hours, never twice, only to patients who want them. The email says only that there is a new
step in the portal, with a link: no health details leave the portal.

Each reminder is a row of the outbox (`portal.outbox`), claimed once just before it is sent; when
and how tasks are queued is the outbox's too.
"""

import logging
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tasks import task

from care import caregivers
from care.models import OVERDUE_AFTER_DAYS, CarePreference, PatientStep
from portal.outbox.models import Reminder
from portal.outbox.services import enqueue_at, in_quiet_hours, next_allowed, reminder_claim, reminder_time

__all__ = ["enqueue_at", "in_quiet_hours", "next_allowed", "reminder_time", "reminders_schedule", "reminder_send"]

logger = logging.getLogger(__name__)

DUE, OVERDUE = "due", "overdue"
PURPOSE = {DUE: Reminder.Purpose.STEP_DUE, OVERDUE: Reminder.Purpose.STEP_OVERDUE}


def subject_of(patient_step_id: int) -> str:
    return f"patientstep:{patient_step_id}"


def reminder_day(patient_step: PatientStep, kind: str) -> date:
    return patient_step.due_date + timedelta(days=OVERDUE_AFTER_DAYS + 1 if kind == OVERDUE else 0)


def reminders_schedule(*, patient_steps) -> int:
    """Queue the due and overdue reminders of these steps (after the current transaction
    commits, so the worker sees the steps). Returns how many were queued."""
    patient_steps = [patient_step for patient_step in patient_steps if not patient_step.done_at]
    sent = set(
        Reminder.objects.filter(
            purpose__in=PURPOSE.values(),
            subject__in=[subject_of(patient_step.pk) for patient_step in patient_steps],
            claimed_at__isnull=False,
        ).values_list("purpose", "subject")
    )  # one query for all of them: a reminder already sent is not queued again, even after a move
    queued = 0
    for patient_step in patient_steps:
        for kind in (DUE, OVERDUE):
            if (PURPOSE[kind], subject_of(patient_step.pk)) not in sent:
                at = reminder_time(reminder_day(patient_step, kind))
                queued += _enqueue(patient_step.pk, kind, patient_step.due_date, at)
    return queued


def _enqueue(patient_step_id: int, kind: str, due_date: date, at: datetime) -> bool:
    return enqueue_at(send_step_reminder, (patient_step_id, kind, due_date.isoformat()), at)


def reminder_send(*, patient_step_id: int, kind: str, due_date: date, now: datetime | None = None) -> bool:
    """Send one reminder if it is still wanted; returns True when an email went out.

    Not sent: a step that is gone, done or moved to another date (the move queued new
    reminders), a patient who switched reminders off, or one already sent. In the quiet
    hours it is queued again for their end.
    """
    now = now or timezone.now()
    patient_step = PatientStep.objects.select_related("pathway__patient").filter(pk=patient_step_id).first()
    if patient_step is None or patient_step.done_at or patient_step.due_date != due_date:
        return False
    patient = patient_step.pathway.patient
    if not patient.is_active or not wants_reminders(patient):
        return False
    if in_quiet_hours(now):
        _enqueue(patient_step_id, kind, due_date, next_allowed(now))
        return False
    with transaction.atomic():
        # Claim it first: of two workers (or two queued copies), only one sends.
        due_at = reminder_time(reminder_day(patient_step, kind))
        if not reminder_claim(
            purpose=PURPOSE[kind], recipient_id=patient.pk, subject=subject_of(patient_step_id), due_at=due_at, now=now
        ):
            return False
        import_string(settings.CARE_REMINDER_SENDER)(patient=patient, link=settings.PORTAL_BASE_URL.rstrip("/"))
        # The caregivers the patient asked to be reminded too (issue 32): the same few words.
        for caregiver in caregivers.caregivers_to_remind(patient):
            caregivers.caregiver_reminder_email(caregiver=caregiver, patient=patient)
    return True


def wants_reminders(patient) -> bool:
    preference = CarePreference.objects.filter(patient=patient).first()
    return preference is None or preference.email_reminders


def send_email(*, patient, link: str) -> None:
    """The email: no step name, no health detail; in the patient's language."""
    with translation.override(patient.preferred_language or settings.LANGUAGE_CODE):
        url = link + reverse("care:my_page")
        send_mail(
            subject=_("You have a new step in your portal"),
            message=_("You have a new step in your portal: %(url)s") % {"url": url}
            + "\n\n"
            + _("To stop these emails, switch reminders off on your page in the portal."),
            from_email=None,
            recipient_list=[patient.email],
        )


# The task sits beside the code it runs, so no module loop (reminders <-> tasks) is needed.
# Rows queued before issue 25 name `portal.care.tasks.send_step_reminder`: an alias there keeps them running.
@task()
def send_step_reminder(patient_step_id: int, kind: str, due_date: str) -> bool:
    return reminder_send(patient_step_id=patient_step_id, kind=kind, due_date=date.fromisoformat(due_date))

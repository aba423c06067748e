"""Writing to the reminder outbox, and when reminders may go out (the clinic's hour and quiet hours).

Scheduling uses django-tasks' `run_after`: the database backend (production, `db_worker`) holds the
task until then. A backend that cannot wait (the immediate backend of development) is only given
reminders that are already due.
"""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from portal.outbox.models import Reminder


def in_quiet_hours(moment: datetime) -> bool:
    start, end = settings.CARE_QUIET_HOURS
    hour = timezone.localtime(moment).hour
    return (hour >= start or hour < end) if start > end else start <= hour < end


def next_allowed(moment: datetime) -> datetime:
    """`moment`, or the end of the quiet hours it falls in."""
    if not in_quiet_hours(moment):
        return moment
    local = timezone.localtime(moment)
    end = local.replace(hour=settings.CARE_QUIET_HOURS[1], minute=0, second=0, microsecond=0)
    return end if end > local else end + timedelta(days=1)


def reminder_time(day: date) -> datetime:
    """The clinic's reminder hour on `day`, moved out of the quiet hours."""
    hour = time(hour=settings.CARE_REMINDER_HOUR)
    return next_allowed(timezone.make_aware(datetime.combine(day, hour)))


def enqueue_at(reminder_task, args: tuple, at: datetime) -> bool:
    """Queue `reminder_task(*args)` for `at`, once the current transaction commits. A backend that
    cannot wait (development's immediate one) gets only what is due now; returns whether it was queued."""
    if at <= timezone.now():
        transaction.on_commit(lambda: reminder_task.enqueue(*args))
    elif reminder_task.get_backend().supports_defer:
        transaction.on_commit(lambda: reminder_task.using(run_after=at).enqueue(*args))
    else:
        return False
    return True


def reminder_sent(*, purpose: str, recipient_id: int, subject: str) -> bool:
    """Whether a reminder for this purpose and subject already went to this recipient (at any due time)."""
    return Reminder.objects.filter(
        purpose=purpose, recipient_id=recipient_id, subject=subject, claimed_at__isnull=False
    ).exists()


def reminder_claim(*, purpose: str, recipient_id: int, subject: str, due_at: datetime, now: datetime) -> bool:
    """Claim the reminder just before sending it; True for exactly one caller.

    The row is made if it is missing, then claimed by one UPDATE that succeeds only while neither it
    nor another reminder of the same purpose and subject was sent: a moved date never sends twice.
    Call inside the transaction that sends, so a failed send releases the claim.
    """
    Reminder.objects.get_or_create(purpose=purpose, recipient_id=recipient_id, subject=subject, due_at=due_at)
    already = Reminder.objects.filter(
        purpose=OuterRef("purpose"), recipient=OuterRef("recipient"), subject=OuterRef("subject"),
        claimed_at__isnull=False,
    )  # fmt: skip
    claimed = (
        Reminder.objects.filter(
            purpose=purpose, recipient_id=recipient_id, subject=subject, due_at=due_at, claimed_at__isnull=True
        )
        .exclude(Exists(already))
        .update(claimed_at=now)
    )
    return claimed == 1

"""The weekly summary email to editors and medical reviewers: the three worst-understood teach-back
questions and the top unanswered searches of the last 7 days. At most once per person per week
through the reminder outbox (purpose "weekly summary", subject the ISO week), so running the
command twice, or on two machines, sends once. Switched off per person (SummaryPreference)."""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from insights import selectors
from insights.models import SummaryPreference
from portal.outbox.models import Reminder
from portal.outbox.services import reminder_claim

PURPOSE = Reminder.Purpose.WEEKLY_SUMMARY


def week_subject(moment: datetime) -> str:
    year, week, _ = timezone.localtime(moment).isocalendar()
    return f"week:{year}-W{week:02d}"


def summary_recipients():
    """Active staff who may see the content insights (editors, medical reviewers) and did not switch it off."""
    permission = Permission.objects.filter(content_type__app_label="insights", codename="view_content_insights")
    opted_out = SummaryPreference.objects.filter(weekly_summary=False).values("user_id")
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(Q(groups__permissions__in=permission) | Q(user_permissions__in=permission))
        .exclude(pk__in=opted_out)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def weekly_summary_send(*, now: datetime | None = None) -> int:
    """Send this week's summary to everyone who should get it and has not; returns how many were sent."""
    now = now or timezone.now()
    start = now - timedelta(days=7)
    questions = [row for row in selectors.teach_back_rows(start=start, end=now) if row.rate is not None][:3]
    searches = selectors.unanswered_searches(start=start, end=now, limit=5)
    subject = week_subject(now)
    local = timezone.localtime(now)
    week_start = (local - timedelta(days=local.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)
    link = settings.PORTAL_BASE_URL.rstrip("/") + reverse("admin:insights_overview")
    sent = 0
    for user in summary_recipients():
        with transaction.atomic():
            if not reminder_claim(purpose=PURPOSE, recipient_id=user.pk, subject=subject, due_at=week_start, now=now):
                continue
            with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
                context = {
                    "questions": questions,
                    "searches": searches,
                    "link": link,
                    "base": settings.PORTAL_BASE_URL.rstrip("/"),
                }
                send_mail(
                    subject=render_to_string("insights/weekly_summary_subject.txt", context).strip(),
                    message=render_to_string("insights/weekly_summary_email.txt", context),
                    from_email=None,
                    recipient_list=[user.email],
                )
        sent += 1
    return sent

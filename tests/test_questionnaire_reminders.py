"""Questionnaire reminders: one email when a questionnaire of the patient's pathway opens, through
the care app's reminders (plain wording, once, never in the quiet hours, only if wanted)."""

from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from care import services as care_services
from care.models import CarePreference
from outcomes import reminders
from outcomes.models import Response, ScheduledInstrument
from outcomes.selectors import window_of
from outcomes.services import schedule_standard
from portal.outbox.models import Reminder
from tests.factories import PathwayTemplateFactory
from tests.outcome_helpers import load_shipped


@pytest.fixture
def no_quiet_hours(settings):
    settings.CARE_QUIET_HOURS = (0, 0)
    # Reminders go out at midnight, so "due today" is due now at any hour the suite runs.
    settings.CARE_REMINDER_HOUR = 0


@pytest.fixture
def template(db):
    template = PathwayTemplateFactory(status="published")
    schedule_standard(template=template, instruments=[i for i in load_shipped() if i.code == "nrs-leg"])
    return template


def enrol(patient, template, surgery_in_days, capture):
    with capture(execute=True):
        return care_services.pathway_enrol(
            patient=patient, template=template, surgery_date=timezone.localdate() + timedelta(days=surgery_in_days)
        )


def pre_op(template):
    return ScheduledInstrument.objects.get(template=template, time_point="pre_op")


def test_an_open_questionnaire_sends_one_plain_email_when_the_patient_is_put_on_the_pathway(
    patient, template, no_quiet_hours, django_capture_on_commit_callbacks
):
    pathway = enrol(patient, template, surgery_in_days=10, capture=django_capture_on_commit_callbacks)  # pre-op open
    [email] = mail.outbox
    assert email.to == [patient.email]
    assert email.subject == "You have a new step in your portal"
    assert "pain" not in email.body.lower()  # nothing about health leaves the portal
    [sent] = Reminder.objects.filter(purpose="questionnaire_open", claimed_at__isnull=False)
    assert sent.subject == f"pathway:{pathway.pk}:scheduledinstrument:{pre_op(template).pk}"
    # A second copy of the task (two workers, or a retry) sends nothing.
    scheduled = pre_op(template)
    opens = window_of(scheduled, pathway.surgery_date)[0]
    assert not reminders.questionnaire_reminder_send(pathway_id=pathway.pk, scheduled_id=scheduled.pk, opens=opens)
    assert len(mail.outbox) == 1


def test_a_questionnaire_that_opens_later_waits_for_its_day(patient, template, no_quiet_hours, settings):
    """The development backend cannot wait, so nothing is sent now; a worker backend would hold it."""
    pathway = care_services.pathway_enrol(
        patient=patient, template=template, surgery_date=timezone.localdate() + timedelta(days=60)
    )
    assert reminders.questionnaire_reminders_schedule(pathway=pathway) == 0
    assert mail.outbox == []


def test_no_reminder_once_answered_moved_off_or_switched_off(patient, template, no_quiet_hours):
    pathway = care_services.pathway_enrol(
        patient=patient, template=template, surgery_date=timezone.localdate() + timedelta(days=10)
    )
    scheduled = pre_op(template)
    opens = window_of(scheduled, pathway.surgery_date)[0]
    send = lambda **kw: reminders.questionnaire_reminder_send(pathway_id=pathway.pk, scheduled_id=scheduled.pk, **kw)  # noqa: E731
    assert not send(opens=opens - timedelta(days=1))  # queued for a surgery date that has since moved
    CarePreference.objects.create(patient=patient, email_reminders=False)
    assert not send(opens=opens)
    CarePreference.objects.filter(patient=patient).update(email_reminders=True)
    Response.objects.create(
        patient=patient, pathway=pathway, instrument=scheduled.instrument, time_point="pre_op", status="sent"
    )
    assert not send(opens=opens)
    assert mail.outbox == []
    assert not Reminder.objects.filter(claimed_at__isnull=False).exists()


def test_in_the_quiet_hours_it_waits_for_morning(patient, template, settings):
    settings.CARE_QUIET_HOURS = (21, 8)
    pathway = care_services.pathway_enrol(
        patient=patient, template=template, surgery_date=timezone.localdate() + timedelta(days=10)
    )
    scheduled = pre_op(template)
    night = timezone.make_aware(datetime.combine(timezone.localdate(), datetime.min.time())) + timedelta(hours=23)
    opens = window_of(scheduled, pathway.surgery_date)[0]
    assert not reminders.questionnaire_reminder_send(
        pathway_id=pathway.pk, scheduled_id=scheduled.pk, opens=opens, now=night
    )
    assert mail.outbox == []

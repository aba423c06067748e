"""Access ends 12 months after acceptance unless renewed; the patient is reminded a month before,
once, through the reminder outbox. Step reminders go to the caregiver too when the patient chose it."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from care import caregivers, reminders, services
from care.models import CaregiverGrant
from portal.outbox.models import Reminder
from tests.caregiver_helpers import grant_for
from tests.factories import PathwayStepFactory


@pytest.fixture
def no_quiet_hours(settings):
    settings.CARE_QUIET_HOURS = (0, 0)
    settings.CARE_REMINDER_HOUR = 0


def test_access_lasts_twelve_months_and_the_reminder_is_a_month_before(patient):
    grant = grant_for(patient)
    assert grant.expires_at - grant.accepted_at == timedelta(days=365)
    assert caregivers.reminder_day(grant.expires_at) == timezone.localdate(grant.expires_at) - timedelta(days=30)
    assert grant.is_active()
    assert not grant.is_active(now=grant.expires_at)
    assert not CaregiverGrant.objects.active(now=grant.expires_at + timedelta(seconds=1)).exists()


def test_the_reminder_is_queued_when_access_starts(patient, django_capture_on_commit_callbacks, monkeypatch):
    queued = []
    monkeypatch.setattr(caregivers, "enqueue_at", lambda task, args, at: queued.append((task, args, at)) or True)
    grant = grant_for(patient)
    [(task, args, at)] = queued
    assert task is caregivers.send_grant_expiry_reminder
    assert args == (grant.pk, grant.expires_at.isoformat())
    assert timezone.localdate(at) == timezone.localdate(grant.expires_at) - timedelta(days=30)


def test_the_patient_is_reminded_once_with_a_link_to_renew(patient, no_quiet_hours):
    grant = grant_for(patient)
    month_before = grant.expires_at - timedelta(days=30)
    assert caregivers.expiry_reminder_send(grant_id=grant.pk, expires_at=grant.expires_at, now=month_before)
    assert not caregivers.expiry_reminder_send(grant_id=grant.pk, expires_at=grant.expires_at, now=month_before)
    [email] = mail.outbox
    assert email.to == [patient.email]
    assert "ends in a month" in email.subject
    assert "/me/sharing/" in email.body
    assert "Renew" in email.body
    assert Reminder.objects.get().purpose == Reminder.Purpose.CAREGIVER_GRANT_EXPIRING


def test_no_reminder_after_a_renewal_or_a_revoke(patient, no_quiet_hours):
    grant = grant_for(patient)
    old_end = grant.expires_at
    caregivers.grant_renew(grant=grant, now=timezone.now() + timedelta(days=1))
    assert not caregivers.expiry_reminder_send(grant_id=grant.pk, expires_at=old_end, now=old_end - timedelta(days=30))
    caregivers.grant_revoke(grant=grant, by=patient)
    assert not caregivers.expiry_reminder_send(
        grant_id=grant.pk, expires_at=grant.expires_at, now=grant.expires_at - timedelta(days=30)
    )
    assert mail.outbox == []


def test_step_reminders_go_to_the_caregiver_when_the_patient_chose_it(
    patient, no_quiet_hours, django_capture_on_commit_callbacks
):
    wanted = grant_for(patient, send_reminders_to_caregiver=True)
    grant_for(patient, send_reminders_to_caregiver=False)
    step = PathwayStepFactory(days_from_surgery=-7, title="Stop blood thinners")
    with django_capture_on_commit_callbacks(execute=True):
        services.pathway_enrol(
            patient=patient, template=step.template, surgery_date=timezone.localdate() + timedelta(days=7)
        )
    recipients = sorted(address for email in mail.outbox for address in email.to)
    assert recipients == sorted([patient.email, wanted.caregiver.email])
    to_caregiver = next(email for email in mail.outbox if email.to == [wanted.caregiver.email])
    assert "blood" not in to_caregiver.body.lower()
    assert reminders.caregivers.caregivers_to_remind(patient) == [wanted.caregiver]

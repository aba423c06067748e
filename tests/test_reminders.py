"""Step reminders: due and overdue emails through django-tasks, once per step, never in the
quiet hours, only to patients who want them, saying nothing but 'a new step' and a link."""

from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from care import reminders, services
from care.models import CarePreference
from tests.factories import PathwayStepFactory


@pytest.fixture
def no_quiet_hours(settings):
    settings.CARE_QUIET_HOURS = (0, 0)
    # Reminders go out at midnight, so "due today" is due now at any hour the suite runs.
    settings.CARE_REMINDER_HOUR = 0


@pytest.fixture
def enrol(django_capture_on_commit_callbacks):
    """Put `patient` on a one-step pathway; reminders are queued as the enrolment commits."""

    def enrol(patient, days_from_surgery, surgery_in_days):
        step = PathwayStepFactory(days_from_surgery=days_from_surgery, title="Stop blood thinners")
        surgery = timezone.localdate() + timedelta(days=surgery_in_days)
        with django_capture_on_commit_callbacks(execute=True):
            pathway = services.pathway_enrol(patient=patient, template=step.template, surgery_date=surgery)
        return pathway.steps.get()

    return enrol


def test_the_email_says_only_that_there_is_a_new_step_with_a_link(patient, no_quiet_hours, enrol):
    enrol(patient, days_from_surgery=-7, surgery_in_days=7)  # due today: the immediate backend sends it
    [email] = mail.outbox
    assert email.to == [patient.email]
    assert email.subject == "You have a new step in your portal"
    assert "http://127.0.0.1:8000/me/" in email.body
    assert "blood" not in email.body.lower()
    assert "Stop" not in email.body


def test_the_email_is_in_the_patients_language(patient, no_quiet_hours, enrol):
    patient.preferred_language = "es"
    patient.save()
    enrol(patient, days_from_surgery=-7, surgery_in_days=7)
    assert mail.outbox[0].subject == "Tiene un paso nuevo en su portal"


def test_no_reminder_for_a_done_or_moved_step_or_a_patient_who_switched_off(patient, no_quiet_hours, enrol):
    patient_step = enrol(patient, days_from_surgery=-7, surgery_in_days=30)
    due = patient_step.due_date
    assert not reminders.reminder_send(patient_step_id=patient_step.pk, kind="due", due_date=due - timedelta(days=1))
    CarePreference.objects.create(patient=patient, email_reminders=False)
    assert not reminders.reminder_send(patient_step_id=patient_step.pk, kind="due", due_date=due)
    CarePreference.objects.filter(patient=patient).update(email_reminders=True)
    services.step_tick(patient_step=patient_step)
    assert not reminders.reminder_send(patient_step_id=patient_step.pk, kind="due", due_date=due)
    assert mail.outbox == []


def test_quiet_hours_hold_a_reminder_until_they_end(settings, patient, enrol):
    settings.CARE_QUIET_HOURS = (20, 8)
    patient_step = enrol(patient, days_from_surgery=-7, surgery_in_days=30)
    late = timezone.make_aware(datetime.combine(patient_step.due_date, datetime.min.time().replace(hour=22)))
    assert reminders.in_quiet_hours(late)
    assert not reminders.reminder_send(
        patient_step_id=patient_step.pk, kind="due", due_date=patient_step.due_date, now=late
    )
    assert mail.outbox == []
    morning = reminders.next_allowed(late)
    assert (timezone.localtime(morning).hour, morning.date()) == (8, late.date() + timedelta(days=1))
    assert reminders.reminder_send(
        patient_step_id=patient_step.pk, kind="due", due_date=patient_step.due_date, now=morning
    )
    assert len(mail.outbox) == 1


def test_the_patient_switches_reminders_off_and_on_from_my_page(patient_client, patient, no_quiet_hours, enrol):
    enrol(patient, days_from_surgery=-7, surgery_in_days=20)
    page = patient_client.get(reverse("care:my_page")).text
    assert "Switch email reminders off" in page
    response = patient_client.post(reverse("care:reminders_switch"), {"email_reminders": "off"}, follow=True)
    assert "Reminders are off." in response.text
    assert CarePreference.objects.get(patient=patient).email_reminders is False
    assert "Switch email reminders on" in response.text
    patient_client.post(reverse("care:reminders_switch"), {"email_reminders": "on"})
    assert CarePreference.objects.get(patient=patient).email_reminders is True


def test_a_bad_switch_value_is_a_400_saying_what_to_do(patient_client):
    response = patient_client.post(reverse("care:reminders_switch"), {"email_reminders": "maybe"})
    assert response.status_code == 400
    assert "Choose on or off." in response.text
    assert patient_client.get(reverse("care:reminders_switch")).status_code == 405

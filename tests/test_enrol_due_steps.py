"""Enrolling a patient late (issue 34): when the pathway's first steps are already due, the admin asks
before saving whether to mark them done, move them, or keep them, and each answer does what it says.
Step rows then show a plain date ("Wed 2 Dec") once."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from care.models import PatientPathway, PatientStep
from portal.audit.models import AuditEvent
from tests.factories import PathwayStepFactory


@pytest.fixture
def late(db):
    """A pathway with two steps already due for a surgery 10 days away, and one still to come."""
    first = PathwayStepFactory(days_from_surgery=-14, title="Stop smoking")
    PathwayStepFactory(template=first.template, days_from_surgery=-10, title="Arrange a ride home")
    PathwayStepFactory(template=first.template, days_from_surgery=-2, title="Pack your bag")
    return first.template


def enrol(client, patient, template, **extra):
    surgery = timezone.localdate() + timedelta(days=10)
    data = {"patient": patient.pk, "template": template.pk, "surgery_date": surgery.isoformat(),
            "steps-TOTAL_FORMS": 0, "steps-INITIAL_FORMS": 0, **extra}  # fmt: skip
    return client.post(reverse("admin:care_patientpathway_add"), data)


def steps(patient):
    return {s.step.title: s for s in PatientStep.objects.filter(pathway__patient=patient).select_related("step")}


def test_the_admin_asks_before_saving(client, reviewer, patient, late, verified_login):
    verified_login(client, reviewer)
    response = enrol(client, patient, late)
    assert response.status_code == 200
    assert "2 steps are already due: mark them done, move them, or keep them?" in response.text
    assert "Stop smoking" in response.text
    assert "Arrange a ride home" in response.text
    assert not PatientPathway.objects.exists()


def test_mark_them_done_records_who_and_the_note(client, reviewer, patient, late, verified_login):
    verified_login(client, reviewer)
    refused = enrol(client, patient, late, due_steps="done")
    assert "Write a short note" in refused.text
    assert not PatientPathway.objects.exists()
    response = enrol(client, patient, late, due_steps="done", due_steps_note="Done at the pre-surgery visit")
    assert response.status_code == 302
    by_title = steps(patient)
    for title in ("Stop smoking", "Arrange a ride home"):
        assert by_title[title].done_at is not None
        assert (by_title[title].done_by, by_title[title].done_note) == (reviewer, "Done at the pre-surgery visit")
    assert by_title["Pack your bag"].done_at is None
    assert AuditEvent.objects.get(action=AuditEvent.Action.STEPS_DONE_BY_STAFF).detail == {"steps": 2}


def test_move_them_dates_them_today(client, reviewer, patient, late, verified_login):
    verified_login(client, reviewer)
    assert enrol(client, patient, late, due_steps="move").status_code == 302
    today = timezone.localdate()
    by_title = steps(patient)
    assert by_title["Stop smoking"].due_date == by_title["Arrange a ride home"].due_date == today
    assert by_title["Pack your bag"].due_date == today + timedelta(days=8)
    assert all(s.done_at is None for s in by_title.values())


def test_keep_them_leaves_the_dates(client, reviewer, patient, late, verified_login):
    verified_login(client, reviewer)
    assert enrol(client, patient, late, due_steps="keep").status_code == 302
    today = timezone.localdate()
    by_title = steps(patient)
    assert by_title["Stop smoking"].due_date == today - timedelta(days=4)
    assert by_title["Arrange a ride home"].due_date == today
    assert all(s.done_at is None for s in by_title.values())


def test_no_question_when_nothing_is_due(client, reviewer, patient, verified_login):
    step = PathwayStepFactory(days_from_surgery=-7)
    verified_login(client, reviewer)
    assert enrol(client, patient, step.template).status_code == 302
    assert PatientPathway.objects.filter(patient=patient).exists()


def test_step_rows_show_a_plain_date_once(client, reviewer, patient, late, verified_login):
    verified_login(client, reviewer)
    enrol(client, patient, late, due_steps="keep")
    pathway = PatientPathway.objects.get(patient=patient)
    html = client.get(reverse("admin:care_patientpathway_change", args=[pathway.pk])).text
    due = timezone.localdate() - timedelta(days=4)
    plain = due.strftime("%a ") + str(due.day) + due.strftime(" %b")  # e.g. "Wed 2 Dec"
    assert html.count(plain) == 1
    assert due.isoformat() not in html

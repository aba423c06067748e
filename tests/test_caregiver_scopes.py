"""What a caregiver may do for the patient: always read; tick, ask and see estimates only when
the patient chose it; never teach-back, questionnaires, account settings or the audit trail.
Whatever they do is recorded as done by them, and the patient sees it."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from care import services
from care.models import Assignment, PatientQuestion
from estimates.models import FeeSchedule, SavedEstimate
from tests.caregiver_helpers import caregiver_client, grant_for
from tests.factories import AssignmentFactory, PathwayStepFactory, TeachBackQuestionFactory


@pytest.fixture
def journey(patient):
    step = PathwayStepFactory(title="Arrange a ride home", days_from_surgery=-7)
    pathway = services.pathway_enrol(
        patient=patient, template=step.template, surgery_date=timezone.localdate() + timedelta(days=7)
    )
    assignment = AssignmentFactory(patient=patient, article__title="Getting ready for surgery")
    TeachBackQuestionFactory(article=assignment.article)
    schedule = FeeSchedule.objects.create(
        name="Medicare", year=2026, effective_date=date(2026, 1, 1), part_b_deductible=Decimal("283.00")
    )
    saved = SavedEstimate.objects.create(
        patient=patient,
        fee_schedule=schedule,
        coverage="medicare",
        inputs={"procedure": []},
        result={"lines": [], "explanation": [], "assumptions": [], "fee_schedule": "Medicare (2026)"},
        total_patient_pays=Decimal("225.06"),
    )
    return {"step": pathway.steps.get(), "assignment": assignment, "saved": saved}


def test_reading_is_always_allowed(patient, journey):
    client = caregiver_client(grant_for(patient, all_scopes=False))
    page = client.get(reverse("care:my_page"))
    assert page.status_code == 200
    assert "You are viewing for Ana" in page.text
    assert "Arrange a ride home" in page.text
    assert "Getting ready for surgery" in page.text
    assert client.get(reverse("care:packet")).status_code == 200
    assert client.get(reverse("education:warning_sign_guide")).status_code == 200
    # Without the choices, no buttons for them either.
    assert reverse("care:step_done", args=[journey["step"].pk]) not in page.text
    assert reverse("care:assignment_question", args=[journey["assignment"].pk]) not in page.text
    assert reverse("estimates:saved_detail", args=[journey["saved"].pk]) not in page.text


def test_ticking_a_step_needs_the_choice_and_is_marked_done_by_the_caregiver(patient, patient_client, journey):
    step_done = reverse("care:step_done", args=[journey["step"].pk])
    refused = caregiver_client(grant_for(patient, all_scopes=False))
    assert refused.post(step_done).status_code == 404
    journey["step"].refresh_from_db()
    assert journey["step"].done_at is None

    grant = grant_for(patient, all_scopes=False, may_tick_steps_and_mark_read=True)
    allowed = caregiver_client(grant)
    assert allowed.post(step_done).status_code == 302
    journey["step"].refresh_from_db()
    assert journey["step"].done_at is not None
    assert journey["step"].acted_by == grant.caregiver
    assert "done by Sam" in patient_client.get(reverse("care:my_page")).text


def test_marking_read_needs_the_choice_and_is_marked(patient, patient_client, journey):
    finish = reverse("care:assignment_finish", args=[journey["assignment"].pk])
    assert caregiver_client(grant_for(patient, all_scopes=False)).post(finish).status_code == 404
    grant = grant_for(patient, all_scopes=False, may_tick_steps_and_mark_read=True)
    assert caregiver_client(grant).post(finish).status_code == 302
    assignment = Assignment.objects.get(pk=journey["assignment"].pk)
    assert assignment.finished_at is not None
    assert assignment.acted_by == grant.caregiver
    assert f"done by {grant.caregiver}, caregiver" in patient_client.get(reverse("care:my_page")).text


def test_asking_needs_the_choice_and_the_question_says_who_sent_it(patient, journey):
    ask = reverse("care:assignment_question", args=[journey["assignment"].pk])
    assert (
        caregiver_client(grant_for(patient, all_scopes=False)).post(ask, {"text": "Can he drive?"}).status_code == 404
    )
    grant = grant_for(patient, all_scopes=False, may_ask_questions=True)
    assert caregiver_client(grant).post(ask, {"text": "Can he drive?"}).status_code == 302
    question = PatientQuestion.objects.get()
    assert question.patient == patient
    assert question.acted_by == grant.caregiver


def delete_url(journey):
    return reverse("estimates:saved_delete", args=[journey["saved"].pk])


def test_estimates_need_the_choice(patient, journey):
    detail = reverse("estimates:saved_detail", args=[journey["saved"].pk])
    without = caregiver_client(grant_for(patient, all_scopes=False))
    assert without.get(detail).status_code == 404
    assert without.get(reverse("estimates:saved_list")).status_code == 404
    assert "Your saved cost estimates" not in without.get(reverse("care:my_page")).text
    with_choice = caregiver_client(grant_for(patient, all_scopes=False, may_see_estimates=True))
    shown = with_choice.get(detail)
    assert shown.status_code == 200
    assert delete_url(journey) not in shown.text  # deleting is the patient's own
    assert detail in with_choice.get(reverse("care:my_page")).text
    # Deleting is the patient's own, whatever was chosen.
    assert with_choice.post(delete_url(journey)).status_code == 404
    assert SavedEstimate.objects.filter(pk=journey["saved"].pk).exists()


def test_the_patients_own_pages_are_404_whatever_was_chosen(patient, journey):
    client = caregiver_client(grant_for(patient))  # every choice ticked
    assignment = journey["assignment"]
    own_pages = [
        reverse("care:teach_back", args=[assignment.pk]),
        reverse("outcomes:scores"),
        reverse("password_change"),
        reverse("care:records_fhir"),
        reverse("care:caregivers"),
        reverse("care:caregiver_invite"),
        reverse("estimates:estimate"),
        reverse("two_factor_setup"),
    ]
    for url in own_pages:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("care:teach_back", args=[assignment.pk]), {"option": "right"}).status_code == 404
    assert client.post(reverse("care:reminders_switch"), {"email_reminders": "off"}).status_code == 404
    assert not assignment.records.exists()
    page = client.get(reverse("care:my_page")).text
    assert reverse("care:teach_back", args=[assignment.pk]) not in page
    assert reverse("password_change") not in page


def test_back_on_their_own_page_the_caregiver_sees_only_their_own(patient, journey):
    client = caregiver_client(grant_for(patient))
    assert client.post(reverse("care:caregiving_switch"), {"patient": ""}).status_code == 302
    page = client.get(reverse("care:my_page")).text
    assert "You are viewing for" not in page
    assert "Arrange a ride home" not in page
    assert client.post(reverse("care:step_done", args=[journey["step"].pk])).status_code == 404


def test_the_caregivers_view_of_my_page_keeps_its_query_count_as_reading_grows(patient, journey):
    client = caregiver_client(grant_for(patient))
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("care:my_page")).status_code == 200
    for _ in range(5):
        AssignmentFactory(patient=patient)
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("care:my_page")).status_code == 200
    assert len(many) == len(few)

"""A caregiver of patient A reaches nothing of patient B, nor A's questionnaires and teach-back."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from care import services
from care.models import PatientQuestion
from tests.caregiver_helpers import caregiver_client, grant_for
from tests.factories import AssignmentFactory, PathwayStepFactory, TeachBackQuestionFactory


def test_a_caregiver_of_a_gets_404_on_anything_of_b(patient, other_patient):
    client = caregiver_client(grant_for(patient))
    theirs = AssignmentFactory(patient=other_patient, article__title="Ben's reading")
    step = PathwayStepFactory()
    pathway = services.pathway_enrol(
        patient=other_patient, template=step.template, surgery_date=timezone.localdate() + timedelta(days=9)
    )
    assert client.post(reverse("care:assignment_finish", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("care:assignment_question", args=[theirs.pk]), {"text": "Hi?"}).status_code == 404
    assert client.post(reverse("care:step_done", args=[pathway.steps.get().pk])).status_code == 404
    assert client.get(reverse("care:teach_back", args=[theirs.pk])).status_code == 404
    # Switching to B, who shared nothing, is refused too.
    assert client.post(reverse("care:caregiving_switch"), {"patient": other_patient.pk}).status_code == 404
    assert "Ben's reading" not in client.get(reverse("care:my_page")).text
    assert not PatientQuestion.objects.exists()


def test_a_caregiver_of_a_gets_404_on_as_teach_back_and_questionnaires(patient):
    assignment = AssignmentFactory(patient=patient)
    TeachBackQuestionFactory(article=assignment.article)
    client = caregiver_client(grant_for(patient))
    assert client.get(reverse("care:teach_back", args=[assignment.pk])).status_code == 404
    assert client.get(reverse("outcomes:scores")).status_code == 404
    assert client.get(reverse("outcomes:fhir")).status_code == 404


def test_a_session_naming_another_patient_is_refused(patient, other_patient):
    """A session key pointing at a patient without a grant (e.g. a tampered or stale session) is 404."""
    client = caregiver_client(grant_for(patient))
    session = client.session
    session["care_acting_for"] = other_patient.pk
    session.save()
    assert client.get(reverse("care:my_page")).status_code == 404
    own = client.get(reverse("care:my_page"))
    assert own.status_code == 200
    assert "You are viewing for" not in own.text

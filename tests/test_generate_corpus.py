"""`generate_corpus` (make bench's data) gives every patient what My page shows for a patient in care, so the
bench measures My page as patients see it: a dated pathway, assignments, bookmarks, now and then a question."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from care.demo import DEMO_PATHWAY_STEPS
from care.models import Assignment, Bookmark, PatientPathway, PatientQuestion, PatientStep
from portal.accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus():
    call_command("load_demo", "--no-accounts", stdout=StringIO())
    call_command("generate_corpus", "--articles", "10", "--patients", "8", stdout=StringIO())
    return list(User.objects.filter(email__startswith="bench-patient-").order_by("pk"))


def test_every_patient_is_in_care_on_a_dated_pathway(corpus):
    assert len(corpus) == 8
    for patient in corpus:
        pathway = PatientPathway.objects.get(patient=patient)
        steps = PatientStep.objects.filter(pathway=pathway)
        assert steps.count() == len(DEMO_PATHWAY_STEPS)
        assert not steps.filter(due_date__gt=pathway.surgery_date, step__days_from_surgery__lt=0).exists()
        # A step to read an article points at the patient's own assignment of it.
        assert all(step.assignment.patient == patient for step in steps.filter(step__article__isnull=False))
        assert Assignment.objects.filter(patient=patient).count() == 5
        assert Bookmark.objects.filter(patient=patient, article__isnull=False).count() == 2
        assert Bookmark.objects.filter(patient=patient, faq__isnull=False).count() == 1
    assert PatientQuestion.objects.filter(patient__in=corpus).count() == 2  # one patient in four


def test_my_page_shows_the_generated_patients_steps(corpus, client):
    client.force_login(corpus[0])
    response = client.get(reverse("care:my_page"))
    assert response.status_code == 200
    assert DEMO_PATHWAY_STEPS[0][2] in response.text  # the first step's title


def test_running_it_again_adds_only_what_is_missing(corpus):
    call_command("generate_corpus", "--articles", "10", "--patients", "8", stdout=StringIO())
    assert PatientPathway.objects.count() == 8
    call_command("generate_corpus", "--articles", "10", "--patients", "9", stdout=StringIO())
    assert PatientPathway.objects.count() == 9

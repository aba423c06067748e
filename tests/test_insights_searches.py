"""Unanswered searches: found nothing or nothing opened, only words searched by at least 3 different
patients, digits and email addresses taken out; "Write an answer" drafts an unpublished FAQ."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from education.models import FAQ
from insights.models import SearchEvent
from insights.selectors import unanswered_searches
from tests.factories import PatientFactory


def searched(patient, query, *, results=0, opened=False, language="en"):
    return SearchEvent.objects.create(
        patient=patient,
        query=query,
        language=language,
        results=results,
        opened=opened,
        token=uuid.uuid4(),
        created_at=timezone.now() - timedelta(hours=1),
    )


def week():
    now = timezone.now()
    return {"start": now - timedelta(days=7), "end": now + timedelta(minutes=1)}


@pytest.mark.django_db
def test_a_search_is_shown_only_once_three_different_patients_made_it():
    ana, ben, cy = PatientFactory.create_batch(3)
    for _ in range(5):
        searched(ana, "can i drive")  # one patient, many times: still one patient
    searched(ben, "can i drive")
    assert unanswered_searches(**week()) == []

    searched(cy, "can i drive")

    [row] = unanswered_searches(**week())
    assert (row.query, row.patients, row.searches) == ("can i drive", 3, 7)


@pytest.mark.django_db
def test_digits_and_email_addresses_are_taken_out_and_the_rest_grouped():
    patients = PatientFactory.create_batch(3)
    searched(patients[0], "pain after surgery on 12 march ana@example.com")
    searched(patients[1], "pain after surgery on 3 march")
    searched(patients[2], "pain after surgery on march bob.smith@mail.example.org")

    [row] = unanswered_searches(**week())

    assert row.query == "pain after surgery on march"
    assert row.patients == 3


@pytest.mark.django_db
def test_a_search_whose_result_was_opened_is_answered():
    patients = PatientFactory.create_batch(3)
    for patient in patients[:2]:
        searched(patient, "shower", results=4, opened=False)
    searched(patients[2], "shower", results=4, opened=True)
    assert unanswered_searches(**week()) == []

    searched(PatientFactory(), "shower", results=0)

    [row] = unanswered_searches(**week())
    assert (row.found_nothing, row.none_opened) == (1, 2)


@pytest.mark.django_db
def test_write_an_answer_creates_an_unpublished_clinic_wide_question(client, verified_login, reviewer):
    patients = PatientFactory.create_batch(3)
    for patient in patients:
        searched(patient, "can i drive", language="es")
    verified_login(client, reviewer)
    page = client.get(reverse("admin:insights_overview"))
    assert "Write an answer" in page.text

    response = client.post(reverse("admin:insights_write_answer"), {"query": "can i drive", "language": "es"})

    faq = FAQ.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:education_faq_change", args=[faq.pk])
    assert (faq.question, faq.is_published, faq.article, faq.language) == ("Can i drive?", False, None, "es")
    assert "can i drive" not in response["Location"]


@pytest.mark.django_db
def test_write_an_answer_needs_a_post_and_the_right_to_add_questions(client, verified_login, billing):
    verified_login(client, billing)
    assert client.post(reverse("admin:insights_write_answer"), {"query": "x"}).status_code == 403
    assert FAQ.objects.count() == 0

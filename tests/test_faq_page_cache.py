"""The FAQ page is rendered once per content version and language, then served from the cache:
the same for every patient, except each patient's own CSRF token in the bookmark buttons."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from care.models import Bookmark
from education import rendering
from tests.factories import ArticleFactory, FAQFactory, PatientFactory

URL = reverse("education:faq_list")


@pytest.fixture
def faqs(db):
    article = ArticleFactory(title="Neck surgery")
    return [
        FAQFactory(article=article, question="Does it hurt?", answer="A **little**.", topic="Pain"),
        FAQFactory(article=article, question="When can I drive?", answer="After two weeks.", topic="Recovery"),
    ]


def test_the_second_visit_converts_no_markdown_and_asks_the_database_less(
    patient_client, faqs, django_assert_max_num_queries, monkeypatch
):
    with django_assert_max_num_queries(20) as first:
        assert "<strong>little</strong>" in patient_client.get(URL).text
    monkeypatch.setattr("education.templatetags.education_tags.markdown_to_html", pytest.fail)
    with django_assert_max_num_queries(len(first.captured_queries) - 3):
        html = patient_client.get(URL).text
    assert "<strong>little</strong>" in html


def test_each_patient_gets_their_own_working_csrf_token(faqs, patient):
    first = Client(enforce_csrf_checks=True)
    first.force_login(patient)
    first.get(URL)
    other = PatientFactory()
    second = Client(enforce_csrf_checks=True)
    second.force_login(other)
    html = second.get(URL).text
    assert rendering.CSRF_PLACEHOLDER not in html
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = second.post(reverse("care:bookmark_faq", args=[faqs[0].pk]), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Bookmark.objects.filter(patient=other, faq=faqs[0]).exists()
    assert not Bookmark.objects.filter(patient=patient).exists()


def test_an_edited_answer_shows_at_once(patient_client, faqs):
    assert "After two weeks." in patient_client.get(URL).text
    faqs[1].answer = "After three weeks."
    faqs[1].save()
    html = patient_client.get(URL).text
    assert "After three weeks." in html
    assert "After two weeks." not in html


def test_a_topic_filter_is_cached_apart_from_the_whole_list(patient_client, faqs):
    assert "When can I drive?" in patient_client.get(URL).text
    html = patient_client.get(URL, {"topic": "Pain"}).text
    assert "Does it hurt?" in html
    assert "When can I drive?" not in html
    assert "When can I drive?" in patient_client.get(URL).text


def test_a_spanish_reader_does_not_get_the_english_page(patient_client, patient, faqs):
    assert '<html lang="en">' in patient_client.get(URL).text
    patient.preferred_language = "es"
    patient.save(update_fields=["preferred_language"])
    html = patient_client.get(URL).text
    assert '<html lang="es">' in html
    assert "Preguntas y respuestas" in html

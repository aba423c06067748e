"""A published article's page is the same for every reader of a language, except the reader's own
parts (assignment, bookmark, CSRF token): the shared part comes from the cache, and a change to the
content shows at once."""

from django.test import Client
from django.urls import reverse

from education.models import Article
from tests.factories import ArticleFactory, AssignmentFactory, PatientFactory, SectionFactory


def _article():
    article = ArticleFactory(title="Back Surgery", slug="back-surgery")
    SectionFactory(article=article, kind="overview", heading="", body="Discs wear out.", order=1)
    return article


def test_a_cached_article_page_asks_the_database_nothing(patient_client, db, django_assert_num_queries):
    article = _article()
    patient_client.get(article.get_absolute_url())
    # who is asking (tests/test_user_cache_warm.py) and their assignments and bookmarks
    # (care/reader_parts.py, tests/test_hot_pages_cleared.py) come from the cache too
    with django_assert_num_queries(0):
        response = patient_client.get(article.get_absolute_url())
    assert "Discs wear out." in response.text


def test_an_unpublished_article_is_gone_at_once(patient_client, db):
    article = _article()
    assert patient_client.get(article.get_absolute_url()).status_code == 200
    article.status = Article.Status.DRAFT
    article.save()
    assert patient_client.get(article.get_absolute_url()).status_code == 404


def test_each_patient_sees_their_own_assignment_and_not_anothers(patient_client, patient, db):
    article = _article()
    AssignmentFactory(patient=patient, article=article)
    assert "I have read this" in patient_client.get(article.get_absolute_url()).text
    other = Client()
    other.force_login(PatientFactory())
    assert "I have read this" not in other.get(article.get_absolute_url()).text


def test_a_new_translation_sends_spanish_readers_to_it_at_once(patient_client, patient, db):
    article = _article()
    patient.preferred_language = "es"
    patient.save(update_fields=["preferred_language"])
    assert patient_client.get(article.get_absolute_url()).status_code == 200
    spanish = ArticleFactory(
        title="Cirugía de espalda", slug="cirugia-de-espalda", language="es", translation_of=article
    )
    response = patient_client.get(article.get_absolute_url())
    assert response.status_code == 302
    assert response.url == reverse("education:article_detail", args=[spanish.slug])

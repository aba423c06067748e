"""The articles list is rendered once per content version, language, filter and page, then served
from the cache; a newly published article shows at once."""

from django.urls import reverse

from education.models import Article
from tests.factories import ArticleFactory

URL = reverse("education:article_list")


def test_the_second_visit_asks_the_database_nothing(patient_client, db, django_assert_num_queries):
    ArticleFactory(title="Neck surgery")
    assert "Neck surgery" in patient_client.get(URL).text
    # the list is cached, and so is who is asking (tests/test_user_cache_warm.py)
    with django_assert_num_queries(0):
        assert "Neck surgery" in patient_client.get(URL).text


def test_a_published_article_shows_at_once(patient_client, db):
    draft = ArticleFactory(title="Back surgery", status=Article.Status.DRAFT)
    assert "Back surgery" not in patient_client.get(URL).text
    draft.status = Article.Status.PUBLISHED
    draft.save()
    assert "Back surgery" in patient_client.get(URL).text


def test_a_filter_is_cached_apart_from_the_whole_list(patient_client, db):
    ArticleFactory(title="Neck surgery", kind=Article.Kind.PROCEDURE)
    ArticleFactory(title="Slipped disc", kind=Article.Kind.CONDITION)
    assert "Slipped disc" in patient_client.get(URL).text
    html = patient_client.get(URL, {"kind": Article.Kind.PROCEDURE}).text
    assert "Neck surgery" in html
    assert "Slipped disc" not in html
    assert "Slipped disc" in patient_client.get(URL).text


def test_an_unknown_filter_is_answered_but_not_kept(patient_client, db):
    ArticleFactory(title="Neck surgery")
    assert patient_client.get(URL, {"kind": "nonsense"}).status_code == 200
    assert patient_client.get(URL, {"kind": "nonsense", "other": "x"}).status_code == 200

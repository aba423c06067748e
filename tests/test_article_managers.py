"""Managers say what they return (issue 26): `Article.objects` is what patients may read, staff code asks
for every row through `Article.all_objects`, and the admin (default and base manager) still sees drafts."""

import pytest
from django.urls import reverse

from education.models import Article
from education.revisions import editable_copy
from tests.factories import ArticleFactory


@pytest.fixture
def articles(db):
    live = ArticleFactory(title="Live article", slug="live-article")
    working_copy = editable_copy(live)
    working_copy.title = "Live article, changed"
    working_copy.save()
    return {
        "live": live,
        "working_copy": working_copy,
        "draft": ArticleFactory(title="Never published draft", slug="never-published", status=Article.Status.DRAFT),
        "in_review": ArticleFactory(title="Waiting for review", slug="waiting", status=Article.Status.IN_REVIEW),
    }


def test_objects_returns_only_live_published_articles(articles):
    assert articles["working_copy"].draft_for_id == articles["live"].pk
    assert list(Article.objects.all()) == [articles["live"]]
    for hidden in ("working_copy", "draft", "in_review"):
        assert not Article.objects.filter(pk=articles[hidden].pk).exists()


def test_all_objects_default_and_base_managers_return_every_row(articles):
    every = {article.pk for article in articles.values()}
    assert set(Article.all_objects.values_list("pk", flat=True)) == every
    assert set(Article._default_manager.values_list("pk", flat=True)) == every
    assert set(Article._base_manager.values_list("pk", flat=True)) == every
    # Related managers and refresh_from_db reach drafts too.
    assert articles["live"].working_copy == articles["working_copy"]
    articles["working_copy"].refresh_from_db()
    assert articles["working_copy"].title == "Live article, changed"


def test_queryset_methods_work_on_both_managers(articles):
    assert list(Article.objects.published().canonical()) == [articles["live"]]
    assert list(Article.all_objects.waiting_for_review()) == [articles["in_review"]]
    assert not Article.objects.waiting_for_review().exists()


def test_admin_still_lists_drafts_and_opens_working_copies_for_editors(client, editor, verified_login, articles):
    verified_login(client, editor)
    listing = client.get(reverse("admin:education_article_changelist"))
    assert listing.status_code == 200
    page = listing.content.decode()
    for title in ("Live article", "Never published draft", "Waiting for review"):
        assert title in page
    for name in ("working_copy", "draft"):
        change = client.get(reverse("admin:education_article_change", args=[articles[name].pk]))
        assert change.status_code == 200, name


@pytest.mark.parametrize("name", ["draft", "in_review", "working_copy"])
def test_patient_page_of_an_unpublished_slug_is_404(patient_client, articles, name):
    response = patient_client.get(reverse("education:article_detail", kwargs={"slug": articles[name].slug}))
    assert response.status_code == 404


def test_patient_page_of_the_live_article_shows_the_published_title(patient_client, articles):
    response = patient_client.get(reverse("education:article_detail", kwargs={"slug": "live-article"}))
    assert response.status_code == 200
    assert "Live article" in response.content.decode()
    assert "Live article, changed" not in response.content.decode()

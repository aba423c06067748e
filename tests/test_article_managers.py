"""Managers say what they return (issue 26): `Article.objects` is what patients may read (the published
articles: a pending change is a revision, never a row), staff code asks for every row through
`Article.all_objects`, and the admin (default and base manager) still sees articles not yet published."""

import pytest
from django.urls import reverse

from education.models import Article
from tests.factories import ArticleFactory, SectionFactory
from tests.publishing import save_change


@pytest.fixture
def articles(db):
    live = ArticleFactory(title="Live article", slug="live-article")
    SectionFactory(article=live, body="Published text.")
    save_change(live, edit=lambda content: content.update(title="Live article, changed"))
    return {
        "live": live,
        "draft": ArticleFactory(title="Never published draft", slug="never-published", status=Article.Status.DRAFT),
        "in_review": ArticleFactory(title="Waiting for review", slug="waiting", status=Article.Status.IN_REVIEW),
    }


def test_objects_returns_only_published_articles(articles):
    assert list(Article.objects.all()) == [articles["live"]]
    for hidden in ("draft", "in_review"):
        assert not Article.objects.filter(pk=articles[hidden].pk).exists()


def test_a_pending_change_is_a_revision_not_a_row(articles):
    live = articles["live"]
    live.refresh_from_db()
    assert live.has_unpublished_changes
    assert live.latest_revision.content["title"] == "Live article, changed"
    assert live.title == "Live article"
    assert not Article.all_objects.filter(title="Live article, changed").exists()


def test_all_objects_default_and_base_managers_return_every_row(articles):
    every = {article.pk for article in articles.values()}
    assert set(Article.all_objects.values_list("pk", flat=True)) == every
    assert set(Article._default_manager.values_list("pk", flat=True)) == every
    assert set(Article._base_manager.values_list("pk", flat=True)) == every
    # refresh_from_db reaches articles patients cannot see too.
    articles["draft"].refresh_from_db()
    assert articles["draft"].title == "Never published draft"


def test_queryset_methods_work_on_both_managers(articles):
    assert list(Article.objects.published()) == [articles["live"]]
    assert list(Article.all_objects.waiting_for_review()) == [articles["in_review"]]
    assert not Article.objects.waiting_for_review().exists()


def test_admin_still_lists_drafts_and_opens_them_for_editors(client, editor, verified_login, articles):
    verified_login(client, editor)
    listing = client.get(reverse("admin:education_article_changelist"))
    assert listing.status_code == 200
    page = listing.content.decode()
    for title in ("Live article", "Never published draft", "Waiting for review"):
        assert title in page
    assert client.get(reverse("admin:education_article_change", args=[articles["draft"].pk])).status_code == 200
    draft_form = client.get(reverse("admin:education_article_draft", args=[articles["live"].pk]))
    assert draft_form.status_code == 200
    assert "Live article, changed" in draft_form.content.decode()


@pytest.mark.parametrize("name", ["draft", "in_review"])
def test_patient_page_of_an_unpublished_slug_is_404(patient_client, articles, name):
    response = patient_client.get(reverse("education:article_detail", kwargs={"slug": articles[name].slug}))
    assert response.status_code == 404


def test_patient_page_of_the_live_article_shows_the_published_title(patient_client, articles):
    response = patient_client.get(reverse("education:article_detail", kwargs={"slug": "live-article"}))
    assert response.status_code == 200
    assert "Live article" in response.content.decode()
    assert "Live article, changed" not in response.content.decode()

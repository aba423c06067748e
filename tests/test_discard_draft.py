"""The draft form (issue 34): no "Save and add another"; "Discard draft" asks first, then removes the
unpublished changes only (the revisions since the published one). The published article patients read
stays, and the discard is audited."""

import pytest
from django.urls import reverse

from education import services
from education.models import Article, ArticleRevision
from portal.audit.models import AuditEvent
from tests.admin_forms import draft_form_data
from tests.factories import ArticleFactory, SectionFactory, SurgeonFactory


@pytest.fixture
def live(db, reviewer):
    SurgeonFactory(user=reviewer, approves_content=True)
    article = ArticleFactory(title="Live one", status=Article.Status.DRAFT)
    SectionFactory(article=article, body="Walk a little every day.")
    return services.article_submit_and_publish(article=article, user=reviewer)


@pytest.fixture
def draft(client, editor, live, verified_login):
    """The draft revision an editor saved in the draft form."""
    verified_login(client, editor)
    data = draft_form_data(client, live, **{"sections-0-body": "Walk twice a day."})
    assert client.post(reverse("admin:education_article_draft", args=[live.pk]), data).status_code == 302
    live.refresh_from_db()
    assert live.has_unpublished_changes
    return live.latest_revision


def test_the_draft_form_offers_discard_instead_of_delete_and_no_save_and_add_another(client, draft, live):
    html = client.get(reverse("admin:education_article_draft", args=[live.pk])).text
    assert "_addanother" not in html
    assert "deletelink" not in html
    assert reverse("admin:education_article_discard", args=[live.pk]) in html
    assert "Discard draft" in html


def test_discard_asks_first_and_changes_nothing_until_confirmed(client, draft, live):
    page = client.get(reverse("admin:education_article_discard", args=[live.pk]))
    assert page.status_code == 200
    assert "The published article stays as it is" in page.text
    assert ArticleRevision.objects.filter(pk=draft.pk).exists()


def test_discarding_removes_the_draft_and_keeps_the_live_article(client, draft, live, patient):
    response = client.post(reverse("admin:education_article_discard", args=[live.pk]))
    assert response.url == reverse("admin:education_article_change", args=[live.pk])
    assert not ArticleRevision.objects.filter(pk=draft.pk).exists()
    live.refresh_from_db()
    assert live.status == Article.Status.PUBLISHED
    assert not live.has_unpublished_changes
    assert live.latest_revision == live.live_revision
    assert [s.body for s in live.sections.all()] == ["Walk a little every day."]
    event = AuditEvent.objects.get(action=AuditEvent.Action.ARTICLE_DRAFT_DISCARDED)
    assert event.target_id == str(live.pk)
    client.force_login(patient)
    assert "Walk a little every day." in client.get(live.get_absolute_url()).text


def test_an_article_with_no_changes_waiting_has_nothing_to_discard(client, editor, live, verified_login):
    verified_login(client, editor)
    assert client.post(reverse("admin:education_article_discard", args=[live.pk])).status_code == 404
    assert Article.all_objects.filter(pk=live.pk, status=Article.Status.PUBLISHED).exists()


def test_discard_needs_the_right_to_change_articles(client, draft, live, billing, verified_login):
    verified_login(client, billing)
    response = client.post(reverse("admin:education_article_discard", args=[live.pk]))
    assert response.status_code in (302, 403)
    assert ArticleRevision.objects.filter(pk=draft.pk).exists()


def test_discard_by_get_is_only_the_question(client, draft, live):
    client.get(reverse("admin:education_article_discard", args=[live.pk]))
    assert ArticleRevision.objects.filter(pk=draft.pk).exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.ARTICLE_DRAFT_DISCARDED).exists()

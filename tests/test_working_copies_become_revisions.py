"""The upgrade (issue 26): each working-copy row becomes the latest revision of its live article (a draft,
in review, or sent back, as it was), then the rows and `draft_for` go; patients' text is untouched."""

import uuid

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from education.models import Article, ArticleRevision
from tests.conftest import restore_migration_data

BEFORE = [("education", "0031_article_managers_say_what_they_return")]


@pytest.fixture(scope="module", autouse=True)
def _restore_after_the_migration_test(django_db_setup, django_db_blocker):
    """The transactional test empties every table when it ends; put back what migrations made."""
    yield
    with django_db_blocker.unblock():
        restore_migration_data()


def snapshot(title, body, key):
    return {
        "schema": 2, "title": title, "summary": "S", "kind": "condition", "is_post_operative": False,
        "author": None, "regions": [], "related_procedures": [], "procedures_found": [], "pemat": None,
        "sections": [{"key": key, "kind": "overview", "heading": "Overview", "body": body, "order": 0}],
        "figures": [], "warning_signs": [], "faqs": [], "teach_back_questions": [],
    }  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_working_copies_become_the_latest_revision_of_their_article():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    OldArticle, OldSection, OldRevision = (
        old.get_model("education", name) for name in ("Article", "Section", "ArticleRevision")
    )
    # (working copy's status, the revision its last save recorded, if any)
    cases = {"saved": ("draft", "saved"), "in-review": ("in_review", "submitted"),
             "never-saved": ("draft", None), "sent-back": ("draft", "submitted"), "no-copy": (None, None)}  # fmt: skip
    for slug, (status, recorded) in cases.items():
        key = str(uuid.uuid4())
        live = OldArticle._base_manager.create(title=slug, slug=slug, summary="S", status="published")
        OldSection.objects.create(article=live, kind="overview", heading="Overview", body="Old.", key=key, order=0)
        live.live_revision = OldRevision.objects.create(
            article=live, kind="published", content=snapshot(slug, "Old.", key), created_at=timezone.now()
        )
        live.save()
        if status is None:
            continue
        copy = OldArticle._base_manager.create(
            title=slug, slug=f"draft-{slug}", summary="S", status=status, draft_for=live
        )
        OldSection.objects.create(article=copy, kind="overview", heading="Overview", body="New.", key=key, order=0)
        if recorded:
            OldRevision.objects.create(
                article=live, kind=recorded, content=snapshot(slug, "New.", key), created_at=timezone.now()
            )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    articles = {article.slug: article for article in Article.all_objects.select_related("latest_revision")}
    assert set(articles) == set(cases)  # the working copies are gone
    expected = {
        "saved": ("saved", "draft"),
        "in-review": ("submitted", "in_review"),
        "never-saved": ("saved", "draft"),
        "sent-back": ("sent_back", "draft"),
    }
    for slug, (kind, status) in expected.items():
        article = articles[slug]
        assert (article.latest_revision.kind, article.changes_status) == (kind, status), slug
        assert article.latest_revision.content["sections"][0]["body"] == "New."
        assert article.sections.get().body == "Old."  # patients' text is untouched
    assert not articles["no-copy"].has_unpublished_changes
    assert ArticleRevision.objects.filter(kind="saved").count() == 2

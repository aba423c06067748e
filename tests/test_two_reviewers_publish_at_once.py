"""Issue 26: two reviewers and an editor at once, on two PostgreSQL connections. The publish that lands
is the revision its reviewer read; the other is refused with the message. Publishing locks the live
article's row, so two publishes cannot interleave."""

import threading
import time

import pytest
from django.db import connection

from education import revisions, services
from education.models import Article, ArticleRevision
from portal.accounts.roles import Role
from tests.factories import ArticleFactory, SectionFactory, SurgeonFactory, UserFactory
from tests.publishing import save_change, section_body, submit_and_publish

pytestmark = pytest.mark.django_db(transaction=True)


def a_reviewer():
    user = UserFactory(role=Role.MEDICAL_REVIEWER)
    SurgeonFactory(user=user, approves_content=True)
    return user


@pytest.fixture
def slow_apply(monkeypatch):
    """Applying a revision takes a while, so the two publishes overlap."""
    apply = revisions.article_apply

    def slow(**kwargs):
        time.sleep(0.5)
        return apply(**kwargs)

    monkeypatch.setattr(revisions, "article_apply", slow)


def at_once(*calls):
    """Run each call on its own thread (its own database connection), started together."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # noqa: BLE001 (the test inspects it)
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.fixture
def live():
    author = a_reviewer()
    article = ArticleFactory(status=Article.Status.DRAFT, slug="race")
    SectionFactory(article=article, kind="recovery", heading="Recovery", body="Published text.")
    return submit_and_publish(article=article, user=author)


def test_the_publish_that_lands_is_the_revision_its_reviewer_read(live, slow_apply):
    editor, first, second = UserFactory(role=Role.EDITOR), a_reviewer(), a_reviewer()
    save_change(live, user=editor, edit=section_body("Benign text."))
    read_by_first = services.article_submit_for_review(article=live, user=editor)
    # The editor saves again while it is in review; the second reviewer opens the page after that.
    read_by_second = save_change(live, user=editor, edit=section_body("Other text."))
    assert read_by_second.kind == ArticleRevision.Kind.SUBMITTED

    results = at_once(
        lambda: services.article_publish(revision=read_by_first, user=first),
        lambda: services.article_publish(revision=read_by_second, user=second),
    )
    assert isinstance(results[0], services.DraftChanged)
    assert str(results[0]) == "This draft changed after you opened it. Review the new version."
    assert isinstance(results[1], Article)
    assert live.sections.get().body == "Other text."
    published = ArticleRevision.objects.filter(article=live, kind=ArticleRevision.Kind.PUBLISHED).first()
    assert published.published_by == second


def test_two_reviewers_publishing_the_same_revision_cannot_interleave(live, slow_apply):
    editor, first, second = UserFactory(role=Role.EDITOR), a_reviewer(), a_reviewer()
    save_change(live, user=editor, edit=section_body("Reviewed text."))
    revision = services.article_submit_for_review(article=live, user=editor)

    results = at_once(
        lambda: services.article_publish(revision=revision, user=first),
        lambda: services.article_publish(revision=revision, user=second),
    )
    landed = [r for r in results if isinstance(r, Article)]
    refused = [r for r in results if isinstance(r, services.WorkflowError)]
    assert (len(landed), len(refused)) == (1, 1), results
    assert live.sections.get().body == "Reviewed text."
    assert (
        ArticleRevision.objects.filter(article=live, kind=ArticleRevision.Kind.PUBLISHED).count() == 2
    )  # first + this
    assert Article.all_objects.count() == 1
    live.refresh_from_db()
    assert not live.has_unpublished_changes

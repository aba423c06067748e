"""However an article is published, its text is searchable: no save can erase the stored index.

The bug: `refresh_text_stats()` stored the vector with an UPDATE, then publishing's full
`article.save()` wrote the instance's stale, empty value back, so on PostgreSQL only FAQs
and glossary terms were found. Each publishing path below must leave a word that appears
only in the article's body findable. A new path is one more function in PUBLISHING_PATHS.
"""

from dataclasses import dataclass
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from education import search, services
from education.demo import DEMO_ARTICLE, DEMO_SLUG
from education.importer import decode_upload, parse_article
from education.models import Article
from tests.admin_forms import change_form_data, draft_form_data
from tests.factories import ArticleFactory, SectionFactory, SurgeonFactory
from tests.publishing import review_post, save_change, submit_and_publish

BODY_WORD = "zygapophyseal"  # in no title, summary, question or glossary term


@dataclass
class Staff:
    client: object
    reviewer: object


def by_admin(staff: Staff) -> Article:
    """A reviewer edits a draft's section in the admin and presses Publish."""
    article = ArticleFactory(status=Article.Status.DRAFT, medical_reviewer=None, reviewed_on=None, slug="admin-one")
    SectionFactory(article=article, body="Plain first text.")
    url = reverse("admin:education_article_change", args=[article.pk])
    data = change_form_data(article, **{"sections-0-body": f"The {BODY_WORD} joints can wear.", "_publish": "1"})
    assert staff.client.post(url, data).status_code == 302
    return Article.all_objects.get(pk=article.pk)


def by_import(staff: Staff) -> Article:
    parsed = parse_article(decode_upload(DEMO_ARTICLE.read_bytes()))
    parsed.slug = "imported-one"
    parsed.sections[-1].lines += ["", f"The {BODY_WORD} joints can wear."]
    return services.article_import(parsed=parsed, publish=True).article


def by_load_demo(staff: Staff) -> Article:
    original = DEMO_ARTICLE.read_text(encoding="utf-8")
    call_command("load_demo", "--no-accounts", stdout=StringIO())
    article = Article.all_objects.get(slug=DEMO_SLUG)
    assert article.is_published
    assert BODY_WORD not in original
    return article


def by_translation(staff: Staff) -> Article:
    """An English article is copied into a Spanish draft, which a reviewer publishes."""
    english = by_admin(staff)
    spanish = services.translation_start(article=english, language="es")
    submit_and_publish(article=spanish, user=staff.reviewer)
    return Article.all_objects.get(pk=spanish.pk)


def by_revision_publish(staff: Staff) -> Article:
    """A published article is changed through its draft in the admin; the reviewer publishes it
    from the review page. The word is only in the change."""
    article = ArticleFactory(status=Article.Status.DRAFT, medical_reviewer=None, reviewed_on=None, slug="live-one")
    SectionFactory(article=article, body="Plain first text.")
    article = submit_and_publish(article=article, user=staff.reviewer)
    data = draft_form_data(
        staff.client, article, **{"sections-0-body": f"The {BODY_WORD} joints can wear.", "_submit_for_review": "1"}
    )
    assert staff.client.post(reverse("admin:education_article_draft", args=[article.pk]), data).status_code == 302
    review = reverse("admin:education_article_review", args=[article.pk])
    assert staff.client.post(review, review_post(article, _publish="1")).status_code == 302
    return Article.all_objects.get(pk=article.pk)


def by_revision_restore(staff: Staff) -> Article:
    """An old revision holding the word is restored as a draft and published again."""
    article = by_revision_publish(staff)
    old = article.live_revision
    save_change(article)
    submit_and_publish(article=article, user=staff.reviewer)
    article.sections.update(body="Plain text again.")  # a later change dropped the word
    article = services.article_restore_revision(revision=old, user=staff.reviewer)
    return submit_and_publish(article=article, user=staff.reviewer)


PUBLISHING_PATHS = [by_admin, by_import, by_load_demo, by_translation, by_revision_publish, by_revision_restore]


def body_word(article: Article) -> str:
    """The word to search for: ours, or for the untouched demo a word only its body has."""
    return "obstructive" if article.slug == DEMO_SLUG else BODY_WORD


@pytest.fixture
def staff(client, reviewer, verified_login):
    SurgeonFactory(user=reviewer, approves_content=True)
    verified_login(client, reviewer)
    return Staff(client=client, reviewer=reviewer)


@pytest.mark.parametrize("publish", PUBLISHING_PATHS, ids=lambda function: function.__name__)
def test_a_published_article_is_found_by_a_word_only_in_its_body(staff, publish):
    article = publish(staff)
    word = body_word(article)
    assert article.is_published
    assert word not in f"{article.title} {article.summary}".lower()
    with translation.override(article.language):
        results = search.search(word, language=article.language)
    assert any(result.type == "section" and result.url.startswith(article.get_absolute_url()) for result in results.all)
    assert Article.all_objects.filter(pk=article.pk, search_vector__isnull=False).exists()


def test_a_full_save_after_indexing_keeps_the_stored_vector(db):
    article = ArticleFactory()
    SectionFactory(article=article, body=f"The {BODY_WORD} joints.")
    article.refresh_text_stats()
    stale = Article.all_objects.get(pk=article.pk)
    stale.search_vector = None  # what a stale instance carries
    stale.title = "A new title"
    stale.save()
    assert Article.all_objects.get(pk=article.pk).title == "A new title"
    assert Article.all_objects.filter(pk=article.pk, search_vector=BODY_WORD).exists()

"""One writer of search vectors: a change marks the row dirty, and one indexing function, run after
the transaction commits, writes every dirty row's vector and clears the mark."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from education import search
from education.models import Article, Section
from tests.factories import ArticleFactory, SectionFactory


def vector_of(model, pk) -> str:
    return str(model.objects.values_list("search_vector", flat=True).get(pk=pk) or "")


@pytest.mark.after_commit_indexing
@pytest.mark.django_db
def test_edits_are_marked_dirty_and_indexed_once_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        article = ArticleFactory(title="Kyphoplasty", summary="Cement")
        section = SectionFactory(article=article, heading="Recovery", body="Walking laminotomy daily")
        section.body = "Walking foraminotomy daily"
        section.save()
        assert Section.objects.get(pk=section.pk).search_index_dirty  # not indexed before the commit
        assert Article.all_objects.get(pk=article.pk).search_index_dirty  # a section's change is its article's too
        assert vector_of(Section, section.pk) == ""
    assert callbacks.count(search.index_dirty) == 1  # one indexing run however many saves
    assert "foraminotomi" in vector_of(Section, section.pk)
    assert "foraminotomi" in vector_of(Article, article.pk)
    assert "laminotomi" not in vector_of(Article, article.pk)
    assert not Section.objects.filter(search_index_dirty=True).exists()
    assert not Article.all_objects.filter(search_index_dirty=True).exists()


@pytest.mark.django_db
def test_a_set_wide_change_is_indexed_through_the_article_text_signal():
    article = ArticleFactory(title="Discectomy")
    section = SectionFactory(article=article, body="Rest first")
    Section.objects.filter(pk=section.pk).update(body="Physiotherapy afterwards")  # no save, no mark
    article.refresh_text_stats()
    assert "physiotherapi" in vector_of(Section, section.pk)
    assert "physiotherapi" in vector_of(Article, article.pk)


def test_index_dirty_is_the_only_code_that_writes_a_search_vector():
    root = Path(settings.BASE_DIR)
    writers = [
        path.relative_to(root).as_posix()
        for folder in ("portal", "education", "care", "outcomes", "estimates", "scripts", "loadtest")
        for path in (root / folder).rglob("*.py")
        if "migrations" not in path.parts and re.search(r"search_vector\s*=\s*SearchVector\(", path.read_text())
    ]
    assert writers == ["education/search.py"]
    assert search.index_dirty.__doc__.startswith("The one writer")

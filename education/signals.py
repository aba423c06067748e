"""Cache invalidation and search indexing: reactions to content changes (and to `migrate`)."""

from django.apps import apps as django_apps
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from education import search
from education.models import (
    FAQ,
    Article,
    Figure,
    GlossaryTerm,
    SearchSynonym,
    Section,
    Surgeon,
    WarningSign,
    article_text_changed,
)
from education.readability import reading_grade
from education.rendering import content_changed
from education.selectors import article_quality_report

CONTENT_MODELS = (Article, Section, Figure, WarningSign, FAQ, GlossaryTerm, Surgeon)


@receiver(post_save)
@receiver(post_delete)
def content_saved(sender, instance=None, **kwargs):
    if sender in CONTENT_MODELS:
        content_changed()


@receiver(article_text_changed)
def text_stats_refresh(sender, *, article, **kwargs):
    """Recount the article's words, reading grade and quality warnings, and index it for search."""
    sections = list(article.sections.all())
    texts = [article.summary, *(section.body for section in sections)]
    text = "\n".join(t for t in texts if t)
    article.word_count = len(text.split())
    article.reading_grade = reading_grade(text, article.language)
    article.quality_warnings = article_quality_report(article, sections=sections).warning_count
    Article.all_objects.filter(pk=article.pk).update(
        word_count=article.word_count, reading_grade=article.reading_grade, quality_warnings=article.quality_warnings
    )
    # Parts may have been copied or changed set-wide (no save): mark the article and all its parts.
    for rows in (
        Article.all_objects.filter(pk=article.pk),
        *(m.objects.filter(article=article) for m in ARTICLE_PARTS),
    ):
        rows.update(search_index_dirty=True)
    search.index_after_commit()


@receiver(post_save, sender=SearchSynonym)
@receiver(post_delete, sender=SearchSynonym)
def search_words_changed(sender, **kwargs):
    """Synonyms change what search looks for: the search lexicon each process holds per content
    version is rebuilt. Bumped again once the change commits, so no process rebuilds it in between
    from what was there before."""
    content_changed()
    transaction.on_commit(content_changed)


@receiver(m2m_changed, sender=Article.related_procedures.through)
def procedures_changed(sender, **kwargs):
    content_changed()


ARTICLE_PARTS = (Section, FAQ, WarningSign)
SEARCH_INDEXED = (Article, *ARTICLE_PARTS, GlossaryTerm)


@receiver(post_save)
@receiver(post_delete)
def search_index_follows(sender, instance=None, raw=False, **kwargs):
    """A saved row marked itself dirty (`SearchIndexed.save`); a section's change also changes its
    article's vector. The one indexing function runs after the transaction commits."""
    if raw or sender not in SEARCH_INDEXED:
        return
    if sender is Section and instance.article_id:
        Article.all_objects.filter(pk=instance.article_id).update(search_index_dirty=True)
    search.index_after_commit()


def search_index_after_migrate(sender, apps=None, **kwargs):
    """After `migrate`: index whatever a migration added or marked (a new column starts every row dirty).
    Nothing to do while the database is migrated to a state before the mark existed."""
    from django.core.exceptions import FieldDoesNotExist

    try:
        (apps or django_apps).get_model("education", "Article")._meta.get_field("search_index_dirty")
    except (LookupError, FieldDoesNotExist):
        return
    search.index_dirty()

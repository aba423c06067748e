"""Cache invalidation and search indexing: reactions to content changes."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from education import search
from education.models import FAQ, Article, Figure, GlossaryTerm, Section, Surgeon, WarningSign, article_text_changed
from education.readability import reading_grade
from education.rendering import content_changed
from education.selectors import article_quality_report

CONTENT_MODELS = (Article, Section, Figure, WarningSign, FAQ, GlossaryTerm, Surgeon)


@receiver(post_save)
@receiver(post_delete)
def content_saved(sender, instance=None, **kwargs):
    if sender in CONTENT_MODELS and not _in_working_copy(instance):
        content_changed()


def _in_working_copy(instance) -> bool:
    """Staff editing a draft changes nothing patients read: cached pages stay valid."""
    if isinstance(instance, Article):
        return instance.is_working_copy
    article_id = getattr(instance, "article_id", None)
    if article_id is None:
        return False
    try:
        return instance.article.is_working_copy
    except Article.DoesNotExist:  # deleted with its article
        return False


@receiver(article_text_changed)
def text_stats_refresh(sender, *, article, **kwargs):
    """Recount the article's words, reading grade and quality warnings, and index it for search."""
    sections = list(article.sections.all())
    texts = [article.summary, *(section.body for section in sections)]
    text = "\n".join(t for t in texts if t)
    article.word_count = len(text.split())
    article.reading_grade = reading_grade(text, article.language)
    article.quality_warnings = article_quality_report(article, sections=sections).warning_count
    Article.objects.filter(pk=article.pk).update(
        word_count=article.word_count, reading_grade=article.reading_grade, quality_warnings=article.quality_warnings
    )
    search.index_article(article, sections)


@receiver(m2m_changed, sender=Article.related_procedures.through)
def procedures_changed(sender, **kwargs):
    content_changed()


def _language(instance) -> str:
    return instance.article.language if instance.article_id else instance.language


@receiver(post_save, sender=FAQ)
@receiver(post_save, sender=Section)
@receiver(post_save, sender=WarningSign)
@receiver(post_save, sender=GlossaryTerm)
def part_saved(sender, instance, raw=False, **kwargs):
    """Keep the part's stored search vector current, in the language it is written in.

    Saves never write the vector themselves (see `SearchIndexed`), so this UPDATE is its only writer
    besides `search.index_article`, which reindexes a whole article after staff edits and imports.
    """
    if raw:
        return
    from education import search

    language = instance.language if sender is GlossaryTerm else _language(instance)
    config = search.config_for(language)
    rows = sender.objects.filter(pk=instance.pk)
    if sender in (WarningSign, Section):
        {WarningSign: search.index_warning_signs, Section: search.index_sections}[sender](rows, language)
    else:
        {FAQ: search.index_faqs, GlossaryTerm: search.index_glossary_terms}[sender](rows, config)
    if sender is GlossaryTerm:
        search.learn_words(f"{instance.term} {instance.also_known_as}", language)

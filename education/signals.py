"""Cache invalidation: any content change makes cached article bodies stale."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from education.models import FAQ, Article, Figure, GlossaryTerm, Section, Surgeon, WarningSign
from education.rendering import content_changed

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


@receiver(m2m_changed, sender=Article.related_procedures.through)
def procedures_changed(sender, **kwargs):
    content_changed()


@receiver(post_save, sender=FAQ)
def faq_saved(sender, instance, raw=False, **kwargs):
    """Keep the FAQ's stored search vector current, in the language it is written in."""
    if raw:
        return
    from education import search

    language = instance.article.language if instance.article_id else instance.language
    search.index_faqs(FAQ.objects.filter(pk=instance.pk), search.TEXT_SEARCH_CONFIG.get(language, "simple"))

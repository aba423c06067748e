"""Cache invalidation: any content change makes cached article bodies stale."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from education.models import FAQ, Article, Figure, GlossaryTerm, Section, Surgeon, WarningSign
from education.rendering import content_changed

CONTENT_MODELS = (Article, Section, Figure, WarningSign, FAQ, GlossaryTerm, Surgeon)


@receiver(post_save)
@receiver(post_delete)
def content_saved(sender, **kwargs):
    if sender in CONTENT_MODELS:
        content_changed()


@receiver(m2m_changed, sender=Article.related_procedures.through)
def procedures_changed(sender, **kwargs):
    content_changed()

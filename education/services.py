"""Editorial workflow: submitting, publishing and importing articles."""

import re
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from education.importer import ParsedArticle
from education.models import (
    FAQ,
    REVIEW_INTERVAL_MONTHS,
    Article,
    Figure,
    Region,
    Section,
    Surgeon,
    WarningSign,
)
from estimates.services import procedures_record_from_article
from portal.audit.models import AuditEvent
from portal.audit.services import audit_record


class WorkflowError(Exception):
    """A workflow step that cannot happen; the message says what to do."""


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):  # 31 Jan + 1 month -> 28/29 Feb
        try:
            return day.replace(year=year, month=month, day=candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def article_submit_for_review(*, article: Article) -> None:
    if article.status == Article.Status.PUBLISHED:
        raise WorkflowError(_("“%(title)s” is already published.") % {"title": article.title})
    if not article.sections.exists():
        raise WorkflowError(_("“%(title)s” has no sections yet. Add its text first.") % {"title": article.title})
    article.status = Article.Status.IN_REVIEW
    article.save(update_fields=["status", "updated_at"])


@transaction.atomic
def article_publish(*, article: Article, user, today: date | None = None) -> None:
    """Publish `article`, recording `user`'s surgeon profile as the medical reviewer."""
    if not user.has_perm("education.publish_article"):
        raise PermissionDenied(_("Only a medical reviewer can publish."))
    reviewer = getattr(user, "surgeon", None)
    if reviewer is None or not reviewer.approves_content:
        raise WorkflowError(
            _(
                "To publish, your login must belong to a surgeon who approves content. "
                "Ask an administrator to set you as the staff user on your surgeon profile."
            )
        )
    article_mark_published(article=article, reviewer=reviewer, today=today)


def article_mark_published(*, article: Article, reviewer, today: date | None = None) -> None:
    today = today or timezone.localdate()
    article.status = Article.Status.PUBLISHED
    article.medical_reviewer = reviewer
    article.reviewed_on = today
    article.next_review_due = add_months(today, REVIEW_INTERVAL_MONTHS)
    article.save()
    audit_record(action=AuditEvent.Action.ARTICLE_PUBLISHED, target=article, detail={"reviewer": str(reviewer)})


@transaction.atomic
def article_return_to_draft(*, article: Article, user) -> None:
    if not user.has_perm("education.publish_article"):
        raise PermissionDenied(_("Only a medical reviewer can take an article off the portal."))
    was_published = article.is_published
    article.status = Article.Status.DRAFT
    article.save(update_fields=["status", "updated_at"])
    if was_published:
        audit_record(action=AuditEvent.Action.ARTICLE_UNPUBLISHED, target=article, user=user)


def article_after_staff_edit(*, article: Article, user) -> bool:
    """An editor changed a published article: it goes back to review.

    Returns True when the article was sent back, so the admin can warn the
    editor that patients no longer see it until a reviewer publishes it again.
    """
    article.refresh_text_stats()
    if article.status == Article.Status.PUBLISHED and not user.has_perm("education.publish_article"):
        article.status = Article.Status.IN_REVIEW
        article.save(update_fields=["status", "updated_at"])
        return True
    return False


def _surgeon_for(parsed: ParsedArticle) -> Surgeon | None:
    if not parsed.author:
        return None
    bare_name = re.sub(r"^(Dr\.?|Doctor)\s+", "", parsed.author).strip()
    surgeon = Surgeon.objects.filter(name__iendswith=bare_name).first()
    if surgeon is None:
        surgeon = Surgeon.objects.create(
            name=parsed.author,
            slug=slugify(bare_name),
            bio=parsed.author_bio,
            # The clinic's author block says when the surgeon approves the content.
            approves_content="approve" in parsed.author_bio.lower(),
        )
    return surgeon


def _guess_regions(parsed: ParsedArticle) -> list[str]:
    text = f"{parsed.title} {parsed.summary}".lower()
    found = [code for code in ("cervical", "thoracic", "lumbar", "sacral") if code in text]
    return found or ["general"]


@dataclass
class ImportResult:
    article: Article
    created: bool
    procedures: list = field(default_factory=list)


@transaction.atomic
def article_import(
    *,
    parsed: ParsedArticle,
    kind: str = Article.Kind.PROCEDURE,
    publish: bool = False,
    slug: str = "",
    language: str = "en",
    translation_of: Article | None = None,
) -> ImportResult:
    """Create or update the article `parsed` describes, all or nothing.

    Re-importing a slug replaces the article's parts (the history keeps the
    old ones). An imported change to a published article goes back to review
    unless `publish` is given.
    """
    slug = slug or parsed.slug
    article = Article.objects.filter(slug=slug).first()
    created = article is None
    if created:
        article = Article(slug=slug, kind=translation_of.kind if translation_of else kind)
    elif article.status == Article.Status.PUBLISHED:
        article.status = Article.Status.IN_REVIEW
    article.title = parsed.title
    article.summary = parsed.summary
    article.author = _surgeon_for(parsed)
    article.is_post_operative = bool(parsed.warning_signs)
    article.language = language
    article.translation_of = translation_of
    article.save()
    if translation_of:
        article.regions.set(translation_of.regions.all())
    else:
        article.regions.set([Region.objects.get_or_create(code=code)[0] for code in _guess_regions(parsed)])

    for part in (article.sections, article.figures, article.warning_signs, article.faqs):
        for old in part.all():
            old.delete()  # one by one, so the history records each removal
    sections = [
        Section.objects.create(article=article, kind=s.kind, heading=s.heading, body=s.body, order=index)
        for index, s in enumerate(parsed.sections)
    ]
    for index, figure in enumerate(parsed.figures):
        section = sections[figure.section_index] if figure.section_index is not None else None
        Figure.objects.create(
            article=article, section=section, caption=figure.caption, description=figure.description, order=index
        )
    for index, sign in enumerate(parsed.warning_signs):
        WarningSign.objects.create(
            article=article, urgency=sign.urgency, group=sign.group, text=sign.text, order=index, language=language
        )
    for index, faq in enumerate(parsed.faqs):
        FAQ.objects.create(
            article=article,
            question=faq.question,
            answer=faq.answer,
            order=index,
            topic=parsed.title,
            language=language,
        )

    procedures = []
    if parsed.procedures:
        procedures = procedures_record_from_article(items=[(p.cpt, p.name, p.amount) for p in parsed.procedures])
        article.related_procedures.set(procedures)

    article.refresh_text_stats()
    if publish:
        if article.author is None or not article.author.approves_content:
            raise WorkflowError(_("To publish on import, the page's author must be a surgeon who approves content."))
        article_mark_published(article=article, reviewer=article.author)
    return ImportResult(article=article, created=created, procedures=procedures)


@transaction.atomic
def translation_start(*, article: Article, language: str) -> Article:
    """A draft translation of `article` that starts as a copy of all its parts, for an editor to
    translate in place; it is reviewed and published like any article."""
    if article.language != "en" or language == "en":
        raise WorkflowError(_("Only an English article can be translated."))
    if article.translations.filter(language=language).exists():
        raise WorkflowError(_("“%(title)s” already has a translation. Edit that one.") % {"title": article.title})
    slug = f"{article.slug}-{language}"
    translation = Article.objects.create(
        slug=slug if not Article.objects.filter(slug=slug).exists() else f"{slug}-{article.pk}",
        title=article.title,
        summary=article.summary,
        kind=article.kind,
        author=article.author,
        is_post_operative=article.is_post_operative,
        language=language,
        translation_of=article,
        status=Article.Status.DRAFT,
    )
    translation.regions.set(article.regions.all())
    translation.related_procedures.set(article.related_procedures.all())
    copies = {}
    for section in article.sections.all():
        copies[section.pk] = Section.objects.create(
            article=translation, kind=section.kind, heading=section.heading, body=section.body, order=section.order
        )
    for figure in article.figures.all():
        Figure.objects.create(
            article=translation,
            section=copies.get(figure.section_id),
            image=figure.image,  # the same picture file; only the words are translated
            caption=figure.caption,
            alt_text=figure.alt_text,
            description=figure.description,
            order=figure.order,
        )
    for sign in article.warning_signs.all():
        WarningSign.objects.create(
            article=translation, urgency=sign.urgency, group=sign.group, text=sign.text, order=sign.order
        )
    for faq in article.faqs.all():
        FAQ.objects.create(
            article=translation, question=faq.question, answer=faq.answer, topic=faq.topic, order=faq.order,
            is_published=faq.is_published,
        )  # fmt: skip
    translation.refresh_text_stats()
    return translation

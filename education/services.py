"""Editorial workflow: submitting, publishing and importing articles."""

import re
import uuid
from dataclasses import dataclass, field
from datetime import date

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from education import extensions, quality, revisions
from education.importer import ParsedArticle
from education.models import (
    REVIEW_INTERVAL_MONTHS,
    Article,
    ArticleRevision,
    Region,
    ReviewComment,
    Section,
    Surgeon,
)
from education.readability import reading_grade
from portal.audit.models import AuditEvent
from portal.audit.services import audit_record


class WorkflowError(Exception):
    """A workflow step that cannot happen; the message says what to do."""


class RedFlagHold(WorkflowError):
    """Publishing is held: an emergency sign sits under “call the clinic” and no reason was given."""

    def __init__(self, flags: list[quality.RedFlag]):
        self.flags = flags
        signs = "; ".join(f"“{flag.sign}” ({flag.symptom})" for flag in flags)
        super().__init__(
            _(
                "Not published: these signs usually need the emergency room but are under “call the clinic”: "
                "%(signs)s. Move them under “Go to the emergency room or call 911”, or, as the medical reviewer, "
                "write on the review page why it may be published as it is."
            )
            % {"signs": signs}
        )


def article_warning_signs(article: Article) -> list[quality.WarningSignText]:
    return [
        quality.WarningSignText(urgency=sign.urgency, text=sign.text, group=sign.group)
        for sign in article.warning_signs.all()
    ]


def snapshot_warning_signs(content: dict) -> list[quality.WarningSignText]:
    """The warning signs of a revision's snapshot (`revisions.article_snapshot`), for the same check."""
    return [
        quality.WarningSignText(urgency=row["urgency"], text=row["text"], group=row.get("group", ""))
        for row in content.get("warning_signs", [])
    ]


def publish_check_red_flags(
    *, signs: list[quality.WarningSignText], language: str, override_reason: str = "", user=None, target=None
) -> list[quality.RedFlag]:
    """The one red-flag rule of every way to publish (review page, bulk action, importer, clinic-wide signs).

    An emergency sign under “call the clinic” holds publishing (RedFlagHold) unless a medical reviewer
    gives a reason; the reason is audited (with `target`) and returned flags tell the caller what to record.
    """
    flags = quality.warning_sign_red_flags(signs, language=language)
    if not flags:
        return []
    if not (override_reason or "").strip():
        raise RedFlagHold(flags)
    if user is not None and user.is_authenticated and not user.has_perm("education.publish_article"):
        raise PermissionDenied(_("Only a medical reviewer can publish with an emergency sign under “call the clinic”."))
    audit_record(
        action=AuditEvent.Action.RED_FLAG_OVERRIDDEN,
        target=target,
        user=user,
        detail={"reason": override_reason.strip(), "signs": [flag.sign for flag in flags]},
    )
    return flags


def add_months(day: date, months: int) -> date:
    """The same day `months` later; a day the month lacks becomes its last (31 Jan + 1 month -> 28/29 Feb)."""
    return day + relativedelta(months=months)


def _revision_record(
    *, article: Article, kind: str, user=None, restored_from=None, content: dict | None = None
) -> ArticleRevision:
    """Record a revision of `article`: `content` (a change to a published article), else what its rows
    say. It becomes the article's `latest_revision`."""
    if content is None:
        content, grade = revisions.article_snapshot(article), article.reading_grade
    else:
        grade = content_reading_grade(content, article.language)
    revision = ArticleRevision.objects.create(
        article=article,
        kind=kind,
        content=content,
        reading_grade=grade,
        created_by=user if user is not None and user.is_authenticated else None,
        restored_from=restored_from,
    )
    Article.all_objects.filter(pk=article.pk).update(latest_revision=revision)
    article.latest_revision = revision
    return revision


def content_reading_grade(content: dict, language: str):
    """A snapshot's reading grade, measured as `text_stats_refresh` measures an article's rows."""
    texts = [content.get("summary") or "", *(row.get("body") or "" for row in content.get("sections", []))]
    return reading_grade("\n".join(t for t in texts if t), language)


def _locked(article: Article) -> Article:
    """`article`, its row locked until the transaction ends (one writer of its revisions at a time) and
    re-read, so the caller's instance says what the service then did."""
    Article.all_objects.select_for_update().filter(pk=article.pk).values_list("pk", flat=True).get()
    article.refresh_from_db()
    return article


def _pending_in_review(article: Article) -> bool:
    latest = article.latest_revision if article.latest_revision_id else None
    return latest is not None and latest.kind == ArticleRevision.Kind.SUBMITTED and latest.published_at is None


def article_save_draft(*, article: Article, user=None) -> ArticleRevision:
    """After staff saved an article patients cannot see (its own rows): recount its text and record
    it as a revision."""
    if article.is_published:
        raise WorkflowError(_("Patients are reading “%(title)s”. Change it through a draft.") % {"title": article})
    article.refresh_text_stats()
    if Article.all_objects.filter(pk=article.pk, status=Article.Status.IN_REVIEW).exists():
        # Still in review: this is now the version to review, and one opened before it can no longer be published.
        return _submitted_record(article=article, user=user)
    return _revision_record(article=article, kind=ArticleRevision.Kind.SAVED, user=user)


@transaction.atomic
def article_save_changes(*, article: Article, content: dict, user=None) -> ArticleRevision:
    """A change to a published article, as a new revision and nothing else: no row of the article or its
    parts is written, so patients keep reading the published version. While the change is in review the
    new revision is the one to review (a reviewer who opened an older one can no longer publish it)."""
    article = _locked(article)
    if not article.is_published:
        raise WorkflowError(_("“%(title)s” is not published: change it in its own form.") % {"title": article})
    content = {**content, "procedures_found": content.get("procedures_found") or []}
    if _pending_in_review(article):
        return _submitted_record(article=article, user=user, content=content)
    return _revision_record(article=article, kind=ArticleRevision.Kind.SAVED, user=user, content=content)


def _submitted_record(*, article: Article, user=None, content: dict | None = None) -> ArticleRevision:
    revision = _revision_record(article=article, kind=ArticleRevision.Kind.SUBMITTED, user=user, content=content)
    revision.submitted_by, revision.submitted_at = revision.created_by, revision.created_at
    revision.save(update_fields=["submitted_by", "submitted_at"])
    return revision


def draft_content(article: Article) -> dict:
    """What staff edit for a published article: its latest unpublished revision, or (none yet) the
    published text, from which a draft starts."""
    if article.has_unpublished_changes:
        return article.latest_revision.content
    return revisions.article_snapshot(article)


@transaction.atomic
def article_submit_for_review(*, article: Article, user=None) -> ArticleRevision:
    """Send `article`'s waiting changes (a published article's latest revision, or the rows of an
    article patients cannot see) to review.

    Returns the submitted revision: the one a reviewer reads and the only one they can publish."""
    article = _locked(article)
    if article.is_published:
        if not article.has_unpublished_changes:
            raise WorkflowError(
                _("“%(title)s” is published and has no changes waiting. Change it first.") % {"title": article.title}
            )
        content = article.latest_revision.content
        if not content.get("sections"):
            raise WorkflowError(_("“%(title)s” has no sections yet. Add its text first.") % {"title": article.title})
        revision = _submitted_record(article=article, user=user, content=content)
    else:
        if not article.sections.exists():
            raise WorkflowError(_("“%(title)s” has no sections yet. Add its text first.") % {"title": article.title})
        article.status = Article.Status.IN_REVIEW
        article.save(update_fields=["status", "updated_at"])
        revision = _submitted_record(article=article, user=user)
    audit_record(action=AuditEvent.Action.ARTICLE_SUBMITTED, target=article, detail={"revision": revision.pk})
    return revision


def article_revision_in_review(article: Article) -> ArticleRevision | None:
    """The revision waiting for a reviewer: the latest one of `article`, if it was sent for review and is
    still in review (not sent back, not published since)."""
    latest = article.revisions.first()
    if latest is None or latest.kind != ArticleRevision.Kind.SUBMITTED or latest.published_at is not None:
        return None
    if not article.is_published and article.status != Article.Status.IN_REVIEW:
        return None
    return latest


def _reviewer_for(user) -> Surgeon:
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
    return reviewer


class DraftChanged(WorkflowError):
    """The revision a reviewer read is no longer the one waiting: they must review the new version."""

    def __init__(self, article: Article):
        self.article = article
        super().__init__(_("This draft changed after you opened it. Review the new version."))


@transaction.atomic
def article_publish(
    *,
    revision: ArticleRevision,
    user,
    reviewer: Surgeon | None = None,
    today: date | None = None,
    red_flag_override: str = "",
) -> Article:
    """Make exactly `revision` what patients read, recording the medical reviewer (`user`'s surgeon profile,
    or `reviewer` for the importer's `--publish`). Every way to publish comes here.

    Only a revision sent for review can be published, and only while it is still the latest one of its
    article (and, for an article not yet published, its rows still say what it says): otherwise
    DraftChanged. The article's row is locked first, so two reviewers publishing at once cannot
    interleave. The revision's snapshot is applied to the live rows. Returns the live article."""
    if reviewer is None:
        reviewer = _reviewer_for(user)
    live = Article.all_objects.select_for_update().get(pk=revision.article_id)
    if revision.kind != ArticleRevision.Kind.SUBMITTED or revision.published_at is not None:
        raise WorkflowError(_("Only changes sent for review can be published. Send them for review first."))
    if article_revision_in_review(live) != revision:
        raise DraftChanged(live)
    if not live.is_published and not revisions.same_content(revisions.article_snapshot(live), revision.content):
        raise DraftChanged(live)  # its rows were changed without a new revision
    today = today or timezone.localdate()
    flags = publish_check_red_flags(
        signs=snapshot_warning_signs(revision.content),
        language=live.language,
        override_reason=red_flag_override,
        user=user,
        target=live,
    )
    content = _with_procedures_recorded(revision.content)
    revisions.article_apply(content=content, target=live)
    live.status = Article.Status.PUBLISHED
    live.medical_reviewer = reviewer
    live.reviewed_on = today
    live.next_review_due = add_months(today, REVIEW_INTERVAL_MONTHS)
    if live.translation_of_id:
        live.source_revision_id = Article.all_objects.values_list("live_revision", flat=True).get(
            pk=live.translation_of_id
        )
    live.save()
    live.refresh_text_stats()
    acting = user if user is not None and user.is_authenticated else None
    now = timezone.now()
    ArticleRevision.objects.filter(pk=revision.pk).update(published_by=acting, published_at=now)
    published = _revision_record(article=live, kind=ArticleRevision.Kind.PUBLISHED, user=user)
    published.submitted_by, published.submitted_at = revision.submitted_by, revision.submitted_at
    published.published_by, published.published_at = acting, now
    published.red_flag_override = red_flag_override.strip() if flags else ""
    published.save(update_fields=["submitted_by", "submitted_at", "published_by", "published_at", "red_flag_override"])
    live.live_revision = published
    live.save(update_fields=["live_revision"])
    audit_record(
        action=AuditEvent.Action.ARTICLE_PUBLISHED,
        target=live,
        user=user,
        detail={"reviewer": str(reviewer), "revision": published.pk, "reviewed_revision": revision.pk},
    )
    return live


@transaction.atomic
def article_submit_and_publish(*, article: Article, user) -> Article:
    """A medical reviewer's own change, from the article form: sent for review and that revision published."""
    _reviewer_for(user)
    return article_publish(revision=article_submit_for_review(article=article, user=user), user=user)


def _with_procedures_recorded(content: dict) -> dict:
    """A revision's procedures named by an imported page reach the calculator only now, when it is
    published: the estimates app records them (see education.extensions) and the article links them."""
    found = content.get("procedures_found") or []
    if not found:
        return content
    recorded = []
    for _receiver, procedures in extensions.article_procedures_found.send(sender=Article, items=found):
        recorded += procedures
    linked = [*content.get("related_procedures", []), *(p.pk for p in recorded)]
    return {**content, "related_procedures": sorted(set(linked)), "procedures_found": []}


@transaction.atomic
def article_return_to_draft(*, article: Article, user) -> None:
    """Take a published article off the portal."""
    if not user.has_perm("education.publish_article"):
        raise PermissionDenied(_("Only a medical reviewer can take an article off the portal."))
    article = _locked(article)
    was_published = article.is_published
    article.status = Article.Status.DRAFT
    article.save(update_fields=["status", "updated_at"])
    if was_published:
        audit_record(
            action=AuditEvent.Action.ARTICLE_UNPUBLISHED,
            target=article,
            user=user,
            detail={"revision": article.live_revision_id},
        )


@transaction.atomic
def article_send_back(*, article: Article, user, comment: str) -> ReviewComment:
    """A reviewer returns waiting changes to the editor with a comment the editor sees."""
    if not user.has_perm("education.publish_article"):
        raise PermissionDenied(_("Only a medical reviewer can send changes back."))
    if not comment.strip():
        raise WorkflowError(_("Say what the editor should change."))
    article = _locked(article)
    revision = article_revision_in_review(article)
    if revision is None:
        raise WorkflowError(_("No changes are waiting for review."))
    if article.is_published:  # the change goes back to being a draft: a revision saying so
        _revision_record(article=article, kind=ArticleRevision.Kind.SENT_BACK, user=user, content=revision.content)
    else:
        article.status = Article.Status.DRAFT
        article.save(update_fields=["status", "updated_at"])
    note = ReviewComment.objects.create(
        article=article, revision=revision, author=user, text=comment.strip(), sent_back=True
    )
    audit_record(
        action=AuditEvent.Action.ARTICLE_SENT_BACK, target=article, user=user, detail={"revision": revision.pk}
    )
    return note


@transaction.atomic
def article_restore_revision(*, revision: ArticleRevision, user) -> Article:
    """Undo: make a new draft from an old revision. It goes through review like any change: for a
    published article a new revision, for one patients cannot see its rows."""
    if not user.has_perm("education.change_article"):
        raise PermissionDenied(_("You may not change articles."))
    article = _locked(revision.article)
    if article.is_published:
        content = {**revision.content, "pemat": draft_content(article).get("pemat")}
        restored = _revision_record(
            article=article, kind=ArticleRevision.Kind.RESTORED, user=user, restored_from=revision, content=content
        )
    else:
        revisions.article_apply(content=revision.content, target=article)
        article.status = Article.Status.DRAFT
        article.save(update_fields=["status", "updated_at"])
        article.refresh_text_stats()
        restored = _revision_record(
            article=article, kind=ArticleRevision.Kind.RESTORED, user=user, restored_from=revision
        )
    audit_record(
        action=AuditEvent.Action.ARTICLE_REVERTED,
        target=article,
        user=user,
        detail={"revision": revision.pk, "new_revision": restored.pk},
    )
    return article


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
    user=None,
    red_flag_override: str = "",
) -> ImportResult:
    """Create or update the article `parsed` describes, all or nothing.

    Through the same door as the admin: re-importing a published article records a
    revision that waits for review while patients keep reading the published text,
    unless `publish` is given.
    """
    slug = slug or parsed.slug
    live = Article.all_objects.filter(slug=slug).first()
    created = live is None
    if created:
        live = Article.all_objects.create(
            slug=slug,
            kind=translation_of.kind if translation_of else kind,
            language=language,
            translation_of=translation_of,
            title=parsed.title,
            summary=parsed.summary,
        )
    if translation_of:
        regions = list(translation_of.regions.values_list("code", flat=True))
    else:
        regions = [Region.objects.get_or_create(code=code)[0].code for code in _guess_regions(parsed)]
    author = _surgeon_for(parsed)
    current = draft_content(live) if live.is_published else revisions.article_snapshot(live)
    content = {
        **current,
        **_parsed_content(parsed, current=current, kind=live.kind, regions=regions, author=author),
        # A draft changes nothing patients see: the page's procedures reach the calculator when it is published.
        "procedures_found": [[p.cpt, p.name, str(p.amount)] for p in parsed.procedures],
    }
    if live.is_published:
        article_save_changes(article=live, content=content, user=user)
    else:
        live.language, live.translation_of = language, translation_of
        revisions.article_apply(content=content, target=live)
        live.refresh_text_stats()
        _revision_record(article=live, kind=ArticleRevision.Kind.SAVED, user=user)
    procedures = []
    if live.is_published or publish:
        submitted = article_submit_for_review(article=live, user=user)
        live.refresh_from_db()
        if publish:
            if author is None or not author.approves_content:
                raise WorkflowError(
                    _("To publish on import, the page's author must be a surgeon who approves content.")
                )
            live = article_publish(revision=submitted, user=user, reviewer=author, red_flag_override=red_flag_override)
            procedures = list(live.related_procedures.filter(cpt_code__in=[p.cpt for p in parsed.procedures]))
    return ImportResult(article=live, created=created, procedures=procedures)


def _parsed_content(parsed: ParsedArticle, *, current: dict, kind: str, regions: list, author) -> dict:
    """`parsed` as a revision's content. A part that is still there keeps its key (by its
    heading, question, sign or caption), so re-importing updates it in place."""

    def keys(relation, identity):
        return {identity(row): row["key"] for row in current.get(relation, [])}

    section_keys = keys("sections", lambda row: (row["kind"], row["heading"]))
    sections = []
    for index, section in enumerate(parsed.sections):
        heading = section.heading or str(Section.Kind(section.kind).label)
        key = section_keys.pop((section.kind, heading), None) or str(uuid.uuid4())
        sections.append({"key": key, "kind": section.kind, "heading": heading, "body": section.body, "order": index})
    figure_keys = keys("figures", lambda row: row["caption"])
    sign_keys = keys("warning_signs", lambda row: (row["urgency"], row["text"]))
    faq_keys = keys("faqs", lambda row: row["question"])
    return {
        "title": parsed.title,
        "summary": parsed.summary,
        "kind": kind,
        "is_post_operative": bool(parsed.warning_signs),
        "author": author.pk if author else None,
        "regions": regions,
        "related_procedures": current.get("related_procedures", []),
        "sections": sections,
        "figures": [
            {
                "key": figure_keys.pop(figure.caption, None) or str(uuid.uuid4()),
                "caption": figure.caption,
                "alt_text": "",
                "description": figure.description,
                "image": "",
                "section": sections[figure.section_index]["key"] if figure.section_index is not None else None,
                "order": index,
            }
            for index, figure in enumerate(parsed.figures)
        ],
        "warning_signs": [
            {
                "key": sign_keys.pop((sign.urgency, sign.text), None) or str(uuid.uuid4()),
                "urgency": sign.urgency,
                "group": sign.group,
                "text": sign.text,
                "order": index,
            }
            for index, sign in enumerate(parsed.warning_signs)
        ],
        "faqs": [
            {
                "key": faq_keys.pop(faq.question, None) or str(uuid.uuid4()),
                "question": faq.question,
                "answer": faq.answer,
                "topic": parsed.title,
                "order": index,
                "is_published": True,
            }
            for index, faq in enumerate(parsed.faqs)
        ],
    }


@transaction.atomic
def translation_start(*, article: Article, language: str, user=None) -> Article:
    """A draft translation of `article` that starts as a copy of all its parts, for an editor to
    translate in place; it is reviewed and published like any article."""
    if article.language != "en" or language == "en":
        raise WorkflowError(_("Only an English article can be translated."))
    if article.translations.filter(language=language).exists():
        raise WorkflowError(_("“%(title)s” already has a translation. Edit that one.") % {"title": article.title})
    slug = f"{article.slug}-{language}"
    translation = Article.all_objects.create(
        slug=slug if not Article.all_objects.filter(slug=slug).exists() else f"{slug}-{article.pk}",
        title=article.title,
        summary=article.summary,
        kind=article.kind,
        language=language,
        translation_of=article,
        status=Article.Status.DRAFT,
    )
    # The same parts (and picture files); only the words are to be translated.
    revisions.article_apply(content=revisions.article_snapshot(article), target=translation)
    translation.refresh_text_stats()
    _revision_record(article=translation, kind=ArticleRevision.Kind.SAVED, user=user)
    return translation


@transaction.atomic
def article_discard_draft(*, article: Article, user) -> Article:
    """Throw away the unpublished changes of a published article: the revisions recorded since the
    published one. The article patients read, and its history up to then, stay as they are."""
    article = _locked(article)
    if not (article.is_published and article.has_unpublished_changes):
        raise WorkflowError(_("Only a draft of a published article can be discarded."))
    discarded = article.revisions.filter(pk__gt=article.live_revision_id or 0)
    audit_record(
        action=AuditEvent.Action.ARTICLE_DRAFT_DISCARDED,
        target=article,
        user=user,
        detail={"revisions": sorted(discarded.values_list("pk", flat=True)), "status": article.changes_status},
    )
    Article.all_objects.filter(pk=article.pk).update(latest_revision=article.live_revision_id)
    discarded.delete()
    article.latest_revision_id = article.live_revision_id
    return article

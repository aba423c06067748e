"""An article and all its parts as one unit: snapshot, apply, working copy, diff.

Why our own snapshots rather than django-modelcluster: Wagtail edits a page in
memory (modelcluster's ClusterForm) and writes only a JSON revision until it
publishes. Django's admin inlines save rows, and the project's search vectors,
query budgets and patient queries all read rows. So the article's own rows stay
what patients read, staff edit a *working copy* (ordinary rows with
`draft_for` set, so the admin, its inlines and simple-history work unchanged),
and one function, `article_apply`, moves a snapshot onto any article: a live
article onto its new working copy, a working copy onto the live article when a
reviewer publishes, an old revision onto the working copy when staff restore it.
Parts keep a stable `key` across all of these, so publishing updates a question
in place and patients' bookmarks of it survive.
"""

import difflib
import re
import uuid
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from education.models import (
    FAQ,
    Article,
    Figure,
    PematRating,
    Region,
    Section,
    Surgeon,
    TeachBackQuestion,
    WarningSign,
)

SCHEMA = 1
ARTICLE_FIELDS = ("title", "summary", "kind", "is_post_operative")
# Each part: the relation on Article, its model, and the fields a snapshot keeps.
PARTS = {
    "sections": (Section, ("kind", "heading", "body", "order")),
    "figures": (Figure, ("caption", "alt_text", "description", "diagram", "order")),
    "warning_signs": (WarningSign, ("urgency", "group", "text", "order")),
    "faqs": (FAQ, ("question", "answer", "topic", "order", "is_published")),
    "teach_back_questions": (TeachBackQuestion, ("question", "options", "section_anchor", "order")),
}


def article_snapshot(article: Article) -> dict:
    """The article and its parts as plain JSON data."""
    content = {"schema": SCHEMA, **{name: getattr(article, name) for name in ARTICLE_FIELDS}}
    content["author"] = article.author_id
    content["regions"] = sorted(article.regions.values_list("code", flat=True))
    content["related_procedures"] = sorted(article.related_procedures.values_list("pk", flat=True))
    # The reviewer's PEMAT scores travel with the revision they were given for.
    content["pemat"] = PematRating.objects.filter(article=article).values("understandability", "actionability").first()
    section_keys = {}
    for relation, (_model, fields) in PARTS.items():
        rows = []
        for part in getattr(article, relation).order_by("order", "pk"):
            row = {"key": str(part.key), **{name: getattr(part, name) for name in fields}}
            if relation == "sections":
                section_keys[part.pk] = row["key"]
            if relation == "figures":
                row["image"] = part.image.name or ""
                row["section"] = section_keys.get(part.section_id)
            rows.append(row)
        content[relation] = rows
    return content


@transaction.atomic
def article_apply(*, content: dict, target: Article) -> None:
    """Make `target` and its parts say what `content` says.

    Parts are matched by key: a part in both is updated in place (its id, and so
    bookmarks and anchors, stay), a new one is added, a missing one removed,
    one by one so the history records each change.
    """
    for name in ARTICLE_FIELDS:
        setattr(target, name, content[name])
    # A surgeon or procedure deleted since an old revision is simply left out.
    target.author = Surgeon.objects.filter(pk=content.get("author")).first()
    target.save()
    target.regions.set(Region.objects.filter(code__in=content.get("regions", [])))
    procedures = type(target)._meta.get_field("related_procedures").related_model  # estimates.Procedure, not imported
    target.related_procedures.set(procedures.objects.filter(pk__in=content.get("related_procedures", [])))
    section_ids = {}
    for relation, (model, fields) in PARTS.items():
        existing = {str(part.key): part for part in getattr(target, relation).all()}
        wanted = {row["key"] for row in content.get(relation, [])}
        for key, part in existing.items():
            if key not in wanted:
                part.delete()
        for row in content.get(relation, []):
            part = existing.get(row["key"]) or model(article=target, key=uuid.UUID(row["key"]))
            for name in fields:  # a field added since an old revision takes its default
                setattr(part, name, row[name] if name in row else model._meta.get_field(name).get_default())
            if relation == "figures":
                part.image = row.get("image", "")
                part.section_id = section_ids.get(row.get("section"))
            part.save()
            if relation == "sections":
                section_ids[row["key"]] = part.pk


def working_copy_slug(article: Article) -> str:
    return f"draft-{article.pk}-{article.slug}"[:200]


def editable_copy(article: Article) -> Article:
    """Where staff change `article`: its working copy (made now if a published article has
    none), or the article itself while patients cannot see it."""
    article = article.live_article
    working_copy = Article.objects.filter(draft_for=article).first()
    if working_copy is not None:
        return working_copy
    if not article.is_published:
        return article
    with transaction.atomic():
        working_copy = Article.objects.create(
            draft_for=article,
            slug=working_copy_slug(article),
            language=article.language,
            translation_of=article.translation_of,
            status=Article.Status.DRAFT,
            title=article.title,
            summary=article.summary,
            kind=article.kind,
        )
        article_apply(content=article_snapshot(article), target=working_copy)
        working_copy.refresh_text_stats()
    return working_copy


# Differences ---------------------------------------------------------------------------
PART_LABELS = {
    "sections": lambda row: row["heading"] or row["kind"],
    "figures": lambda row: row["caption"],
    "warning_signs": lambda row: row["text"],
    "faqs": lambda row: row["question"],
    "teach_back_questions": lambda row: row["question"],
}
PART_TEXT = {
    "sections": lambda row: f"{row['heading']}\n\n{row['body']}",
    "figures": lambda row: "\n".join(filter(None, [row["caption"], row["alt_text"], row["description"]])),
    "warning_signs": lambda row: f"{row['group']}: {row['text']}" if row["group"] else row["text"],
    "faqs": lambda row: f"{row['question']}\n\n{row['answer']}",
    "teach_back_questions": lambda row: "\n".join(
        [row["question"], *(("✔ " if o.get("correct") else "– ") + o.get("text", "") for o in row["options"])]
    ),
}


@dataclass
class Change:
    """One changed thing between two snapshots, ready for the reviewer's screen."""

    part: str
    status: str  # "added", "removed", "changed", "moved"
    label: str
    html: str = ""
    notes: list[str] = field(default_factory=list)


def words_diff_html(old: str, new: str) -> str:
    """`old` → `new` word by word, removed words in <del>, added in <ins>; everything escaped."""
    old_words, new_words = re.split(r"(\s+)", old), re.split(r"(\s+)", new)
    out = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, old_words, new_words, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape("".join(old_words[a1:a2])))
            continue
        if a2 > a1:
            out.append(f"<del>{escape(''.join(old_words[a1:a2]))}</del>")
        if b2 > b1:
            out.append(f"<ins>{escape(''.join(new_words[b1:b2]))}</ins>")
    return mark_safe("".join(out))  # noqa: S308 (every piece escaped above)


URGENCY_WORDS = {
    WarningSign.Urgency.EMERGENCY: WarningSign.Urgency.EMERGENCY.label,
    WarningSign.Urgency.CALL_CLINIC: WarningSign.Urgency.CALL_CLINIC.label,
}


def snapshot_diff(old: dict | None, new: dict) -> list[Change]:
    """What changed from `old` (None: nothing published yet) to `new`, part by part."""
    old = old or {}
    changes = []
    for name in ("title", "summary"):
        if old.get(name, "") != new.get(name, ""):
            changes.append(Change("article", "changed", name, words_diff_html(old.get(name, ""), new[name])))
    for relation in PARTS:
        label, text = PART_LABELS[relation], PART_TEXT[relation]
        before = {row["key"]: row for row in old.get(relation, [])}
        after = {row["key"]: row for row in new.get(relation, [])}
        moved = _moved_keys([k for k in before if k in after], [k for k in after if k in before])
        for key, row in before.items():
            if key not in after:
                changes.append(Change(relation, "removed", label(row), words_diff_html(text(row), "")))
        for key, row in after.items():
            if key not in before:
                changes.append(Change(relation, "added", label(row), words_diff_html("", text(row))))
                continue
            old_row = before[key]
            notes = []
            if relation == "warning_signs" and old_row["urgency"] != row["urgency"]:
                notes.append(
                    _("Moved from “%(old)s” to “%(new)s”.")
                    % {"old": URGENCY_WORDS[old_row["urgency"]], "new": URGENCY_WORDS[row["urgency"]]}
                )
            if relation == "faqs" and old_row["is_published"] != row["is_published"]:
                notes.append(_("Now shown to patients.") if row["is_published"] else _("Now hidden from patients."))
            if relation == "figures" and (old_row.get("image"), old_row.get("diagram")) != (
                row.get("image"),
                row.get("diagram"),
            ):
                notes.append(_("The picture changed."))
            if text(old_row) != text(row) or notes:
                html = words_diff_html(text(old_row), text(row)) if text(old_row) != text(row) else ""
                changes.append(Change(relation, "changed", label(row), html, notes))
            elif key in moved:
                changes.append(Change(relation, "moved", label(row)))
    return changes


def _moved_keys(old_order: list[str], new_order: list[str]) -> set[str]:
    """Keys that changed place: those outside the longest run of parts still in the same order."""
    matcher = difflib.SequenceMatcher(None, old_order, new_order, autojunk=False)
    kept = {key for block in matcher.get_matching_blocks() for key in old_order[block.a : block.a + block.size]}
    return set(old_order) - kept

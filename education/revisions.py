"""An article and all its parts as one unit: snapshot, apply, in-memory copies, diff.

As in Wagtail, a change to a published article exists only as revisions (`ArticleRevision`, a JSON
snapshot of the article *and all its parts*), never as rows: nothing can point at it. The article's own
rows are what patients read; the admin's draft form is built from the latest revision
(`article_from_snapshot`, `part_from_row`: unsaved instances) and a save records a new snapshot of
what was posted (`draft_snapshot`). One function, `article_apply`, moves a snapshot onto rows: a
submitted revision onto the live article when a reviewer publishes it, an old revision onto an article
patients cannot see when staff restore it. Parts keep a stable `key` across all of these, so publishing
updates a question in place and patients' bookmarks of it survive.

Why our own snapshots rather than django-modelcluster, and what was left out:
docs/decisions/article-revisions.md.
"""

import copy
import difflib
import json
import re
import uuid
from dataclasses import dataclass, field

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from education import rendering, selectors
from education.models import (
    FAQ,
    Article,
    Figure,
    PematRating,
    Section,
    TeachBackQuestion,
    WarningSign,
    normalise_text,
)

SCHEMA = 2
# Article fields that are bookkeeping, not what patients read (the address, language, status and review
# dates belong to the live row). Every other field a person can edit is in the snapshot and the diff, so a
# field added later appears there without anyone listing it; so are the many-to-many fields.
ARTICLE_BOOKKEEPING = {
    "slug",
    "language",
    "translation_of",
    "status",
    "medical_reviewer",
    "reviewed_on",
    "next_review_due",
}
# Not editable in the admin, yet content: what the calculator gets when this revision is published.
ARTICLE_EXTRA = {"procedures_found"}
# A part's article is implied; FAQs' and warning signs' language is their article's.
PART_BOOKKEEPING = {"article", "language"}
PARTS = {
    "sections": Section,
    "figures": Figure,
    "warning_signs": WarningSign,
    "faqs": FAQ,
    "teach_back_questions": TeachBackQuestion,
}
RELATION_OF = {model: relation for relation, model in PARTS.items()}
# Keys of a snapshot that are not content: publishing compares the rest with the waiting rows.
NOT_CONTENT = {"schema", "pemat"}


def content_fields(model) -> list:
    """The concrete fields of `model` a snapshot keeps: what a person edits, without ids and bookkeeping."""
    bookkeeping = ARTICLE_BOOKKEEPING if model is Article else PART_BOOKKEEPING
    extra = ARTICLE_EXTRA if model is Article else set()
    return [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key and ((f.editable and f.name not in bookkeeping) or f.name in extra)
    ]


def _value(part, f, section_keys):
    if f.is_relation:
        if f.related_model is Section:  # a figure's section, by its stable key
            return section_keys.get(getattr(part, f.attname))
        return getattr(part, f.attname)
    if isinstance(f, models.FileField):
        return getattr(part, f.attname).name or ""
    return normalise_text(getattr(part, f.attname))


def _article_content(article: Article, many_to_many: dict) -> dict:
    content = {"schema": SCHEMA}
    for f in content_fields(Article):
        content[f.name] = _value(article, f, {})
    for f in Article._meta.many_to_many:
        content[f.name] = sorted(many_to_many[f.name])
    return content


def _part_row(model, key, part, section_keys) -> dict:
    return {"key": str(key), **{f.name: _value(part, f, section_keys) for f in content_fields(model)}}


def article_snapshot(article: Article) -> dict:
    """The article and its parts, as its rows say, as plain JSON data."""
    content = _article_content(
        article, {f.name: getattr(article, f.name).values_list("pk", flat=True) for f in Article._meta.many_to_many}
    )
    # The reviewer's PEMAT scores travel with the revision they were given for.
    content["pemat"] = PematRating.objects.filter(article=article).values("understandability", "actionability").first()
    section_keys = {}
    for relation, model in PARTS.items():
        rows = []
        for part in getattr(article, relation).order_by("order", "pk"):
            row = _part_row(model, part.key, part, section_keys)
            if model is Section:
                section_keys[part.pk] = row["key"]
            rows.append(row)
        content[relation] = rows
    return content


def draft_snapshot(*, article: Article, many_to_many: dict, parts: dict, pemat=None) -> dict:
    """A snapshot of unsaved instances: `article` (built by `article_from_snapshot` and changed by a
    form), its many-to-many pks by field name, and `parts` {relation: [(key, instance, section_key)]}
    in order. A figure's section is given by key, since a section may exist only in revisions."""
    content = _article_content(article, many_to_many)
    content["pemat"] = pemat
    for relation, model in PARTS.items():
        rows = []
        for order, (key, part, section_key) in enumerate(parts.get(relation, [])):
            row = _part_row(model, key, part, {})
            row["order"] = order
            if model is Figure:
                row["section"] = section_key
            rows.append(row)
        content[relation] = rows
    return content


def same_content(a: dict, b: dict) -> bool:
    """Whether two snapshots say the same to patients (as JSON, so a tuple equals a list)."""

    def comparable(content):
        return json.loads(json.dumps({k: v for k, v in content.items() if k not in NOT_CONTENT}, cls=DjangoJSONEncoder))

    return comparable(a) == comparable(b)


def _set_fields(target, model, row, section_ids) -> None:
    for f in content_fields(model):
        if f.name not in row:  # a field added since an old revision takes its default
            if f.name in ("key",):
                continue
            setattr(target, f.attname, f.get_default())
            continue
        value = row[f.name]
        if f.is_relation:
            if f.related_model is Section:
                setattr(target, f.attname, section_ids.get(value))
            else:  # a surgeon deleted since an old revision is simply left out
                setattr(
                    target, f.attname, value if f.related_model._default_manager.filter(pk=value).exists() else None
                )
        else:
            setattr(target, f.attname, value)


@transaction.atomic
def article_apply(*, content: dict, target: Article) -> None:
    """Make `target` and its parts say what `content` says.

    Parts are matched by key: a part in both is updated in place (its id, and so
    bookmarks and anchors, stay), a new one is added, a missing one removed.
    """
    _set_fields(target, Article, content, {})
    target.save()
    for f in Article._meta.many_to_many:  # a region or procedure deleted since an old revision is left out
        getattr(target, f.name).set(f.related_model._default_manager.filter(pk__in=content.get(f.name, [])))
    section_ids = {}
    for relation, model in PARTS.items():
        existing = {str(part.key): part for part in getattr(target, relation).all()}
        wanted = {row["key"] for row in content.get(relation, [])}
        for key, part in existing.items():
            if key not in wanted:
                part.delete()
        for row in content.get(relation, []):
            part = existing.get(row["key"]) or model(article=target, key=uuid.UUID(row["key"]))
            _set_fields(part, model, row, section_ids)
            part.save()
            if model is Section:
                section_ids[row["key"]] = part.pk


def article_from_snapshot(article: Article, content: dict) -> Article:
    """An unsaved copy of `article` that says what `content` says (its parts: `part_from_row`)."""
    draft = copy.copy(article)
    _set_fields(draft, Article, content, {})
    return draft


def part_from_row(model, row: dict, article: Article):
    """An unsaved part saying what a snapshot's `row` says (a figure's section is left to its key)."""
    part = model(article=article, key=uuid.UUID(row["key"]))
    _set_fields(part, model, {k: v for k, v in row.items() if not (model is Figure and k == "section")}, {})
    return part


def preview_body_context(article: Article, content: dict) -> dict:
    """The context of the patient's article body (education/article_body.html) for what `content` says:
    unsaved instances only, so previewing a revision writes nothing and touches no cache."""
    draft = article_from_snapshot(article, content)
    parts = {
        relation: [part_from_row(model, row, draft) for row in content.get(relation, [])]
        for relation, model in PARTS.items()
    }
    figure_sections = [uuid.UUID(row["section"]) if row.get("section") else None for row in content.get("figures", [])]
    procedures = Article._meta.get_field("related_procedures").related_model._default_manager.filter(
        pk__in=content.get("related_procedures", [])
    )
    context = rendering.article_body_context(
        draft,
        sections=parts["sections"],
        figures=list(zip(figure_sections, parts["figures"], strict=True)),
        warning_signs=selectors.warning_signs_for(draft, own=parts["warning_signs"]),
        faqs=[faq for faq in parts["faqs"] if faq.is_published],
        procedures=procedures,
    )
    return {**context, "revision_preview": True}  # no "Was this helpful?" votes from a preview


# Differences ---------------------------------------------------------------------------
def _is_text(f) -> bool:
    return isinstance(f, (models.CharField, models.TextField)) and not f.choices


def options_text(options) -> str:
    """Teach-back answer options as a reviewer reads them: right (✔) or not, and the explanation after “|”."""
    lines = []
    for option in options if isinstance(options, list) else []:
        why = option.get("why") or ""
        lines.append(("✔ " if option.get("correct") else "– ") + option.get("text", "") + (f" | {why}" if why else ""))
    return "\n".join(lines)


def _text(model, row) -> str:
    """Every text of a part a patient reads, in field order (teach-back options with their explanations)."""
    pieces = []
    for f in content_fields(model):
        if f.name == "options":
            pieces.append(options_text(row.get("options")))
        elif _is_text(f):
            pieces.append(row.get(f.name) or "")
    return "\n\n".join(piece for piece in pieces if piece)


LABEL_FIELDS = ("heading", "caption", "text", "question")


def _label(model, row) -> str:
    """What names a part on the reviewer's screen: its heading, caption, sign or question."""
    for name in LABEL_FIELDS:
        if row.get(name):
            return row[name]
    if model is Section:
        return str(dict(Section.Kind.choices).get(row.get("kind"), ""))
    return next((row.get(f.name) for f in content_fields(model) if _is_text(f) and row.get(f.name)), "")


def _shown(f, value, section_headings) -> str:
    """A non-text value as a reviewer reads it."""
    if value in (None, "", []):
        return "–"
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(f, models.BooleanField):
        return _("yes") if value else _("no")
    if f.is_relation:
        if f.related_model is Section:
            return section_headings.get(value, "–")
        return str(f.related_model._default_manager.filter(pk=value).first() or "–")
    if isinstance(value, list):
        return "; ".join(
            " ".join(str(piece) for piece in item) if isinstance(item, list) else str(item) for item in value
        )
    return str(value)


def _value_notes(model, old_row, new_row, section_headings) -> list[str]:
    """Notes for every non-text field that differs (all of them when `old_row` is None: a new part)."""
    notes = []
    for f in content_fields(model):
        if _is_text(f) or f.name in ("options", "order", "key"):
            continue
        new = new_row.get(f.name)
        if old_row is None:
            if new not in (None, "", [], False):
                notes.append(
                    _("%(field)s: “%(new)s”")
                    % {"field": capfirst(f.verbose_name), "new": _shown(f, new, section_headings)}
                )
        elif old_row.get(f.name) != new:
            notes.append(
                _("%(field)s: “%(old)s” → “%(new)s”")
                % {
                    "field": capfirst(f.verbose_name),
                    "old": _shown(f, old_row.get(f.name), section_headings),
                    "new": _shown(f, new, section_headings),
                }
            )
    return notes


def _many_notes(f, old_pks, new_pks) -> list[str]:
    added, removed = set(new_pks) - set(old_pks), set(old_pks) - set(new_pks)
    names = {obj.pk: str(obj) for obj in f.related_model._default_manager.filter(pk__in=added | removed)}
    notes = []
    if added:
        notes.append(_("Added: %(names)s") % {"names": ", ".join(sorted(names.get(pk, str(pk)) for pk in added))})
    if removed:
        notes.append(_("Removed: %(names)s") % {"names": ", ".join(sorted(names.get(pk, str(pk)) for pk in removed))})
    return notes


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


def snapshot_diff(old: dict | None, new: dict) -> list[Change]:
    """What changed from `old` (None: nothing published yet) to `new`: every field patients see,
    from the models' own fields (`content_fields`), so a field added later is shown without listing it."""
    old = old or {}
    changes = []
    for f in content_fields(Article):
        label = capfirst(f.verbose_name)
        if _is_text(f):
            if (old.get(f.name) or "") != (new.get(f.name) or ""):
                html = words_diff_html(old.get(f.name) or "", new.get(f.name) or "")
                changes.append(Change("article", "changed", label, html))
        elif old.get(f.name, f.get_default()) != new.get(f.name, f.get_default()):
            note = _("“%(old)s” → “%(new)s”") % {
                "old": _shown(f, old.get(f.name, f.get_default()), {}),
                "new": _shown(f, new.get(f.name), {}),
            }
            changes.append(Change("article", "changed", label, notes=[note]))
    for f in Article._meta.many_to_many:
        notes = _many_notes(f, old.get(f.name, []), new.get(f.name, []))
        if notes:
            changes.append(Change("article", "changed", capfirst(f.verbose_name), notes=notes))
    headings = {
        row["key"]: row.get("heading") or row.get("kind", "")
        for row in [*old.get("sections", []), *new.get("sections", [])]
    }
    for relation, model in PARTS.items():
        before = {row["key"]: row for row in old.get(relation, [])}
        after = {row["key"]: row for row in new.get(relation, [])}
        moved = _moved_keys([k for k in before if k in after], [k for k in after if k in before])
        for key, row in before.items():
            if key not in after:
                changes.append(Change(relation, "removed", _label(model, row), words_diff_html(_text(model, row), "")))
        for key, row in after.items():
            if key not in before:
                notes = _value_notes(model, None, row, headings)
                changes.append(
                    Change(relation, "added", _label(model, row), words_diff_html("", _text(model, row)), notes)
                )
                continue
            old_row = before[key]
            notes = _value_notes(model, old_row, row, headings)
            old_text, new_text = _text(model, old_row), _text(model, row)
            if old_text != new_text or notes:
                html = words_diff_html(old_text, new_text) if old_text != new_text else ""
                changes.append(Change(relation, "changed", _label(model, row), html, notes))
            elif key in moved:
                changes.append(Change(relation, "moved", _label(model, row)))
    return changes


def _moved_keys(old_order: list[str], new_order: list[str]) -> set[str]:
    """Keys that changed place: those outside the longest run of parts still in the same order."""
    matcher = difflib.SequenceMatcher(None, old_order, new_order, autojunk=False)
    kept = {key for block in matcher.get_matching_blocks() for key in old_order[block.a : block.a + block.size]}
    return set(old_order) - kept

"""Mark glossary terms in rendered article HTML.

The first use of each term in a section becomes a button that opens a
popover with the plain definition: the HTML popover attribute, so it works
by keyboard and without JavaScript, and a close button inside it. Text inside links, headings, buttons and
code is left alone.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from education.models import GlossaryTerm

SKIP_INSIDE = {"a", "h1", "h2", "h3", "h4", "h5", "h6", "button", "code", "mark", "summary"}
TAG = re.compile(r"(<[^>]+>)")
TAG_NAME = re.compile(r"^<\s*(/?)\s*([a-zA-Z0-9]+)")


def _term_pattern(terms: list[GlossaryTerm]) -> tuple[re.Pattern | None, dict[str, GlossaryTerm]]:
    by_name: dict[str, GlossaryTerm] = {}
    for term in terms:
        for name in term.names():
            by_name.setdefault(name.lower(), term)
    if not by_name:
        return None, by_name
    names = sorted(by_name, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(n) for n in names) + r")\b", re.IGNORECASE), by_name


def mark_terms(html: str, terms: list[GlossaryTerm], *, id_prefix: str) -> SafeString:
    pattern, by_name = _term_pattern(terms)
    if pattern is None:
        return mark_safe(html)  # noqa: S308 (already sanitized HTML, returned unchanged)
    marked: set[int] = set()
    skipping: list[str] = []
    out = []
    for piece in TAG.split(html):
        if piece.startswith("<"):
            match = TAG_NAME.match(piece)
            if match and match.group(2).lower() in SKIP_INSIDE and not piece.endswith("/>"):
                if match.group(1):
                    if skipping:
                        skipping.pop()
                else:
                    skipping.append(match.group(2).lower())
            out.append(piece)
        elif skipping or not piece.strip():
            out.append(piece)
        else:
            out.append(pattern.sub(lambda m: _mark(m, by_name, marked, id_prefix), piece))
    return mark_safe("".join(out))  # noqa: S308 (only our escaped markup is added)


def _mark(match: re.Match, by_name: dict[str, GlossaryTerm], marked: set[int], id_prefix: str) -> str:
    term = by_name[match.group(0).lower()]
    if term.pk in marked:
        return match.group(0)
    marked.add(term.pk)
    popover_id = f"{id_prefix}-{term.slug}"
    # Outside the f-string: makemessages cannot see a gettext() call inside one.
    full_glossary = gettext("Full glossary")
    close = gettext("Close the explanation of %(term)s") % {"term": term.term}
    # The matched text is already escaped HTML text; the definition is escaped here. The close
    # button works without JavaScript (popovertargetaction), as does Escape or a tap elsewhere.
    return (
        f'<button type="button" class="glossary-term" popovertarget="{popover_id}">{match.group(0)}</button>'
        f'<span class="glossary-popover" id="{popover_id}" popover role="note">'
        f'<button type="button" class="glossary-close" popovertarget="{popover_id}" popovertargetaction="hide"'
        f' aria-label="{escape(close)}">×</button>'
        f"<strong>{escape(term.term)}:</strong> {escape(term.definition)} "
        f'<a href="{escape(term.get_absolute_url())}">{escape(full_glossary)}</a></span>'
    )

"""The search page's form and results, put together from template fragments (issue 35).

Each fragment (`templates/education/search_*.html`: the form, a notice, a warning sign, an answer,
the groups around them) is rendered once per process and language with a marker in place of each
value that differs between searches (portal/hot_page.py's slot markers), and cut at the markers.
A search then joins the pieces with its own values, escaped as the template would escape them: no
template is rendered, and the templates stay the one source of the markup. What a fragment shows
besides its slots (a result's type, whether a sign is an emergency, whether a note is shown) is
part of the fragment's key, so each variant is rendered from the template with those real values.

The page around it (base.html) is portal/hot_page.py's cached page, with this content and the
language switch's return address (which holds the query) as its slots.
"""

import html

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from education.search import Result, Results
from portal.hot_page import CSRF_MARKER, Fragment, slot_marker

_fragments: dict[tuple, Fragment] = {}


def _fragment(template: str, variant: tuple, context: dict) -> Fragment:
    """`template` rendered with `context` (markers for the slots), cut at its markers; kept per
    process, language and `variant` (what the context holds besides markers)."""
    key = (template, variant, get_language())
    fragment = _fragments.get(key)
    if fragment is None:
        html = render_to_string(template, {"csrf_token": CSRF_MARKER, **context})
        fragment = _fragments[key] = Fragment.cut(html)
    return fragment


def _escaped(value) -> str:
    """`conditional_escape(value)` without its lazy-string wrapper and SafeString result (a tenth of the
    page's own Python under cProfile): an object with `__html__` (a SafeString, such as a snippet) as
    it is, anything else through html.escape, as Django's `escape` does."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _fill(fragment: Fragment, **values) -> str:
    """The fragment with each slot's value escaped (a SafeString, such as a snippet, as it is); the
    CSRF marker stays for the page to fill (portal.hot_page.respond)."""
    return fragment.assemble({"csrf": CSRF_MARKER, **{name: _escaped(value) for name, value in values.items()}})


_ITEM_MARKERS = {name: slot_marker(name) for name in ("title", "url", "snippet", "article", "note")}


def _item_markers(result: Result) -> dict:
    """A result whose values are markers, but for what picks the fragment's variant."""
    markers = {**_ITEM_MARKERS, "type": result.type, "is_emergency": result.is_emergency}
    if not result.note:
        markers["note"] = ""
    return markers


def _items(template: str, results: list[Result], name: str) -> str:
    parts = []
    language = get_language()  # once, not per result: each call reads a thread-local under a lock
    for result in results:
        variant = (result.type, bool(result.note), result.is_emergency)
        fragment = _fragments.get((template, variant, language))
        if fragment is None:
            fragment = _fragment(template, variant, {name: _item_markers(result)})
        parts.append(
            _fill(
                fragment,
                title=result.title,
                url=result.url,
                snippet=result.snippet,
                article=result.article,
                note=result.note,
            )
        )
    return "\n".join(parts)


def form_html(value: str, errors: list[str]) -> str:
    if errors:  # rare: rendered as is
        return render_to_string("education/search_form.html", {"value": value, "errors": errors})
    return _fill(_fragment("education/search_form.html", (), {"value": slot_marker("value")}), value=value)


def results_html(typed: str, results: Results) -> str:
    """What the page shows for `results` (the search for `typed`, as cleaned), as the templates show it."""
    parts = []
    if results.suggestion:
        markers = {"notice": "suggestion", "typed": slot_marker("typed"), "suggestion": slot_marker("suggestion")}
        fragment = _fragment("education/search_notice.html", ("suggestion",), markers)
        parts.append(_fill(fragment, typed=typed, suggestion=results.suggestion))
    elif results.broadened and results.found:
        parts.append(_fill(_fragment("education/search_notice.html", ("broadened",), {"notice": "broadened"})))
    if not results.found:
        parts.append(_fill(_fragment("education/search_notice.html", ("nothing",), {"notice": "nothing"})))
    if results.warnings:
        signs = _items("education/search_warning.html", results.warnings, "sign")
        fragment = _fragment("education/search_warnings.html", (), {"signs": slot_marker("signs")})
        parts.append(_fill(fragment, signs=mark_safe(signs)))  # noqa: S308 (fragments of escaped values)
    if results.answers:
        items = _items("education/search_answer.html", results.answers, "item")
        fragment = _fragment("education/search_answers.html", (), {"items": slot_marker("items")})
        parts.append(_fill(fragment, items=mark_safe(items)))  # noqa: S308 (fragments of escaped values)
    if results.surgeons:
        items = _items("education/search_group_item.html", results.surgeons, "item")
        context = {"items": slot_marker("items"), "heading": _("Surgeons")}
        fragment = _fragment("education/search_group.html", ("surgeons",), context)
        parts.append(_fill(fragment, items=mark_safe(items)))  # noqa: S308 (fragments of escaped values)
    return "\n".join(parts)


def beacon_html(token: str | None) -> str:
    """The insights beacon of this search (its token, never its words), with CSRF_MARKER for the token."""
    if not token:
        return ""
    return _fill(_fragment("insights/search_beacon.html", (), {"search_token": slot_marker("token")}), token=token)


def content(
    *, value: str, errors: list[str], typed: str = "", results: Results | None, token: str | None
) -> SafeString:
    """The page's content block: the form, the results if any, the beacon (holding CSRF_MARKER)."""
    parts = [form_html(value, errors)]
    if results is not None:
        parts.append(results_html(typed, results))
    parts.append(beacon_html(token))
    return mark_safe("\n".join(parts))  # noqa: S308 (fragments of escaped values)


@receiver(setting_changed)
def _forget_fragments(**kwargs):
    _fragments.clear()

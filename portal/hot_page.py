"""Pages served from cached HTML: on a hit no template is rendered, the reader's own parts are put
in by string substitution (issue 35).

On a miss the page is rendered by its own template, as any page, with a marker in place of each
part that differs between readers: the CSRF token (`csrf_token` in the context), and a slot for
each named part (`hot_slots`: the caregiver's "viewing for" banner, an article's bookmark button
and assignment box). The HTML is cut at the markers once and kept; a hit joins the pieces with
this reader's values, escaped. The templates stay the one source of the markup.

What else a page shows may depend only on what its key holds: the page (path), the language, the
text size and the content version. A request with something else of its own (messages to show, a
query string the view does not key on) is rendered as before. No cached part uses a CSP nonce
(the policy forbids inline scripts), so none goes stale.
"""

import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from portal import text_size
from portal.cache import register_local_copies
from portal.csrf import get_token
from portal.sessions import remember_reader

TIMEOUT = 24 * 3600
PAGE_KEYS = "portal:hot-page:3:"  # a new number when what a page holds changes (3: bytes, Listen)
# Letters, digits and dashes only: the template's escaping leaves them as they are.
SLOT_MARKER = "hot-slot-{}-5f1c2a"
CSRF_MARKER = SLOT_MARKER.format("csrf")
_SLOT_NAME = re.compile(r"hot-slot-([a-z-]+?)-5f1c2a")
# The templates' indentation, left out of a kept page (not inside <pre> or <textarea>, where it shows).
_INDENTATION = re.compile(r"\n\s+")
_KEEPS_SPACES = re.compile(r"(<pre\b.*?</pre>|<textarea\b.*?</textarea>)", re.S | re.I)


@dataclass
class CachedPage:
    """A page cut at its markers: `pieces` alternate literal HTML, encoded in UTF-8 once, and slot
    names (odd indexes, str)."""

    version: object
    pieces: list
    extra: dict = field(default_factory=dict)  # what the view needs on a hit besides the HTML

    def assemble(self, values: dict[str, str]) -> bytes:
        """The page, as bytes, with each slot's value (already HTML: escape what a reader gave)."""
        # Each value encoded once: a page with a form per answer has its CSRF slot some eighty times.
        encoded = {name: value.encode() for name, value in values.items()}
        pieces = self.pieces[:]
        pieces[1::2] = [encoded.get(name, b"") for name in pieces[1::2]]
        return b"".join(pieces)

    @property
    def size(self) -> int:
        return sum(len(piece) for piece in self.pieces[::2])


def without_indentation(html: str) -> str:
    """`html` with each line's leading white space left out: the same page to a browser."""
    parts = _KEEPS_SPACES.split(html)
    parts[::2] = [_INDENTATION.sub("\n", part) for part in parts[::2]]
    return "".join(parts)


def cut(html: str) -> list:
    pieces = _SLOT_NAME.split(without_indentation(html))
    pieces[::2] = [piece.encode() for piece in pieces[::2]]
    return pieces


@dataclass
class Fragment:
    """A part of a page cut at its markers, kept as text: what it assembles goes into a slot of a
    CachedPage (the search page's form and results: education/search_page.py)."""

    pieces: list[str]

    @classmethod
    def cut(cls, html: str) -> "Fragment":
        return cls(_SLOT_NAME.split(html))

    def assemble(self, values: dict[str, str]) -> str:
        pieces = self.pieces[:]
        for index in range(1, len(pieces), 2):
            pieces[index] = values.get(pieces[index], "")
        return "".join(pieces)


def slot_marker(name: str):
    return mark_safe(SLOT_MARKER.format(name))  # noqa: S308 (a fixed token of letters and dashes)


def page_key(name: str, view: str) -> str:
    return f"{PAGE_KEYS}{name}:{view}"


def reader_view(request) -> str:
    """What a page's markup depends on besides its content: the language and the text size."""
    return f"{get_language()}:{text_size.for_request(request)}"


def read_with_session(keys: Callable[..., list[str]]):
    """Decorate a view whose cache keys are known from its URL: `keys(request, **view_kwargs)` gives
    them as templates ({view}: see reader_view, {user}: the reader's id), read in the session's
    round trip (portal/sessions.py, set up by portal.middleware.LoginRequiredMiddleware)."""

    def decorate(view):
        view.read_with_session = keys
        return view

    return decorate


def servable(request) -> bool:
    """Whether this request may get a cached page: nothing of its own beyond the slots."""
    from portal.middleware import messages_waiting

    return not messages_waiting(request)


def cached_page(request, name: str, version) -> CachedPage | None:
    view = reader_view(request)
    remember_reader(request, view)  # the next request reads this page's view with its session
    key = page_key(name, view)
    page = _local.get(key, version)
    if page is not None:
        return page
    page = cache.get(key)
    if isinstance(page, CachedPage) and page.version == version:
        _local.keep(key, page)
        return page
    return None


def render_page(
    request,
    name: str,
    version,
    template: str,
    context: dict,
    *,
    slots: tuple[str, ...] = (),
    csrf_placeholders: tuple[str, ...] = (),
    extra=None,
) -> CachedPage:
    """Render `template` with markers for the reader's parts, cut it, keep it under `name`.

    `csrf_placeholders`: what cached fragments in the context hold in place of the CSRF token."""
    context = {
        **context,
        "csrf_token": CSRF_MARKER,
        "hot_slots": {slot: slot_marker(slot) for slot in ("banner", *slots)},
        # What the shared page must not hold: anyone's banner or messages (both are slots or refused).
        "caregiving_grant": None,
        "messages": (),
    }
    html = render_to_string(template, context, request=request)
    for placeholder in csrf_placeholders:
        html = html.replace(placeholder, CSRF_MARKER)
    return keep(request, name, CachedPage(version=version, pieces=cut(html), extra=extra or {}))


def keep(request, name: str | None, page: CachedPage) -> CachedPage:
    """Keep `page` under `name` (None: a page not to keep, such as an invalid filter's)."""
    if name is not None:
        key = page_key(name, reader_view(request))
        cache.set(key, page, TIMEOUT)
        _local.keep(key, page)
    return page


def reader_key(name: str, user, view: str) -> str:
    return f"portal:hot-reader:{user}:{name}:{view}"


def reader_html(request, name: str, inputs: tuple, render: Callable[[], str]) -> str:
    """A part of `name` that is this reader's own (an assigned article's box), rendered from its
    template once and kept under the reader's id while `inputs` (everything it shows, compared on
    each read) stay the same: a change of any of them renders it afresh, so it needs no clearing."""
    key = reader_key(name, request.user.pk, reader_view(request))
    kept = cache.get(key)
    if isinstance(kept, tuple) and kept[0] == inputs:
        return kept[1]
    html = str(render())
    cache.set(key, (inputs, html), TIMEOUT)
    return html


def respond(request, page: CachedPage, values: dict[str, str] | None = None) -> HttpResponse:
    """The cached page with this reader's CSRF token, banner and `values` for the other slots
    (HTML from our templates, which may hold CSRF_MARKER too)."""
    token = get_token(request)
    filled = {name: value.replace(CSRF_MARKER, token) for name, value in (values or {}).items()}
    return HttpResponse(page.assemble({"csrf": token, "banner": banner_html(request), **filled}))


# This process's own copies of the pages ------------------------------------------------------
# Reading a 200 KB page from Redis, unpickling it and sending it on costs more than the rest of the
# request, so each process keeps the pages it served, least recently used first out, up to
# settings.HOT_PAGE_LOCAL_BYTES of HTML. A copy is used only while its content version is the one
# read from Redis in this request's round trip (settings.HOT_PAGE_VERSION_KEY, read with the
# session): a publish bumps it, so every process's copies go out of use at once, as the pages in
# Redis do. The session's script (portal/cache.py, `read_for_request`) is told which pages this
# process holds and for which version, and does not send those back. With Redis unreachable no
# version is read from it, so no copy is used (and none is kept). Only with a cache that reads with
# the session (Redis); the in-process cache of development and tests is a copy per process anyway.
# A copy, its `extra` too, is shared by this process's requests: a hit only reads it (the article
# view reads the article's ids and slug), never changes it.


class _LocalPages:
    def __init__(self):
        self.lock = threading.Lock()
        self.pages: OrderedDict[str, CachedPage] = OrderedDict()  # by the cache's own key
        self.views: set[str] = set()  # the views (language and text size) held, for `held`
        self.size = 0

    @staticmethod
    def _enabled() -> bool:
        return hasattr(cache, "read_for_request") and not cache.is_degraded

    def get(self, key: str, version) -> CachedPage | None:
        if not self.pages or not self._enabled():
            return None
        made = cache.make_key(key)
        with self.lock:
            page = self.pages.get(made)
            if page is None or page.version != version:
                return None
            self.pages.move_to_end(made)
        return page

    def keep(self, key: str, page: CachedPage) -> None:
        limit = getattr(settings, "HOT_PAGE_LOCAL_BYTES", 0)
        if not limit or not self._enabled() or page.size > limit:
            return
        made = cache.make_key(key)
        with self.lock:
            old = self.pages.pop(made, None)
            if old is not None:
                self.size -= old.size
            self.pages[made] = page
            self.size += page.size
            self.views.add(":".join(key.rsplit(":", 2)[1:]))  # the key ends with the view
            while self.size > limit:
                _, evicted = self.pages.popitem(last=False)
                self.size -= evicted.size

    def held(self, templates) -> list[tuple[str, str, object]]:
        """For the session's script: (page key, version key, version) of each page named by one of
        `templates` (with {view}) that this process holds."""
        if not self.pages:
            return []
        version_key = settings.HOT_PAGE_VERSION_KEY
        found = []
        with self.lock:
            for template in templates:
                if not template.startswith(PAGE_KEYS):
                    continue
                for view in self.views:
                    key = template.replace("{view}", view)
                    page = self.pages.get(cache.make_key(key))
                    if page is not None:
                        found.append((key, version_key, page.version))
        return found

    def clear(self) -> None:
        with self.lock:
            self.pages.clear()
            self.views.clear()
            self.size = 0


_local = _LocalPages()
register_local_copies(_local.held)


def forget_local_copies() -> None:
    """Empty this process's copies (tests: a fresh process)."""
    _local.clear()


# The caregiver's banner ---------------------------------------------------------------------
# Rendered from its template once per process and language with a marker for the name.

_banner_providers: list[Callable] = []
_NAME_MARKER = "hot-slot-name-5f1c2a"


def register_banner(provider: Callable) -> None:
    """`provider(request)` returns (banner template, the name to show) when the reader acts for
    someone, else None. The care app registers it (portal imports no domain app)."""
    if provider not in _banner_providers:
        _banner_providers.append(provider)


_banners: dict[tuple[str, str], str] = {}


def banner_html(request) -> str:
    for provider in _banner_providers:
        shown = provider(request)
        if shown is None:
            continue
        template, name = shown
        key = (template, get_language())
        html = _banners.get(key)
        if html is None:

            class _Grant:  # what the banner template reads of a grant
                patient = _NAME_MARKER

            html = _banners[key] = render_to_string(template, {"grant": _Grant, "csrf_token": CSRF_MARKER})
        return html.replace(CSRF_MARKER, get_token(request)).replace(_NAME_MARKER, escape(str(name)))
    return ""


@receiver(setting_changed)
def _forget_banners(**kwargs):
    _banners.clear()
    _local.clear()

"""What is the same for every reader, rendered once and cached per content version and language:
an article's body and page, the list pages and the glossary.

The body (table of contents, sections with figures, warning signs, FAQs and
glossary marking) is the same for every patient, so it is rendered once and
kept in the cache. Nothing personal goes in: no names, no CSRF tokens, no
nonces. Any change to content bumps one version number (see signals.py), so
a stale body is never served.
"""

import hashlib
import time

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from education import selectors
from education.glossary_marking import mark_terms
from education.markdown import markdown_to_html
from education.models import FAQ, Article, Figure, GlossaryTerm, Section, WarningSign
from portal.csrf import get_token

VERSION_KEY = "education:content-version"
# In the keys of cached HTML: a new value when its templates change, so a deploy shows them at once.
MARKUP = 2
BODY_TIMEOUT = 24 * 3600


def content_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, _new_version(), timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def _new_version() -> int:
    """A version never used before, when the cache has none (emptied after a Redis outage): a process
    that holds what it built for an older version (the search lexicon) must not take it for current."""
    return time.time_ns() // 1000


def content_changed() -> None:
    """Invalidate every cached article body at once (content edits are rare)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, _new_version(), timeout=None)


def article_body_html(article: Article) -> str:
    # Per published revision; a staff preview of an unpublished article is keyed by its last change.
    revision = article.live_revision_id if article.is_published and article.live_revision_id else None
    edition = f"r{revision}" if revision else f"t{article.updated_at.timestamp()}"
    key = f"education:article-body:m{MARKUP}:{article.pk}:{edition}:{content_version()}:{get_language()}"
    html = cache.get(key)
    if html is None:
        # "Was this helpful?" forms carry a placeholder for the reader's CSRF token (see with_reader_token).
        context = {**_body_context(article), "csrf_token": CSRF_PLACEHOLDER}
        html = render_to_string("education/article_body.html", context)
        cache.set(key, str(html), BODY_TIMEOUT)
    return mark_safe(html)  # noqa: S308 (rendered by our template from sanitized parts)


def article_page(*, slug: str, preview: bool = False) -> tuple[Article, str, str | None]:
    """What every reader of this language gets on an article's page: the article (with its author
    and reviewer), its rendered body, and, when the reader's language has its own published
    version, that version's address instead (body then empty).

    Published articles come from the cache, per content version and language (one cache read
    instead of a query and a read); staff previews of drafts are never cached.
    """
    if preview:
        return _article_page(slug, preview=True)
    key = f"education:article-page:m{MARKUP}:{slug}:{content_version()}:{get_language()}"
    cached = cache.get(key)
    if cached is None:
        cached = _article_page(slug, preview=False)
        cache.set(key, (cached[0], str(cached[1]), cached[2]), BODY_TIMEOUT)
    article, body, elsewhere = cached
    return article, mark_safe(body), elsewhere  # noqa: S308 (rendered by our template from sanitized parts)


def _article_page(slug: str, *, preview: bool) -> tuple[Article, str, str | None]:
    article = selectors.article_get_published(slug=slug, preview=preview)
    in_reader_language = selectors.article_in_language(article=article, language=get_language())
    if in_reader_language is not None:
        return article, "", in_reader_language.get_absolute_url()
    return article, article_body_html(article), None


def _body_context(article: Article) -> dict:
    article = (
        Article.all_objects.filter(pk=article.pk)
        .select_related("author")
        .prefetch_related(
            Prefetch("sections", queryset=Section.objects.order_by("order", "pk")),
            Prefetch("figures", queryset=Figure.objects.order_by("order", "pk")),
            Prefetch("faqs", queryset=FAQ.objects.filter(is_published=True).order_by("order", "pk")),
            Prefetch("warning_signs", queryset=WarningSign.objects.order_by("order", "pk")),
            "related_procedures",
        )
        .get()
    )
    sections = list(article.sections.all())
    section_keys = {section.pk: section.key for section in sections}
    return article_body_context(
        article,
        sections=sections,
        figures=[(section_keys.get(figure.section_id), figure) for figure in article.figures.all()],
        warning_signs=selectors.warning_signs_for(article),
        faqs=article.faqs.all(),
        procedures=article.related_procedures.all(),
    )


def article_body_context(article: Article, *, sections, figures, warning_signs, faqs, procedures) -> dict:
    """The context of education/article_body.html from an article and its parts, saved rows or unsaved
    instances of a revision: `figures` pairs each figure with its section's key (None: not placed)."""
    figures_by_section: dict = {}
    for section_key, figure in figures:
        figures_by_section.setdefault(section_key, []).append(figure)
    glossary_terms = list(GlossaryTerm.objects.filter(language=article.language))
    for section in sections:
        section.placed_figures = figures_by_section.get(section.key, [])
        # An unsaved section (a revision's) has no id yet: its key keeps the term ids apart.
        marker = section.pk or section.key
        section.html = mark_terms(markdown_to_html(section.body), glossary_terms, id_prefix=f"term-{marker}")
    return {
        "article": article,
        "sections": sections,
        "unplaced_figures": figures_by_section.get(None, []),
        "emergency_signs": [sign for sign in warning_signs if sign.is_emergency],
        "clinic_signs": [sign for sign in warning_signs if not sign.is_emergency],
        "faqs": faqs,
        "procedure_codes": [procedure.cpt_code for procedure in procedures],
        **_clinic_context(),
    }


def _clinic_context() -> dict:
    from portal.context_processors import clinic

    return clinic(None)


# Shared pages and fragments ----------------------------------------------------
# A cached fragment may hold forms (a bookmark button on each question): they are
# rendered with this placeholder for the CSRF token, and each reader's own token is
# put in when the fragment is served. Nothing else personal may go in.
CSRF_PLACEHOLDER = "csrf-token-of-the-reader-goes-here"


def shared_html(key: str, render) -> str:
    """HTML the same for every reader, per key, content version and language: from the cache when
    there, else from `render(csrf_token)`, which returns (html, whether it may be kept) and gets the
    placeholder to use as csrf_token."""
    key = f"education:shared:m{MARKUP}:{key}:{content_version()}:{get_language()}"
    html = cache.get(key)
    if html is not None:
        return html
    html, cacheable = render(CSRF_PLACEHOLDER)
    html = str(html)
    if "csrfmiddlewaretoken" in html and CSRF_PLACEHOLDER not in html:
        raise ImproperlyConfigured(f"{key}: a reader's own CSRF token would be cached for everyone.")
    if cacheable:
        cache.set(key, html, BODY_TIMEOUT)
    return html


def with_reader_token(html: str, request) -> str:
    """A shared fragment with this reader's CSRF token in its forms."""
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    return mark_safe(html)  # noqa: S308 (our templates; content sanitized when rendered)


def listing_html(request, **listing) -> str:
    """A list page's content with this reader's CSRF token (see `listing_content`)."""
    return with_reader_token(listing_content(request, **listing)[0], request)


def listing_content(
    request, *, name: str, template: str, form_class, form_kwargs=None, items, per_page: int
) -> tuple[str, bool]:
    """A list page's content (filter form, one page of items, page links), with CSRF_PLACEHOLDER in
    its forms, and whether it may be kept. Cached per content version, language, filter and page:
    it is the same for every patient.

    The filter form (`form_class` with `form_kwargs`) and `items(filters)`, the items for its
    valid values, are made only on a miss. A request with other parameters, over-long values or an
    invalid filter is rendered but not kept.
    """
    query = request.GET
    params = (*form_class.base_fields, "page")
    values = [query.get(param, "") for param in params]
    cacheable = set(query) <= set(params) and all(len(value) <= 200 for value in values)
    key = f"{name}:" + hashlib.sha256("\n".join(values).encode()).hexdigest()[:32]
    kept = []

    def render(csrf_token):
        bound = form_class(query or None, **(form_kwargs or {}))
        valid = bound.is_valid() or not bound.is_bound
        filters = bound.cleaned_data if bound.is_bound and valid else {}
        page = Paginator(items(filters), per_page).get_page(query.get("page"))
        context = {"form": bound, "page": page, "items": page.object_list, "csrf_token": csrf_token}
        kept.append(valid and cacheable)
        return render_to_string(template, context, request=request), valid and cacheable

    if not cacheable:
        return render(CSRF_PLACEHOLDER)[0], False
    html = shared_html(key, render)
    return html, (kept or [True])[0]

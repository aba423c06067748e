"""The rendered body of an article, cached per content version.

The body (table of contents, sections with figures, warning signs, FAQs and
glossary marking) is the same for every patient, so it is rendered once and
kept in the cache. Nothing personal goes in: no names, no CSRF tokens, no
nonces. Any change to content bumps one version number (see signals.py), so
a stale body is never served.
"""

from django.core.cache import cache
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from education import selectors
from education.glossary_marking import mark_terms
from education.markdown import markdown_to_html
from education.models import FAQ, Article, Figure, GlossaryTerm, Section, WarningSign

VERSION_KEY = "education:content-version"
BODY_TIMEOUT = 24 * 3600


def content_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def content_changed() -> None:
    """Invalidate every cached article body at once (content edits are rare)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def article_body_html(article: Article) -> str:
    # Per published revision; a staff preview of an unpublished article is keyed by its last change.
    revision = article.live_revision_id if article.is_published and article.live_revision_id else None
    edition = f"r{revision}" if revision else f"t{article.updated_at.timestamp()}"
    key = f"education:article-body:{article.pk}:{edition}:{content_version()}:{get_language()}"
    html = cache.get(key)
    if html is None:
        html = render_to_string("education/article_body.html", _body_context(article))
        cache.set(key, str(html), BODY_TIMEOUT)
    return mark_safe(html)  # noqa: S308 (rendered by our template from sanitized parts)


def _body_context(article: Article) -> dict:
    article = (
        Article.objects.filter(pk=article.pk)
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
    figures_by_section: dict[int | None, list] = {}
    for figure in article.figures.all():
        figures_by_section.setdefault(figure.section_id, []).append(figure)
    glossary_terms = list(GlossaryTerm.objects.filter(language=article.language))
    for section in sections:
        section.placed_figures = figures_by_section.get(section.pk, [])
        section.html = mark_terms(markdown_to_html(section.body), glossary_terms, id_prefix=f"term-{section.pk}")
    warning_signs = selectors.warning_signs_for(article)
    return {
        "article": article,
        "sections": sections,
        "unplaced_figures": figures_by_section.get(None, []),
        "emergency_signs": [sign for sign in warning_signs if sign.is_emergency],
        "clinic_signs": [sign for sign in warning_signs if not sign.is_emergency],
        "faqs": article.faqs.all(),
        "procedure_codes": [procedure.cpt_code for procedure in article.related_procedures.all()],
        **_clinic_context(),
    }


def _clinic_context() -> dict:
    from portal.context_processors import clinic

    return clinic(None)

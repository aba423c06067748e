import hashlib

from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from education import extensions, rendering, search, selectors
from education import search_page as search_page_html
from education.forms import ArticleFilterForm, FAQFilterForm, SearchForm, WarningSignCheckForm
from education.models import Surgeon
from portal import events, hot_page
from portal.ratelimit import rate_limit

ARTICLES_PER_PAGE = 20
FAQS_PER_PAGE = 40


def home(request):
    """The home page: the spine diagram with the number of articles for each region."""
    counts = selectors.region_article_counts(language=get_language())
    return render(request, "home.html", {"region_counts": counts})


def _listing_key(name, request) -> str:
    # Keyed by the whole address: the page's forms send the reader back to it.
    return f"{name}:" + hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]


def _listing_keys(name):
    return lambda request: [hot_page.page_key(_listing_key(name, request), "{view}")]


@hot_page.read_with_session(_listing_keys("article-list"))
def article_list(request):
    return _listing_page(
        request,
        name="article-list",
        page_template="education/article_list.html",
        template="education/article_list_content.html",
        form_class=ArticleFilterForm,
        items=lambda filters: selectors.article_list_published(
            region=filters.get("region", ""), kind=filters.get("kind", ""), language=get_language()
        ),
        per_page=ARTICLES_PER_PAGE,
    )


@hot_page.read_with_session(
    lambda request, slug: [
        hot_page.page_key(f"article:{slug}", "{view}"),
        hot_page.reader_key(f"article:{slug}", "{user}", "{view}"),
        *extensions.article_reader_cache_keys(),
    ]
)
def article_detail(request, slug):
    # Staff who may edit articles and passed two-step login see drafts too ("View on site" is their preview).
    preview = request.user.is_staff and request.user.is_verified() and request.user.has_perm("education.change_article")
    if preview or request.GET or not hot_page.servable(request):
        return _article_detail_rendered(request, slug, preview=preview)
    # The page is the same for every reader of this language and text size but for the slots.
    version = rendering.content_version()
    page = hot_page.cached_page(request, f"article:{slug}", version) or _article_page_kept(request, slug, version)
    if page.extra["redirect"]:
        return redirect(page.extra["redirect"])
    # The reader's own parts (assignment, bookmark) come from the care app, through extensions.
    article = page.extra["article"]
    reader = {"assignment": None, "bookmarked": False}
    reader.update(extensions.article_reader_context(request=request, article=article))
    if reader["assignment"] is None:
        parts = page.extra["reader"][bool(reader["bookmarked"])]
    else:  # an assigned article: its box is this reader's own, kept under their id
        assignment = reader["assignment"]
        shown = (assignment.pk, assignment.due, assignment.due_date, assignment.note, assignment.note_language)
        parts = hot_page.reader_html(
            request,
            f"article:{slug}",
            (page.version, *shown, assignment.finished_at, bool(reader["bookmarked"])),
            lambda: render_to_string(
                "education/article_reader_parts.html",
                {"article": article, **reader, "csrf_token": hot_page.CSRF_MARKER},
                request=request,
            ),
        )
    return hot_page.respond(request, page, {"reader": parts})


def _article_page_kept(request, slug, version) -> hot_page.CachedPage:
    article, body, in_reader_language = rendering.article_page(slug=slug)
    if in_reader_language is not None:
        return hot_page.keep(
            request, f"article:{slug}", hot_page.CachedPage(version, [], {"redirect": in_reader_language})
        )
    # The reader's parts of an unassigned article: the bookmark button, not saved and saved.
    reader = {
        bookmarked: render_to_string(
            "education/article_reader_parts.html",
            {"article": article, "assignment": None, "bookmarked": bookmarked, "csrf_token": hot_page.CSRF_MARKER},
        )
        for bookmarked in (False, True)
    }
    return hot_page.render_page(
        request,
        f"article:{slug}",
        version,
        "education/article_detail.html",
        {"article": article, "body": body},
        slots=("reader",),
        csrf_placeholders=(rendering.CSRF_PLACEHOLDER,),
        extra={"redirect": None, "article": article, "reader": reader},
    )


def _article_detail_rendered(request, slug, *, preview):
    article, body, in_reader_language = rendering.article_page(slug=slug, preview=preview)
    if in_reader_language is not None:
        return redirect(in_reader_language)
    body = rendering.with_reader_token(body, request)  # the "Was this helpful?" forms
    context = {"article": article, "body": body, "assignment": None, "bookmarked": False}
    context.update(extensions.article_reader_context(request=request, article=article))
    return render(request, "education/article_detail.html", context)


@hot_page.read_with_session(_listing_keys("faq-list"))
def faq_list(request):
    return _listing_page(
        request,
        name="faq-list",
        page_template="education/faq_list.html",
        template="education/faq_list_content.html",
        form_class=FAQFilterForm,
        form_kwargs={"language": get_language()},
        items=lambda filters: selectors.faq_list_published(topic=filters.get("topic", ""), language=get_language()),
        per_page=FAQS_PER_PAGE,
    )


def _listing_page(request, *, name, page_template, **listing):
    """A list page: from the cached page when it may be (see portal/hot_page.py), else rendered."""
    if not hot_page.servable(request):
        content = rendering.listing_html(request, name=name, **listing)
        return render(request, page_template, {"content": content})
    version = rendering.content_version()
    key = _listing_key(name, request)
    page = hot_page.cached_page(request, key, version)
    if page is None:
        content, keep = rendering.listing_content(request, name=name, **listing)
        page = hot_page.render_page(
            request,
            key if keep else None,
            version,
            page_template,
            {"content": mark_safe(content)},  # noqa: S308 (our templates; content sanitized when rendered)
            csrf_placeholders=(rendering.CSRF_PLACEHOLDER,),
        )
    return hot_page.respond(request, page)


def surgeon_list(request):
    return render(request, "education/surgeon_list.html", {"surgeons": Surgeon.objects.all()})


def surgeon_detail(request, slug):
    surgeon = selectors.surgeon_get(slug=slug)
    articles = selectors.surgeon_articles_published(surgeon=surgeon, language=get_language())
    return render(request, "education/surgeon_detail.html", {"surgeon": surgeon, "articles": articles})


@hot_page.read_with_session(lambda request: [hot_page.page_key("search", "{view}")])
def search_page(request):
    form = SearchForm(request.GET) if "q" in request.GET else SearchForm()
    valid = form.is_bound and form.is_valid()
    query = form.cleaned_data["q"] if valid else ""
    results = search.search(query, language=get_language(), user=request.user) if valid else None
    # Buffered for the content insights (issue 34): no query here, never logged; the page gets a token, not the words.
    search_token = None
    if valid:
        search_token = events.record(request, "search", query=query, language=get_language(), results=len(results.all))
    # No template renders: the content is made from fragments (education/search_page.py), the page
    # around it is the cached page of this language and text size (portal/hot_page.py).
    content = search_page_html.content(
        value=form["q"].value() or "", errors=form.errors.get("q", []), typed=query, results=results, token=search_token
    )
    if hot_page.servable(request):
        version = rendering.content_version()
        page = hot_page.cached_page(request, "search", version) or hot_page.render_page(
            request,
            "search",
            version,
            "education/search.html",
            {"content": hot_page.slot_marker("content")},
            slots=("next",),
        )
        response = hot_page.respond(request, page, {"content": content, "next": escape(request.get_full_path())})
    else:
        content = mark_safe(content.replace(hot_page.CSRF_MARKER, get_token(request)))  # noqa: S308 (escaped fragments)
        response = render(request, "education/search.html", {"content": content})
    # What the page was made from, as a TemplateResponse keeps it (tests read the results here).
    response.context_data = {"form": form, "results": results, "search_token": search_token}
    return response


@rate_limit("api-search", limit=60, period=60, address_limit=300)
def search_api(request):
    form = SearchForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors}, status=400)
    results = search.search(form.cleaned_data["q"], language=get_language(), user=request.user)
    return JsonResponse({"results": [result.as_json() for result in results.all], "suggestion": results.suggestion})


def glossary(request):
    def render_content(csrf_token):
        context = {"terms": selectors.glossary_terms(language=get_language()), "csrf_token": csrf_token}
        return render_to_string("education/glossary_content.html", context, request=request), True

    html = rendering.shared_html("glossary", render_content)
    return render(request, "education/glossary.html", {"content": rendering.with_reader_token(html, request)})


@require_http_methods(["GET", "POST"])
def warning_sign_guide(request):
    """Posted, not sent in the URL, so what a patient ticks never reaches a log."""
    signs = selectors.warning_signs_for_guide(language=get_language())
    form = WarningSignCheckForm(request.POST if request.method == "POST" else None, warning_signs=signs)
    answer = None
    if request.method == "POST" and form.is_valid():
        ticked = form.ticked()
        answer = {
            "emergency": [sign for sign in ticked if sign.is_emergency],
            "clinic": [sign for sign in ticked if not sign.is_emergency],
        }
    return render(request, "education/warning_sign_guide.html", {"form": form, "answer": answer, "signs": signs})

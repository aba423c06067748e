"""What patient pages send: "Was this helpful?" (a form, with or without JavaScript), and two small
beacons (a section came into view, a search result was opened). Each only buffers an event
(portal/events.py): no database query, nothing in the URL or the log.

"Was this helpful?" (issue 35: small forms, GOV.UK style): the form on the page holds only Yes / No.
A "no" is counted at once and remembered in the reader's session (the part, and the page they came
from); then, without JavaScript, the follow-up page (`helpful_unclear`) offers "What was unclear?",
and with JavaScript the same box appears in place. The words are added to that "no" when the events
are written (insights/services.py), never counted as another answer; words for a "no" the session
does not hold are refused. Only the pages reached without JavaScript look up where to send the
reader back (one query, insights/selectors.py `helpful_back`)."""

from urllib.parse import urlsplit

from django.contrib import messages
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from insights.forms import HelpfulForm, SearchOpenedForm, SectionReadForm, UnclearForm
from insights.selectors import helpful_back
from insights.services import HELPFUL, HELPFUL_UNCLEAR, SEARCH_OPENED, SECTION_READ
from portal import events
from portal.ratelimit import rate_limit

# The "no" answers a reader may still add words to (newest last), in their session: never in a URL.
PENDING = "insights-helpful-no"
PENDING_MAX = 10


def _wants_fragment(request) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


def _ours(request, url: str) -> bool:
    return url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure())


def _came_from(request) -> str:
    """The page the form was on (path and query), from the Referer when it is this site's; else ""."""
    referer = request.headers.get("Referer", "")
    if not _ours(request, referer):
        return ""
    parts = urlsplit(referer)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _back(request, answer: dict) -> str:
    target = helpful_back(
        part=answer["part"], key=answer["key"], article_id=answer["article"], came_from=answer["from"]
    )
    return target if _ours(request, target) else reverse("home")


def _thanks(request, target: str):
    messages.success(request, _("Thank you. Your answer helps us make our pages clearer."))
    return redirect(target)


def _bad(request, form, page_template="insights/helpful_error_page.html", context=None):
    template = "insights/helpful_error.html" if _wants_fragment(request) else page_template
    return render(request, template, {"form": form, **(context or {})}, status=400)


@require_POST
@rate_limit("insights-helpful", limit=60, period=60)
def helpful(request):
    form = HelpfulForm(request.POST)
    if not form.is_valid():
        return _bad(request, form)
    data = form.cleaned_data
    unclear = data["unclear"].strip()  # only from pages cached before the follow-up page
    events.record(
        request,
        HELPFUL,
        article=data["article"],
        part=data["part"],
        key=str(data["key"]),
        helpful=data["helpful"],
        unclear=unclear,
    )
    answer = {"article": data["article"], "part": data["part"], "key": str(data["key"]), "from": _came_from(request)}
    if data["next"] and _ours(request, data["next"]):
        answer["from"] = data["next"]
    if not data["helpful"] and not unclear:
        pending = [a for a in request.session.get(PENDING, []) if a["key"] != answer["key"]]
        request.session[PENDING] = [*pending, answer][-PENDING_MAX:]
        if not _wants_fragment(request):
            return redirect("insights:helpful_unclear")
    if _wants_fragment(request):
        return render(request, "insights/helpful_thanks.html")
    return _thanks(request, _back(request, answer))


@require_http_methods(["GET", "POST"])
@rate_limit("insights-helpful", limit=60, period=60)
def helpful_unclear(request):
    """After a "no": "What was unclear?" (optional). The words go with that "no"; nothing is counted again."""
    pending = request.session.get(PENDING, [])
    if request.method == "GET":
        if not pending:
            return redirect("home")  # nothing to add words to (sent already, or the session is new)
        answer = pending[-1]
        form = UnclearForm(initial={"key": answer["key"]})
        return render(request, "insights/helpful_unclear.html", {"form": form, "back": _back(request, answer)})
    form = UnclearForm(request.POST)
    answer = None
    if form.is_valid():
        answer = next((a for a in pending if a["key"] == str(form.cleaned_data["key"])), None)
        if answer is None:
            form.add_error(None, _("We could not find your answer to add this to. Please answer “No” again."))
    if not form.is_valid():
        context = {"back": _back(request, answer or pending[-1]) if pending else reverse("home")}
        return _bad(request, form, "insights/helpful_unclear.html", context)
    request.session[PENDING] = [a for a in pending if a is not answer]
    if text := form.cleaned_data["unclear"].strip():
        events.record(
            request, HELPFUL_UNCLEAR, article=answer["article"], part=answer["part"], key=answer["key"], unclear=text
        )
    if _wants_fragment(request):
        return render(request, "insights/helpful_thanks.html")
    return _thanks(request, _back(request, answer))


@require_POST
@rate_limit("insights-beacon", limit=240, period=60)
def section_read(request):
    form = SectionReadForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest()
    events.record(
        request, SECTION_READ, article=form.cleaned_data["article"], section=str(form.cleaned_data["section"])
    )
    return HttpResponse(status=204)


@require_POST
@rate_limit("insights-beacon", limit=240, period=60)
def search_opened(request):
    form = SearchOpenedForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest()
    events.record(request, SEARCH_OPENED, search=str(form.cleaned_data["search"]))
    return HttpResponse(status=204)

"""What patient pages send: "Was this helpful?" (a form, with or without JavaScript), and two small
beacons (a section came into view, a search result was opened). Each only buffers an event
(portal/events.py): no database query, nothing in the URL or the log."""

from django.contrib import messages
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from insights.forms import HelpfulForm, SearchOpenedForm, SectionReadForm
from insights.services import HELPFUL, SEARCH_OPENED, SECTION_READ
from portal import events
from portal.ratelimit import rate_limit


def _wants_fragment(request) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


@require_POST
@rate_limit("insights-helpful", limit=60, period=60)
def helpful(request):
    form = HelpfulForm(request.POST)
    if not form.is_valid():
        status = 400
        if _wants_fragment(request):
            return render(request, "insights/helpful_error.html", {"form": form}, status=status)
        return render(request, "insights/helpful_error_page.html", {"form": form}, status=status)
    data = form.cleaned_data
    events.record(
        request,
        HELPFUL,
        article=data["article"],
        part=data["part"],
        key=str(data["key"]),
        helpful=data["helpful"],
        unclear=data["unclear"].strip(),
    )
    if _wants_fragment(request):
        return render(request, "insights/helpful_thanks.html")
    messages.success(request, _("Thank you. Your answer helps us make our pages clearer."))
    target = data["next"]
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "home"
    return redirect(target)


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

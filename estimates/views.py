import json
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from care import access
from care.selectors import planned_procedure_codes
from estimates import answers, selectors
from estimates.calculator import MAX_PROCEDURES, estimate_calculate, estimate_compare, estimate_frozen_inputs
from estimates.forms import CPT, EstimateForm, GoodFaithEstimateForm
from estimates.models import Coverage, SavedEstimate
from estimates.snapshot import VERSION_KEY
from portal import hot_page
from portal.ratelimit import rate_limit
from portal.sessions import remember_reader

# The article's worked example: Tom has met his Part B deductible, so the link says 0 (a blank means still owed).
WORKED_EXAMPLE = "?procedure=63030&procedure=22612&coverage=medicare&deductible_remaining=0"


def _get_own_estimate(request, pk) -> SavedEstimate:
    patient = access.patient_for(request, access.Scope.ESTIMATES)
    return get_object_or_404(SavedEstimate.objects.select_related("fee_schedule"), pk=pk, patient=patient)


def _suggested(data) -> list[str]:
    """Procedures to list first (an article's), never ticked: valid CPT codes only, at most ten."""
    return list(dict.fromkeys(code for code in data.getlist("suggest") if CPT.match(code)))[:MAX_PROCEDURES]


def _estimate_form(data, snapshot, *, suggested=(), initial=None, planned=False) -> EstimateForm:
    return EstimateForm(
        data,
        initial=initial,
        procedure_choices=selectors.procedure_choices(snapshot, suggested, planned=planned),
        part_b_deductible=snapshot.part_b_deductible if snapshot else None,
        year=snapshot.year if snapshot else None,
    )


def _calculate(data, *, suggested=(), planned=False, snapshot=None):
    """Validate `data` with the one estimate form; return (form, snapshot, result or None, lines, terms).

    The schedule comes from one cache read (estimates.snapshot), unless the caller has read it; the rest is
    computation, no query."""
    if snapshot is None:
        snapshot = selectors.schedule_snapshot()
    form = _estimate_form(data, snapshot, suggested=suggested, planned=planned)
    if snapshot is None or not form.is_valid():
        return form, snapshot, None, [], None
    lines = snapshot.fee_lines(form.cleaned_data["procedure"], get_language())
    if not form.check_setting(lines):
        return form, snapshot, None, [], None
    result = estimate_calculate(lines=lines, terms=snapshot.terms, **form.calculator_inputs())
    return form, snapshot, result, lines, snapshot.terms


def estimate_page(request):
    """Submitted by GET, so a result can be bookmarked or shared with family.

    `?suggest=CPT` (from an article) lists those procedures first without ticking them."""
    suggested = _suggested(request.GET)
    submitted = "coverage" in request.GET
    planned = bool(suggested) and request.GET.get("planned") == "1"
    if not suggested and not submitted:
        # The care team linked the patient's planned operations: those come first (never ticked).
        suggested = planned_procedure_codes(patient=request.user)
        planned = bool(suggested)
    comparison = []
    if submitted:
        form, schedule, result, lines, terms = _calculate(request.GET, suggested=suggested, planned=planned)
        if result is not None:
            comparison = estimate_compare(lines=lines, terms=terms, **form.calculator_inputs())
    else:
        schedule = selectors.schedule_snapshot()
        initial = {
            "procedure": request.GET.getlist("procedure"),
            "coverage": Coverage.MEDICARE,
            "same_operation": "true",
            "setting": "",
        }
        form = _estimate_form(None, schedule, suggested=suggested, initial=initial, planned=planned)
        result = None
    context = {
        "form": form,
        "schedule": schedule,
        "result": result,
        "comparison": comparison,
        "suggested": suggested,
        "planned": planned,
        "worked_example": WORKED_EXAMPLE,
    }
    return render(request, "estimates/estimate.html", context, status=400 if submitted and form.errors else 200)


# The schedule's version is read in the session's round trip (with the cached user), and held for the
# request: a warm estimate is one Redis round trip (portal/sessions.py; the pointer names the user).
@hot_page.read_with_session(lambda request: [VERSION_KEY])
@rate_limit("api-estimate", limit=60, period=60, address_limit=300)
def estimate_api(request):
    """The same question under the same schedule, in the same language, gets the answer this process kept
    (estimates/answers.py)."""
    remember_reader(request, hot_page.reader_view(request))
    schedule = selectors.schedule_snapshot()
    if schedule is None:
        return JsonResponse({"errors": {"__all__": [_("No fee schedule is active. Please call billing.")]}}, status=503)
    language, query = get_language(), request.META.get("QUERY_STRING", "")
    body = answers.kept(schedule, language, query)
    if body is None:
        form, _schedule, result, _lines, _terms = _calculate(request.GET, snapshot=schedule)
        if result is None:
            return JsonResponse({"errors": form.errors}, status=400)
        body = answers.keep(schedule, language, query, json.dumps(result.as_json(), cls=DjangoJSONEncoder).encode())
    return HttpResponse(body, content_type="application/json")


@require_POST
def estimate_save(request):
    form, schedule, result, lines, terms = _calculate(request.POST)
    if result is None:
        messages.error(request, _("This estimate could not be saved. Check the choices and try again."))
        return redirect(reverse("estimates:estimate"))
    with transaction.atomic():
        saved = SavedEstimate.objects.create(
            patient=request.user,
            fee_schedule_id=schedule.schedule_id,
            coverage=result.coverage,
            inputs=form.stored_inputs() | estimate_frozen_inputs(lines=lines, terms=terms),
            result=result.as_json(),
            total_patient_pays=result.total_patient_pays,
            same_operation=result.same_operation,
            setting=result.setting or "",
        )
    messages.success(request, _("Saved to your page."))
    return redirect(saved_detail_url(saved))


def saved_detail_url(saved: SavedEstimate) -> str:
    return reverse("estimates:saved_detail", kwargs={"pk": saved.pk})


def saved_list(request):
    patient = access.patient_for(request, access.Scope.ESTIMATES)
    estimates = SavedEstimate.objects.filter(patient=patient).select_related("fee_schedule")
    return render(request, "estimates/saved_list.html", {"estimates": estimates})


def saved_detail(request, pk):
    """The saved numbers, with the wording worked out again in the reader's language."""
    saved = _get_own_estimate(request, pk)
    result = selectors.saved_estimate_result(saved)
    again = [("procedure", code) for code in saved.inputs.get("procedure", [])] + [("coverage", saved.coverage)]
    again += [
        (key, "true" if value is True else "false" if value is False else value)
        for key, value in saved.inputs.items()
        if (key in EstimateForm.FIELD_COVERAGES or key in ("same_operation", "setting")) and value not in (None, "")
    ]
    if "same_operation" not in saved.inputs:
        again.append(("same_operation", "false"))  # saved before the one-operation rules: summed, as it was
    context = {"saved": saved, "result": result, "again_query": urlencode(again)}
    return render(request, "estimates/saved_detail.html", context)


@require_POST
def saved_delete(request, pk):
    _get_own_estimate(request, pk).delete()
    messages.success(request, _("The saved estimate is deleted."))
    return redirect("estimates:saved_list")


@require_http_methods(["GET", "POST"])
def good_faith_estimate(request):
    """A printable Good Faith Estimate for self-pay patients (45 CFR 149.610).

    The surgery date and diagnosis codes are posted, never put in the URL,
    so they stay out of browser history and server logs.
    """
    data = (request.POST if request.method == "POST" else request.GET).copy()
    data["coverage"] = Coverage.SELF_PAY  # whatever the link said: a Good Faith Estimate is for self-pay
    form, schedule, result, _lines, _terms = _calculate(data)
    gfe_form = GoodFaithEstimateForm(
        request.POST if request.method == "POST" else None, initial={"date_of_birth": request.user.date_of_birth}
    )
    details = gfe_form.cleaned_data if gfe_form.is_valid() else {}
    date_of_birth = details.get("date_of_birth") or request.user.date_of_birth
    context = {
        "form": form,
        "gfe_form": gfe_form,
        "result": result,
        "schedule": schedule,
        "details": details,
        "date_of_birth": date_of_birth,
        "provider": {
            "name": settings.CLINIC_NAME,
            "npi": settings.CLINIC_NPI,
            "tin": settings.CLINIC_TIN,
            "address": settings.CLINIC_ADDRESS,
            "phone": settings.CLINIC_PHONE,
        },
    }
    valid = result is not None and not result.unavailable and (not gfe_form.is_bound or gfe_form.is_valid())
    status = 200 if valid else 400
    return render(request, "estimates/good_faith_estimate.html", context, status=status)

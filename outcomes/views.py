"""The patient's questionnaires: one question per screen, review, send, then scores over time.

Every query filters by request.user; another patient's answers are 404. Plain forms and POST: no JavaScript.
"""


from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from care.models import PatientPathway
from outcomes import fhir, selectors, services
from outcomes.forms import AnswerForm
from outcomes.models import Answer, Response
from portal import fhir as portal_fhir


def _own_response(request, pk) -> Response:
    response = get_object_or_404(Response.objects.select_related("instrument"), pk=pk, patient=request.user)
    if response.status == Response.Status.SENT:
        raise Http404  # sent answers are not changed
    return response


def _items(response) -> list:
    return list(response.instrument.items.prefetch_related("options"))


@require_http_methods(["GET", "POST"])
def start(request, pathway_pk, scheduled_pk):
    due = selectors.questionnaires_due(request.user, timezone.localdate())
    entry = next((d for d in due if d.pathway_id == pathway_pk and d.scheduled.pk == scheduled_pk), None)
    if entry is None:
        raise Http404
    instrument = entry.scheduled.instrument
    items = list(instrument.items.prefetch_related("options"))
    if len(items) == 1:
        return _one_screen(request, entry, instrument, items[0], pathway_pk)
    if request.method == "POST":
        response = services.response_start(
            patient=request.user,
            pathway=get_object_or_404(PatientPathway, pk=pathway_pk, patient=request.user),
            scheduled=entry.scheduled,
            language=get_language(),
        )
        answered = set(Answer.objects.filter(response=response).values_list("item__order", flat=True))
        items = _items(response)
        first_open = next((n for n, item in enumerate(items, start=1) if item.order not in answered), None)
        if first_open is None:
            return redirect("outcomes:review", pk=response.pk)
        return redirect("outcomes:question", pk=response.pk, number=first_open)
    context = {"entry": entry, "instrument": instrument, "item_count": len(items)}
    return render(request, "outcomes/start.html", context)


def _one_screen(request, entry, instrument, item, pathway_pk):
    """A one-question questionnaire on one screen: the question, the answer, sent (issue 31)."""
    language = instrument.offered_in(get_language())
    # One question cannot be skipped: a questionnaire with nothing answered has no score.
    form = AnswerForm(request.POST if request.method == "POST" else None, item=item, language=language, may_skip=False)
    if request.method == "POST" and form.is_valid():
        response = services.response_start(
            patient=request.user,
            pathway=get_object_or_404(PatientPathway, pk=pathway_pk, patient=request.user),
            scheduled=entry.scheduled,
            language=get_language(),
        )
        services.response_answer(response=response, item=item, option=form.cleaned_data["chosen"])
        services.response_send(response=response)
        messages.success(request, _("Thank you. Your answer is sent to your care team."))
        return redirect("outcomes:scores")
    context = {
        "entry": entry,
        "instrument": instrument,
        "item": item,
        "item_text": item.text_in(language),
        "language": language,
        "form": form,
    }
    return render(request, "outcomes/one_question.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def question(request, pk, number):
    response = _own_response(request, pk)
    items = _items(response)
    if not 1 <= number <= len(items):
        raise Http404
    item = items[number - 1]
    previous = Answer.objects.filter(response=response, item=item).first()
    may_skip = response.instrument.max_missing > 0
    form = AnswerForm(
        request.POST if request.method == "POST" else None,
        item=item,
        language=response.language,
        may_skip=may_skip,
        initial={"option": previous.option_id if previous else None},
    )
    if request.method == "POST" and form.is_valid():
        services.response_answer(response=response, item=item, option=form.cleaned_data["chosen"])
        if number < len(items):
            return redirect("outcomes:question", pk=response.pk, number=number + 1)
        return redirect("outcomes:review", pk=response.pk)
    context = {
        "response": response,
        "instrument": response.instrument,
        "item": item,
        "item_text": item.text_in(response.language),
        "form": form,
        "number": number,
        "total": len(items),
        "progress": round(100 * (number - 1) / len(items)),
        "may_skip": may_skip,
    }
    return render(request, "outcomes/question.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def review(request, pk):
    response = _own_response(request, pk)
    items = _items(response)
    answers = {answer.item_id: answer for answer in Answer.objects.filter(response=response).select_related("option")}
    rows = [
        {
            "number": number,
            "text": item.text_in(response.language),
            "answer": answers.get(item.pk),
            "label": answers[item.pk].option.label_in(response.language)
            if item.pk in answers and answers[item.pk].option_id
            else "",
        }
        for number, item in enumerate(items, start=1)
    ]
    unanswered = [row for row in rows if row["answer"] is None]
    skipped = [row for row in rows if row["answer"] is not None and not row["label"]]
    if request.method == "POST":
        if unanswered:
            messages.error(request, _("Please answer question %(number)s first.") % {"number": unanswered[0]["number"]})
            return redirect("outcomes:question", pk=response.pk, number=unanswered[0]["number"])
        services.response_send(response=response)
        messages.success(request, _("Thank you. Your answers are sent to your care team."))
        return redirect("outcomes:scores")
    context = {
        "response": response,
        "instrument": response.instrument,
        "rows": rows,
        "unanswered": unanswered,
        "too_many_skipped": len(skipped) > response.instrument.max_missing,
    }
    return render(request, "outcomes/review.html", context)


def scores(request):
    language = get_language()
    context = {
        "series": selectors.scores_for(patient=request.user, language=language),
        "due": selectors.questionnaires_due(request.user, timezone.localdate()),
        "chart": {
            "width": services.CHART_WIDTH,
            "height": services.CHART_HEIGHT,
            "left": services.CHART_PAD_LEFT,
            "bottom": services.CHART_HEIGHT - services.CHART_PAD_BOTTOM,
        },
    }
    return render(request, "outcomes/scores.html", context)


def fhir_export(request):
    """The patient's own sent answers as a FHIR R4B Bundle of Questionnaires and QuestionnaireResponses."""
    bundle = fhir.patient_bundle(patient=request.user)
    return portal_fhir.bundle_response(bundle, filename="my-questionnaires.fhir.json")

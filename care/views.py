"""A patient's own data: My page, assignments, bookmarks and questions.

Every query here filters by the patient the request acts for (care.access.patient_for: the user,
or the patient a caregiver switched to); another patient's object is 404.
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from care import access, calendar, extensions, fhir, my_page_cache, search, selectors, services
from care.forms import QuestionForm, ReminderSwitchForm, TeachBackAnswerForm
from care.models import Assignment, EducationRecord, PatientStep
from care.read_together import read_together
from education import selectors as education_selectors
from education.models import FAQ


def _get_own_assignment(request, pk, scope=None) -> Assignment:
    patient = access.patient_for(request, scope)
    return get_object_or_404(Assignment.objects.select_related("article"), pk=pk, patient=patient)


def _back(request, fallback: str):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect(fallback)


def my_page(request):
    """From the cache while nothing on it has changed (care/my_page_cache.py)."""
    grant = access.acting_grant(request)
    patient = access.patient_for(request)

    def build_context() -> dict:
        # Questionnaires due (outcomes) and saved estimates (estimates) come through care.extensions;
        # their reads and the page's own are one query.
        language = get_language()
        reads = selectors.my_page_reads(patient=patient, language=language)
        parts = extensions.my_page_parts(request=request)
        read_together(*reads.querysets(), *(queryset for part in parts for queryset in part.querysets))
        context = selectors.my_page_data(reads=reads, language=language)
        context.update(question_form=QuestionForm(), caregiver_grant=grant, questionnaires_due=[], estimates=[])
        for part in parts:
            context.update(part.context())
        return context

    return my_page_cache.respond(request, patient=patient, grant=grant, build_context=build_context)


def packet(request):
    """The printed packet ("Print my packet"): the patient's steps and dates, warning signs and whom
    to call, reading list and care team, laid out for paper (print styles in portal.css; the clinic's
    numbers on every page)."""
    context = selectors.packet_data(patient=access.patient_for(request), language=get_language())
    context["printed_on"] = timezone.localdate()
    return render(request, "care/packet.html", context)


@require_POST
def assignment_finish(request, pk):
    assignment = _get_own_assignment(request, pk, access.Scope.TICK)
    services.assignment_finish(assignment=assignment, acted_by=access.acted_by(request))
    read = (
        education_selectors.article_in_language(article=assignment.article, language=get_language())
        or assignment.article
    )
    messages.success(request, _("Well done! “%(title)s” is marked as read.") % {"title": read.title})
    return _back(request, "care:my_page")


@require_POST
def assignment_question(request, pk):
    assignment = _get_own_assignment(request, pk, access.Scope.ASK)
    form = QuestionForm(request.POST)
    if not form.is_valid():
        return render(request, "care/question_form.html", {"form": form, "assignment": assignment}, status=400)
    services.assignment_ask(
        assignment=assignment,
        text=form.cleaned_data["text"],
        language=get_language(),
        acted_by=access.acted_by(request),
    )
    messages.success(request, _("Your question is sent. The care team will contact you."))
    return _back(request, "care:my_page")


@require_POST
def bookmark_article(request, slug):
    article = education_selectors.article_get_published(slug=slug)
    saved = services.bookmark_toggle(patient=request.user, article=article)
    messages.success(request, _("Saved to your page.") if saved else _("Removed from your page."))
    return _back(request, article.get_absolute_url())


@require_POST
def bookmark_faq(request, pk):
    faq = get_object_or_404(FAQ.objects.published(), pk=pk)
    saved = services.bookmark_toggle(patient=request.user, faq=faq)
    messages.success(request, _("Saved to your page.") if saved else _("Removed from your page."))
    return _back(request, "education:faq_list")


def _get_own_step(request, pk) -> PatientStep:
    patient = access.patient_for(request, access.Scope.TICK)
    return get_object_or_404(PatientStep.objects.select_related("step"), pk=pk, pathway__patient=patient)


@require_POST
def step_done(request, pk):
    patient_step = _get_own_step(request, pk)
    if not services.step_tick(patient_step=patient_step, acted_by=access.acted_by(request)):
        messages.error(request, _("This step is done when you finish its article or its questions."))
        return redirect("care:my_page")
    messages.success(
        request, _("Well done! “%(title)s” is done.") % {"title": patient_step.step.title_in(get_language())}
    )
    return _back(request, "care:my_page")


def pathway_step(request, pk):
    """A published pathway step found by search: the patient's own dated step if they are on its
    pathway, otherwise its text with a note to ask their care team (the step may not be theirs)."""
    step = get_object_or_404(search.published_steps(language=get_language()), pk=pk)
    own = PatientStep.objects.filter(pathway__patient=request.user, step=step).values_list("pk", flat=True).first()
    if own:
        return redirect(f"{reverse('care:my_page')}#step-{own}")
    language = get_language()
    context = {
        "title": step.title_in(language),
        "instructions": step.instructions_in(language),
        "pathway": step.template.name_in(language),
        "note": search.not_yours_note(),
    }
    return render(request, "care/pathway_step.html", context)


def steps_calendar(request):
    """The patient's steps as an .ics file for their own calendar app."""
    steps = selectors.timeline_for(patient=access.patient_for(request), language=get_language())
    response = HttpResponse(
        calendar.steps_ics(steps=steps, link=request.build_absolute_uri(reverse("care:my_page"))),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="my-steps.ics"'
    return response


@access.patient_only
def teach_back(request, pk):
    """Check what you understood: one question at a time; a wrong answer shows why and the section
    that explains it, and the question comes back later. Never a grade."""
    assignment = _get_own_assignment(request, pk)
    article, questions = selectors.teach_back_for(assignment=assignment, language=get_language())
    if not questions:
        messages.info(request, _("This article has no questions to answer yet."))
        return redirect("care:my_page")
    question = selectors.teach_back_next(assignment=assignment, questions=questions)
    options = selectors.teach_back_options(assignment=assignment, question=question) if question else None
    if request.method == "POST" and question is not None:
        form = TeachBackAnswerForm(request.POST, question=question, options=options)
        if form.is_valid():
            record = services.teach_back_answer(
                assignment=assignment,
                article=article,
                question=question,
                option=form.cleaned_data["option"],
                language=get_language(),
            )
            return redirect(f"{reverse('care:teach_back', args=[assignment.pk])}?answered={record.pk}")
        status = 400
    else:
        form = TeachBackAnswerForm(question=question, options=options) if question else None
        status = 200
    context = {
        "assignment": assignment,
        "article": article,
        "question": question,
        "form": form,
        "feedback": _feedback(request, assignment, questions),
        "total": len(questions),
    }
    return render(request, "care/teach_back.html", context, status=status)


def _feedback(request, assignment, questions) -> dict | None:
    """What to say about the answer just given (?answered=<record>), if it is this patient's."""
    record_id = request.GET.get("answered", "")
    record = (
        EducationRecord.objects.filter(pk=record_id, assignment=assignment, question__in=questions)
        .select_related("question")
        .first()
        if record_id.isdigit()
        else None
    )
    if record is None:
        return None
    options = record.question.options
    # By the option's key; records from before keys existed are matched by their text.
    chosen = record.question.option(record.option_key) if record.option_key else None
    chosen = chosen or next((option for option in options if option["text"] == record.answer_text), {})
    right = [option for option in options if option.get("correct")]
    return {
        "correct": record.response == EducationRecord.Response.UNDERSTOOD,
        "why": chosen.get("why") or (right[0].get("why", "") if right else ""),
        "right_answer": right[0]["text"] if right else "",
        "section_anchor": record.question.section_anchor,
    }


@require_POST
def reminders_switch(request):
    form = ReminderSwitchForm(request.POST)
    if not form.is_valid():
        return render(request, "care/reminders_error.html", {"message": form.errors["email_reminders"][0]}, status=400)
    services.reminders_switch(patient=request.user, on=form.cleaned_data["email_reminders"])
    if form.cleaned_data["email_reminders"]:
        messages.success(request, _("Reminders are on. We will email you when a step is due."))
    else:
        messages.success(request, _("Reminders are off. Your steps stay on this page."))
    return redirect("care:my_page")


def records_fhir(request):
    """The patient's own education records as FHIR R4B JSON, to take to another clinic or hospital."""
    return fhir.bundle_response(patient=request.user)

"""The patient's data, found by walking `_meta`, and a patient who touched all of it (issue 28 tests)."""

import uuid
from datetime import date
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone

from care import services as care_services
from care.models import CaregiverGrant, PathwayProcedure, ReadingPlan, ReadingPlanItem
from estimates.models import SavedEstimate
from insights.models import HelpfulVote, SearchEvent, SectionRead
from outcomes.services import response_answer, response_send, response_start
from tests.factories import (
    ArticleFactory,
    FAQFactory,
    PathwayStepFactory,
    PathwayTemplateFactory,
    ProcedureFactory,
    SectionFactory,
    SurgeonFactory,
    TeachBackQuestionFactory,
    surgeon_cares_for,
)
from tests.outcome_helpers import enrol_with_schedule

USER = settings.AUTH_USER_MODEL.lower()


def _is_history(model) -> bool:
    return hasattr(model, "instance_type")  # django-simple-history's copies are the audit of a row, not the row


def patient_models() -> dict[type[models.Model], str]:
    """Every model holding a patient's rows, with the lookup from it to the patient."""
    found: dict[type[models.Model], str] = {}
    candidates = [model for model in apps.get_models() if not _is_history(model)]
    for model in candidates:
        for field in model._meta.concrete_fields:
            if field.is_relation and field.name == "patient" and field.related_model._meta.label_lower == USER:
                found[model] = "patient"
    grew = True
    while grew:
        grew = False
        for model in candidates:
            if model in found:
                continue
            for field in model._meta.concrete_fields:
                if field.is_relation and field.related_model in found and not field.null:
                    found[model] = f"{field.name}__{found[field.related_model]}"
                    grew = True
                    break
    return found


def touch_everything(patient, *, schedule):
    """A patient who touched everything: plan reading, answers, questions, bookmarks, a pathway, questionnaires."""
    article = ArticleFactory(status="published")
    section = SectionFactory(article=article)
    question = TeachBackQuestionFactory(article=article)
    faq = FAQFactory(article=article)
    plan = ReadingPlan.objects.create(name="Before surgery")
    ReadingPlanItem.objects.create(plan=plan, article=article)
    (assignment,) = care_services.plan_assign(plan=plan, patient=patient)
    care_services.teach_back_answer(
        assignment=assignment, article=article, question=question, option=question.options[0]["key"], language="en"
    )
    care_services.assignment_ask(assignment=assignment, text="Can I drive?")
    care_services.bookmark_toggle(patient=patient, article=article)
    care_services.bookmark_toggle(patient=patient, faq=faq)
    surgeon_cares_for(patient=patient, surgeon=SurgeonFactory())
    care_services.reminders_switch(patient=patient, on=False)

    template = PathwayTemplateFactory(status="published")
    PathwayStepFactory(template=template, kind="read", article=ArticleFactory(status="published"))
    PathwayStepFactory(template=template)
    pathway, scheduled = enrol_with_schedule(patient, surgery_date=date(2026, 6, 15), template=template)
    PathwayProcedure.objects.create(pathway=pathway, procedure=ProcedureFactory(cpt_code="63030"))
    first = scheduled.first()
    response = response_start(patient=patient, pathway=pathway, scheduled=first, language="en")
    item = first.instrument.items.first()
    response_answer(response=response, item=item, option=item.options.first())
    response_send(response=response)
    SavedEstimate.objects.create(
        patient=patient,
        fee_schedule=schedule,
        coverage="medicare",
        inputs={},
        result={},
        total_patient_pays=Decimal("10.00"),
    )
    CaregiverGrant.objects.create(patient=patient, name="Sam", email="sam.helper@example.com", language="en")
    # What insights records (issue 34), as the buffer's flush writes it.
    now = timezone.now()
    SearchEvent.objects.create(patient=patient, query="can i drive", language="en", token=uuid.uuid4(), created_at=now)
    SectionRead.objects.create(patient=patient, article=article, section_key=section.key, created_at=now)
    HelpfulVote.objects.create(
        patient=patient, article=article, part="section", part_key=section.key, helpful=False, created_at=now
    )
    return patient

"""Deleting content, plans, enrolments or assignments never deletes a patient's records (issue 28).

The patient's models are found by walking `_meta`: every model with a `patient`
foreign key, and every model that points at one of those. A model a later
issue adds is covered without changing this test.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.db.models.deletion import ProtectedError, RestrictedError

from care import services as care_services
from care.models import Assignment, CareTeamMember, PatientPathway, PathwayProcedure, ReadingPlan, ReadingPlanItem
from estimates.models import SavedEstimate
from outcomes.models import QuestionnaireReminder
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


def content_it_touches(found, patient) -> list[models.Model]:
    """Every non-patient object the patient's rows point at (content, plans, steps, questionnaires...)."""
    objects = {}
    for model, path in found.items():
        for row in model.objects.filter(**{path: patient}):
            for field in model._meta.concrete_fields:
                if not field.is_relation or field.related_model._meta.label_lower == USER:
                    continue
                if field.related_model in found:
                    continue  # the patient's own rows (answers in a response): not content
                target = getattr(row, field.name)
                if target is not None:
                    objects[(type(target), target.pk)] = target
    return list(objects.values())


def counts(found, patient, *, leaving_out=None) -> dict[str, int]:
    result = {}
    for model, path in found.items():
        rows = model.objects.filter(**{path: patient})
        if leaving_out is not None and isinstance(leaving_out, model):
            rows = rows.exclude(pk=leaving_out.pk)
        result[model._meta.label] = rows.count()
    return result


@pytest.fixture
def busy_patient(patient, reviewer, schedule):
    """A patient who touched everything: plan reading, answers, questions, bookmarks, a pathway, questionnaires."""
    article = ArticleFactory(status="published")
    SectionFactory(article=article)
    question = TeachBackQuestionFactory(article=article)
    faq = FAQFactory(article=article)
    plan = ReadingPlan.objects.create(name="Before surgery")
    ReadingPlanItem.objects.create(plan=plan, article=article)
    (assignment,) = care_services.plan_assign(plan=plan, patient=patient)
    care_services.teach_back_answer(assignment=assignment, article=article, question=question, option=0, language="en")
    care_services.assignment_ask(assignment=assignment, text="Can I drive?")
    care_services.bookmark_toggle(patient=patient, article=article)
    care_services.bookmark_toggle(patient=patient, faq=faq)
    CareTeamMember.objects.create(patient=patient, surgeon=SurgeonFactory())

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
    QuestionnaireReminder.objects.create(pathway=pathway, scheduled=first)
    SavedEstimate.objects.create(
        patient=patient,
        fee_schedule=schedule,
        coverage="medicare",
        inputs={},
        result={},
        total_patient_pays=Decimal("10.00"),
    )
    return patient


def test_the_walk_finds_the_patients_models():
    labels = {model._meta.label for model in patient_models()}
    assert {
        "care.Assignment",
        "care.EducationRecord",
        "care.PatientQuestion",
        "care.PatientStep",
        "care.Bookmark",
        "outcomes.Response",
        "outcomes.Answer",
        "outcomes.QuestionnaireReminder",
        "estimates.SavedEstimate",
    } <= labels


@pytest.mark.django_db
def test_deleting_anything_a_patient_touched_keeps_every_record(busy_patient):
    found = patient_models()
    touched = content_it_touches(found, busy_patient)
    # The assignments and enrolments themselves, and the article parts (sections) no record points at.
    touched += list(Assignment.objects.filter(patient=busy_patient))
    touched += list(PatientPathway.objects.filter(patient=busy_patient))
    for article in {t.article for t in touched if t._meta.label == "care.Assignment"}:
        touched += list(article.sections.all())
    kinds = {type(target)._meta.label for target in touched}
    assert {"education.Article", "education.FAQ", "education.TeachBackQuestion", "education.Section"} <= kinds
    assert {"care.ReadingPlan", "care.PathwayStep", "care.Assignment", "care.PatientPathway"} <= kinds
    assert {"outcomes.Instrument", "outcomes.Item", "outcomes.Option", "outcomes.ScheduledInstrument"} <= kinds

    for target in touched:
        before = counts(found, busy_patient, leaving_out=target)
        with transaction.atomic():
            try:
                type(target).objects.get(pk=target.pk).delete()
            except (ProtectedError, RestrictedError):
                pass  # refused: the admin says what holds it
            after = counts(found, busy_patient, leaving_out=target)
            transaction.set_rollback(True)
        assert after == before, f"deleting {type(target)._meta.label} {target} removed the patient's records"


@pytest.mark.django_db
def test_article_parts_are_let_go_with_their_text_kept(busy_patient):
    """FAQs and teach-back questions are never protected: a revision that drops one publishes."""
    from care.models import Bookmark, EducationRecord

    faq = Bookmark.objects.get(patient=busy_patient, faq__isnull=False).faq
    question = EducationRecord.objects.filter(patient=busy_patient, question__isnull=False).first().question
    faq_text, question_text = faq.question, question.question
    faq.delete()
    question.delete()
    assert Bookmark.objects.filter(patient=busy_patient, faq=None, article=None, title=faq_text).exists()
    assert EducationRecord.objects.filter(patient=busy_patient, question=None, question_text=question_text).exists()


@pytest.mark.django_db
def test_an_assignment_deleted_keeps_its_records_and_questions_with_the_title(busy_patient):
    from care.models import Assignment, EducationRecord, PatientQuestion

    assignment = Assignment.objects.filter(patient=busy_patient, questions__isnull=False).first()
    title = assignment.article.title
    assignment.delete()
    assert PatientQuestion.objects.get(patient=busy_patient, assignment=None).topic == title
    assert EducationRecord.objects.filter(patient=busy_patient, assignment=None, topic=title).count() == 2

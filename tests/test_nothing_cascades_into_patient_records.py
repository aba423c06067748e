"""Deleting content, plans, enrolments or assignments never deletes a patient's records (issue 28).

The patient's models are found by walking `_meta`: every model with a `patient`
foreign key, and every model that points at one of those. A model a later
issue adds is covered without changing this test.
"""

import contextlib

import pytest
from django.db import models, transaction
from django.db.models.deletion import ProtectedError, RestrictedError

from care.models import Assignment, PatientPathway
from tests.patient_data import USER, patient_models, touch_everything


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
def busy_patient(patient, schedule):
    return touch_everything(patient, schedule=schedule)


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
    assert {"outcomes.Instrument", "outcomes.Item", "outcomes.Option"} <= kinds

    for target in touched:
        before = counts(found, busy_patient, leaving_out=target)
        with transaction.atomic():
            with contextlib.suppress(ProtectedError, RestrictedError):  # refused: the admin says what holds it
                type(target).objects.get(pk=target.pk).delete()
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

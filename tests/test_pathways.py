"""Pathways dated from the surgery: enrolling, moving the date, publishing, step states."""

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from care import services
from care.models import Assignment, PathwayStep, PatientStep
from tests.factories import ArticleFactory, PathwayStepFactory, PathwayTemplateFactory

SURGERY = date(2026, 12, 21)


@pytest.fixture
def template(db):
    template = PathwayTemplateFactory(name="MISS")
    article = ArticleFactory(title="Preparing for spine surgery")
    PathwayStepFactory(template=template, kind="read", article=article, days_from_surgery=-14, title="Read")
    PathwayStepFactory(template=template, kind="task", days_from_surgery=-7, title="Stop blood thinners")
    PathwayStepFactory(template=template, kind="task", days_from_surgery=1, title="Check the warning signs")
    return template


def due_dates(pathway):
    return {s.step.title: s.due_date for s in PatientStep.objects.filter(pathway=pathway).select_related("step")}


def test_enrolling_dates_every_step_from_the_surgery_and_assigns_its_articles(patient, reviewer, template):
    pathway = services.pathway_enrol(patient=patient, template=template, surgery_date=SURGERY, added_by=reviewer)
    assert due_dates(pathway) == {
        "Read": date(2026, 12, 7),
        "Stop blood thinners": date(2026, 12, 14),
        "Check the warning signs": date(2026, 12, 22),
    }
    assignment = Assignment.objects.get(patient=patient)
    assert assignment.article.title == "Preparing for spine surgery"
    assert assignment.due_date == date(2026, 12, 7)
    assert PatientStep.objects.get(step__kind="read").assignment == assignment


def test_moving_the_surgery_date_moves_every_due_date(patient, template):
    pathway = services.pathway_enrol(patient=patient, template=template, surgery_date=SURGERY)
    before = due_dates(pathway)
    services.pathway_move_surgery(pathway=pathway, surgery_date=SURGERY + timedelta(days=10))
    after = due_dates(pathway)
    assert {title: after[title] - before[title] for title in before} == dict.fromkeys(before, timedelta(days=10))
    assert Assignment.objects.get(patient=patient).due_date == date(2026, 12, 17)
    pathway.refresh_from_db()
    assert pathway.surgery_date == date(2026, 12, 31)


def test_only_a_published_pathway_can_be_given(patient):
    draft = PathwayTemplateFactory(status="draft")
    with pytest.raises(ValidationError):
        services.pathway_enrol(patient=patient, template=draft, surgery_date=SURGERY)


def test_publishing_needs_a_medical_reviewer_and_a_step(editor, reviewer):
    template = PathwayTemplateFactory(status="in_review")
    with pytest.raises(ValidationError):
        services.pathway_publish(template=template, user=reviewer)
    PathwayStepFactory(template=template)
    with pytest.raises(PermissionDenied):
        services.pathway_publish(template=template, user=editor)
    services.pathway_publish(template=template, user=reviewer, today=date(2026, 11, 30))
    template.refresh_from_db()
    assert (template.status, template.reviewed_by, template.reviewed_on) == ("published", reviewer, date(2026, 11, 30))


def test_a_step_is_coming_up_then_due_then_overdue_until_done(patient, template):
    pathway = services.pathway_enrol(patient=patient, template=template, surgery_date=SURGERY)
    step = pathway.steps.get(step__title="Stop blood thinners")  # due 14 December
    assert step.state_on(date(2026, 12, 13)) == PatientStep.State.COMING
    assert step.state_on(date(2026, 12, 14)) == PatientStep.State.DUE
    assert step.state_on(date(2026, 12, 16)) == PatientStep.State.DUE
    assert step.state_on(date(2026, 12, 17)) == PatientStep.State.OVERDUE
    services.step_tick(patient_step=step)
    assert step.state_on(date(2026, 12, 17)) == PatientStep.State.DONE


def test_finishing_the_article_marks_its_reading_step_done(patient_client, patient, template):
    pathway = services.pathway_enrol(patient=patient, template=template, surgery_date=SURGERY)
    assignment = Assignment.objects.get(patient=patient)
    patient_client.post(reverse("care:assignment_finish", args=[assignment.pk]))
    assert pathway.steps.get(step__kind="read").done_at is not None
    assert pathway.steps.filter(done_at__isnull=True).count() == 2


def test_the_patient_ticks_a_task_done(patient_client, patient, template):
    pathway = services.pathway_enrol(patient=patient, template=template, surgery_date=SURGERY)
    task = pathway.steps.get(step__title="Stop blood thinners")
    response = patient_client.post(reverse("care:step_done", args=[task.pk]))
    assert response.status_code == 302
    task.refresh_from_db()
    assert isinstance(task.done_at, datetime)


def test_a_reading_step_cannot_be_ticked_by_hand(patient_client, patient, template):
    pathway = services.pathway_enrol(patient=patient, template=template, surgery_date=SURGERY)
    read = pathway.steps.get(step__kind=PathwayStep.Kind.READ)
    response = patient_client.post(reverse("care:step_done", args=[read.pk]), follow=True)
    assert "This step is done when you finish its article" in response.text
    read.refresh_from_db()
    assert read.done_at is None


def test_another_patients_step_is_404_and_stays_undone(patient_client, other_patient, template):
    pathway = services.pathway_enrol(patient=other_patient, template=template, surgery_date=SURGERY)
    theirs = pathway.steps.get(step__title="Stop blood thinners")
    assert patient_client.post(reverse("care:step_done", args=[theirs.pk])).status_code == 404
    assert patient_client.get(reverse("care:step_done", args=[theirs.pk])).status_code == 405
    theirs.refresh_from_db()
    assert theirs.done_at is None


def test_a_step_needs_an_article_when_it_is_reading_or_a_check(db):
    step = PathwayStep(template=PathwayTemplateFactory(), kind="check", days_from_surgery=-3, title="Check")
    with pytest.raises(ValidationError):
        step.full_clean()

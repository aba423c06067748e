"""Assigned reading: states, reading events only for assigned articles, questions, and privacy."""

from django.urls import reverse

from care.models import Assignment, PatientQuestion
from tests.factories import ArticleFactory, AssignmentFactory, SectionFactory


def test_opening_an_assigned_article_records_the_first_opening_only(patient_client, patient):
    assignment = AssignmentFactory(patient=patient)
    SectionFactory(article=assignment.article)
    assert assignment.state == Assignment.State.NEW
    patient_client.get(assignment.article.get_absolute_url())
    assignment.refresh_from_db()
    first = assignment.opened_at
    assert assignment.state == Assignment.State.OPENED
    patient_client.get(assignment.article.get_absolute_url())
    assignment.refresh_from_db()
    assert assignment.opened_at == first


def test_reading_an_unassigned_article_records_nothing(patient_client, patient, other_patient):
    theirs = AssignmentFactory(patient=other_patient)
    patient_client.get(theirs.article.get_absolute_url())
    theirs.refresh_from_db()
    assert theirs.opened_at is None
    assert not Assignment.objects.filter(patient=patient).exists()


def test_i_have_read_this_finishes_the_assignment(patient_client, patient):
    assignment = AssignmentFactory(patient=patient)
    response = patient_client.post(reverse("care:assignment_finish", args=[assignment.pk]))
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.state == Assignment.State.FINISHED
    assert assignment.opened_at is not None


def test_a_question_is_stored_for_the_care_team(patient_client, patient):
    assignment = AssignmentFactory(patient=patient)
    url = reverse("care:assignment_question", args=[assignment.pk])
    patient_client.post(url, {"text": "Can I sleep on my side?"})
    question = PatientQuestion.objects.get()
    assert (question.patient, question.assignment, question.text) == (patient, assignment, "Can I sleep on my side?")


def test_an_empty_question_is_refused_with_a_message(patient_client, patient):
    assignment = AssignmentFactory(patient=patient)
    response = patient_client.post(reverse("care:assignment_question", args=[assignment.pk]), {"text": ""})
    assert response.status_code == 400
    assert "This field is required" in response.text
    assert not PatientQuestion.objects.exists()


def test_another_patients_assignment_is_404_for_every_action(patient_client, other_patient):
    theirs = AssignmentFactory(patient=other_patient)
    assert patient_client.post(reverse("care:assignment_finish", args=[theirs.pk])).status_code == 404
    url = reverse("care:assignment_question", args=[theirs.pk])
    assert patient_client.post(url, {"text": "Hello?"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.finished_at is None
    assert not PatientQuestion.objects.exists()


def test_actions_are_post_only(patient_client, patient):
    assignment = AssignmentFactory(patient=patient)
    assert patient_client.get(reverse("care:assignment_finish", args=[assignment.pk])).status_code == 405


def test_plan_assignment_keeps_order_and_skips_duplicates(patient, editor):
    from care.models import ReadingPlan
    from care.services import plan_assign

    first, second = ArticleFactory(title="First"), ArticleFactory(title="Second")
    plan = ReadingPlan.objects.create(name="Before your fusion")
    plan.items.create(article=first, order=1)
    plan.items.create(article=second, order=2)
    AssignmentFactory(patient=patient, article=second)
    created = plan_assign(plan=plan, patient=patient, assigned_by=editor, due="before_surgery")
    assert [a.article.title for a in created] == ["First"]
    assert Assignment.objects.filter(patient=patient).count() == 2

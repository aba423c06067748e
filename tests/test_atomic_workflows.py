"""Finishing an assignment and publishing are all or nothing: a failure half-way leaves nothing written."""

import pytest

from care import services as care_services
from care.models import Assignment
from education import services
from education.models import Article
from portal.audit.models import AuditEvent
from tests.factories import ArticleFactory, AssignmentFactory, SectionFactory, SurgeonFactory
from tests.publishing import submit_and_publish


class AuditDown(Exception):
    pass


@pytest.fixture
def failing_audit(monkeypatch):
    """The last write of each workflow (its audit record) fails."""

    def fail(**kwargs):
        raise AuditDown

    monkeypatch.setattr(services, "audit_record", fail)
    monkeypatch.setattr(care_services, "audit_record", fail)


def test_finishing_leaves_nothing_half_written(patient, failing_audit):
    assignment = AssignmentFactory(patient=patient)
    with pytest.raises(AuditDown):
        care_services.assignment_finish(assignment=Assignment.objects.get(pk=assignment.pk))
    stored = Assignment.objects.get(pk=assignment.pk)
    assert (stored.opened_at, stored.finished_at) == (None, None)
    assert not AuditEvent.objects.exists()


def test_publishing_leaves_nothing_half_written(reviewer, failing_audit):
    SurgeonFactory(user=reviewer)
    article = ArticleFactory(status=Article.Status.IN_REVIEW, medical_reviewer=None, reviewed_on=None)
    SectionFactory(article=article)
    with pytest.raises(AuditDown):
        submit_and_publish(article=Article.all_objects.get(pk=article.pk), user=reviewer)
    stored = Article.all_objects.get(pk=article.pk)
    assert stored.status == Article.Status.IN_REVIEW
    assert (stored.medical_reviewer, stored.reviewed_on, stored.next_review_due) == (None, None, None)
    assert not stored.revisions.filter(kind="published").exists()


def test_assigning_a_plan_is_all_or_nothing(patient, failing_audit):
    articles = [ArticleFactory(), ArticleFactory()]
    with pytest.raises(AuditDown):
        care_services.assignments_create(patient=patient, articles=articles)
    assert not Assignment.objects.filter(patient=patient).exists()


def test_when_nothing_fails_the_change_and_its_record_are_both_written(patient):
    assignment = AssignmentFactory(patient=patient)
    care_services.assignment_finish(assignment=assignment)
    assert Assignment.objects.get(pk=assignment.pk).finished_at is not None
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ASSIGNMENT_FINISHED).count() == 1

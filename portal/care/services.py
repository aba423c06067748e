"""Writes of the patient's journey: assigning reading, marking it read, questions, bookmarks."""

from django.db import transaction
from django.utils import timezone

from portal.audit.models import AuditEvent
from portal.audit.services import audit_record
from portal.care.models import Assignment, Bookmark, PatientQuestion, ReadingPlan


# Reading plans and assignments -------------------------------------------------
@transaction.atomic
def assignments_create(
    *, patient, articles, assigned_by=None, plan=None, due: str = "", due_date=None, note: str = ""
) -> list[Assignment]:
    """Assign `articles` to `patient` in order; articles already assigned are left as they are."""
    existing = set(Assignment.objects.filter(patient=patient).values_list("article_id", flat=True))
    start = Assignment.objects.filter(patient=patient).count()
    created = []
    for offset, article in enumerate(a for a in articles if a.pk not in existing):
        created.append(
            Assignment.objects.create(
                patient=patient,
                article=article,
                plan=plan,
                order=start + offset,
                due=due,
                due_date=due_date,
                note=note,
                assigned_by=assigned_by,
            )
        )
        audit_record(
            action=AuditEvent.Action.ASSIGNMENT_CREATED,
            target=created[-1],
            detail={"plan": plan.pk if plan else None},
        )
    return created


def plan_assign(*, plan: ReadingPlan, patient, assigned_by=None, due: str = "", due_date=None, note: str = ""):
    articles = [item.article for item in plan.items.select_related("article")]
    return assignments_create(
        patient=patient, articles=articles, assigned_by=assigned_by, plan=plan, due=due, due_date=due_date, note=note
    )


@transaction.atomic
def assignment_mark_opened(*, assignment: Assignment) -> None:
    """Record the first opening only; reading again changes nothing."""
    if assignment.opened_at is None:
        assignment.opened_at = timezone.now()
        opened = Assignment.objects.filter(pk=assignment.pk, opened_at__isnull=True).update(
            opened_at=assignment.opened_at
        )
        if opened:
            audit_record(action=AuditEvent.Action.ASSIGNMENT_OPENED, target=assignment)


@transaction.atomic
def assignment_finish(*, assignment: Assignment) -> None:
    """Mark the assignment read, with its audit record: both or neither."""
    already_finished = assignment.finished_at is not None
    now = timezone.now()
    assignment.opened_at = assignment.opened_at or now
    assignment.finished_at = assignment.finished_at or now
    assignment.save(update_fields=["opened_at", "finished_at"])
    if not already_finished:
        audit_record(action=AuditEvent.Action.ASSIGNMENT_FINISHED, target=assignment)


def assignment_ask(*, assignment: Assignment, text: str) -> PatientQuestion:
    return PatientQuestion.objects.create(patient=assignment.patient, assignment=assignment, text=text)


def bookmark_toggle(*, patient, article=None, faq=None) -> bool:
    """Save or unsave; returns True when the item is now bookmarked."""
    deleted, _ = Bookmark.objects.filter(patient=patient, article=article, faq=faq).delete()
    if deleted:
        return False
    Bookmark.objects.create(patient=patient, article=article, faq=faq)
    return True

"""Writes of the patient's journey: assigning reading, marking it read, questions, bookmarks."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from care import reminders
from care.models import (
    Assignment,
    Bookmark,
    CarePreference,
    CareTeam,
    CareTeamPatient,
    CareTeamStaff,
    EducationRecord,
    PathwayStep,
    PathwayTemplate,
    PatientPathway,
    PatientQuestion,
    PatientStep,
    ReadingPlan,
)
from care.my_page_cache import my_page_changed
from care.reader_parts import assignment_of, reader_parts, reader_parts_clear
from care.signals import pathway_dated
from education.models import TeachBackQuestion
from portal.audit.models import AuditEvent
from portal.audit.services import audit_record
from portal.choices import Language


# Reading plans and assignments -------------------------------------------------
@transaction.atomic
def assignments_create(
    *,
    patient,
    articles,
    assigned_by=None,
    plan=None,
    due: str = "",
    due_date=None,
    note: str = "",
    note_language: str = "",
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
                note_language=note_language or Language.ENGLISH,
                assigned_by=assigned_by,
            )
        )
        audit_record(
            action=AuditEvent.Action.ASSIGNMENT_CREATED,
            target=created[-1],
            detail={"plan": plan.pk if plan else None},
        )
    return created


def plan_assign(
    *,
    plan: ReadingPlan,
    patient,
    assigned_by=None,
    due: str = "",
    due_date=None,
    note: str = "",
    note_language: str = "",
):
    articles = [item.article for item in plan.items.select_related("article")]
    return assignments_create(
        patient=patient,
        articles=articles,
        assigned_by=assigned_by,
        plan=plan,
        due=due,
        due_date=due_date,
        note=note,
        note_language=note_language,
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
            my_page_changed(assignment.patient_id)  # "First opened" (an update sends no signal)
        reader_parts_clear(user_id=assignment.patient_id)  # an update() sends no post_save


@transaction.atomic
def assignment_finish(*, assignment: Assignment, acted_by=None) -> None:
    """Mark the assignment read, with its audit record: both or neither. `acted_by`: the caregiver
    who did it for the patient (None when the patient did)."""
    already_finished = assignment.finished_at is not None
    now = timezone.now()
    assignment.opened_at = assignment.opened_at or now
    if not already_finished:
        assignment.finished_at = now
        assignment.acted_by = acted_by
    assignment.save(update_fields=["opened_at", "finished_at", "acted_by"])
    # Reading steps of a pathway are done when their article is read.
    assignment.steps.filter(step__kind=PathwayStep.Kind.READ, done_at__isnull=True).update(
        done_at=now, acted_by=acted_by
    )
    if not already_finished:
        audit_record(
            action=AuditEvent.Action.ASSIGNMENT_FINISHED,
            target=assignment,
            detail={"caregiver": acted_by.pk} if acted_by else None,
        )


@transaction.atomic
def assignment_ask(*, assignment: Assignment, text: str, language: str = "en", acted_by=None) -> PatientQuestion:
    """Store the question for the care team, and an education record saying one was asked
    (the record holds no text of the question: the care team reads it in the admin).
    `acted_by`: the caregiver who sent it for the patient (None when the patient did)."""
    question = PatientQuestion.objects.create(
        patient=assignment.patient,
        assignment=assignment,
        topic=assignment.article.title[:200],
        text=text,
        acted_by=acted_by,
    )
    EducationRecord.objects.create(
        patient=assignment.patient,
        assignment=assignment,
        article=assignment.article,
        topic=assignment.article.title,
        language=language,
        response=EducationRecord.Response.ASKED_QUESTION,
    )
    return question


def bookmark_toggle(*, patient, article=None, faq=None) -> bool:
    """Save or unsave; returns True when the item is now bookmarked."""
    deleted, _ = Bookmark.objects.filter(patient=patient, article=article, faq=faq).delete()
    if deleted:
        return False
    Bookmark.objects.create(patient=patient, article=article, faq=faq)
    return True


# Pathways ----------------------------------------------------------------------------------


def pathway_submit_for_review(*, template: PathwayTemplate) -> None:
    if template.status == PathwayTemplate.Status.DRAFT:
        template.status = PathwayTemplate.Status.IN_REVIEW
        template.save(update_fields=["status"])


@transaction.atomic
def pathway_publish(*, template: PathwayTemplate, user, today: date | None = None) -> None:
    """Publish a pathway: medical reviewers only; it must have at least one step."""
    if not user.has_perm("care.publish_pathwaytemplate"):
        raise PermissionDenied(_("Only medical reviewers can publish a pathway."))
    if not template.steps.exists():
        raise ValidationError(_("Add at least one step before publishing the pathway."))
    template.status = PathwayTemplate.Status.PUBLISHED
    template.reviewed_by = user
    template.reviewed_on = today or timezone.localdate()
    template.save(update_fields=["status", "reviewed_by", "reviewed_on"])


class DueSteps(models.TextChoices):
    """What to do with steps already due when a patient joins a pathway late (issue 34)."""

    DONE = "done", gettext_lazy("Mark them done (the patient did them with the clinic)")
    MOVE = "move", gettext_lazy("Move them to today")
    KEEP = "keep", gettext_lazy("Keep them as they are (they show as due or overdue)")


def pathway_due_steps(*, template: PathwayTemplate, surgery_date: date, today: date | None = None) -> list:
    """The template's steps that would already be due (dated today or earlier) for this surgery date."""
    today = today or timezone.localdate()
    return [step for step in template.steps.all() if surgery_date + timedelta(days=step.days_from_surgery) <= today]


@transaction.atomic
def pathway_enrol(
    *,
    patient,
    template: PathwayTemplate,
    surgery_date: date,
    added_by=None,
    due_steps: str = DueSteps.KEEP,
    note: str = "",
    today: date | None = None,
) -> PatientPathway:
    """Put `patient` on a published pathway: each step dated from the surgery; articles assigned.
    Steps already due are kept, marked done by `added_by` with `note`, or moved to today (`due_steps`)."""
    if template.status != PathwayTemplate.Status.PUBLISHED:
        raise ValidationError(_("Only a published pathway can be given to a patient."))
    pathway = PatientPathway.objects.create(
        patient=patient, template=template, surgery_date=surgery_date, added_by=added_by
    )
    steps = list(template.steps.select_related("article"))
    articles = list({step.article_id: step.article for step in steps if step.article_id}.values())
    assignments_create(patient=patient, articles=articles, assigned_by=added_by, due=Assignment.Due.BEFORE_SURGERY)
    by_article = {a.article_id: a for a in Assignment.objects.filter(patient=patient, article__in=articles)}
    for step in steps:
        due_date = surgery_date + timedelta(days=step.days_from_surgery)
        PatientStep.objects.create(
            pathway=pathway, step=step, due_date=due_date, assignment=by_article.get(step.article_id)
        )
    _due_steps_settle(pathway=pathway, choice=due_steps, user=added_by, note=note, today=today)
    _assignment_dates_follow_steps(pathway)
    reminders.reminders_schedule(patient_steps=pathway.steps.all())
    pathway_dated.send(sender=PatientPathway, pathway=pathway)
    return pathway


def _due_steps_settle(*, pathway: PatientPathway, choice: str, user, note: str, today: date | None) -> None:
    today = today or timezone.localdate()
    due = pathway.steps.filter(due_date__lte=today, done_at__isnull=True)
    if choice == DueSteps.DONE:
        count = due.update(done_at=timezone.now(), done_by=user, done_note=note[:300])
        if count:
            audit_record(
                action=AuditEvent.Action.STEPS_DONE_BY_STAFF,
                target=pathway,
                user=user,
                detail={"steps": count},
            )
    elif choice == DueSteps.MOVE:
        due.update(due_date=today)


@transaction.atomic
def pathway_move_surgery(*, pathway: PatientPathway, surgery_date: date) -> None:
    """Move the surgery: every step (and the read-by date of its article) moves with it."""
    shift = surgery_date - pathway.surgery_date
    pathway.surgery_date = surgery_date
    pathway.save(update_fields=["surgery_date"])
    if shift:
        patient_steps = list(pathway.steps.select_related("step"))
        for patient_step in patient_steps:
            patient_step.due_date = surgery_date + timedelta(days=patient_step.step.days_from_surgery)
        PatientStep.objects.bulk_update(patient_steps, ["due_date"])
        _assignment_dates_follow_steps(pathway)
        # Reminders queued for the old dates find the date changed and are not sent.
        reminders.reminders_schedule(patient_steps=pathway.steps.all())
        pathway_dated.send(sender=PatientPathway, pathway=pathway)


def _assignment_dates_follow_steps(pathway: PatientPathway) -> None:
    """An article's read-by date is its earliest step's date."""
    earliest: dict[int, date] = {}
    for assignment_id, due_date in pathway.steps.filter(assignment__isnull=False).values_list(
        "assignment_id", "due_date"
    ):
        earliest[assignment_id] = min(due_date, earliest.get(assignment_id, due_date))
    for assignment_id, due_date in earliest.items():
        Assignment.objects.filter(pk=assignment_id).update(due_date=due_date)
    if earliest:
        reader_parts_clear(user_id=pathway.patient_id)  # an update() sends no post_save


@dataclass
class TemplateChanges:
    """What applying its template's current steps would change on one patient's pathway."""

    pathway: PatientPathway
    new_steps: list[PathwayStep] = field(default_factory=list)
    moved: list[tuple[PatientStep, date]] = field(default_factory=list)  # a step not done yet, and its new date

    def __bool__(self) -> bool:
        return bool(self.new_steps or self.moved)


def pathway_template_changes(*, pathway: PatientPathway) -> TemplateChanges:
    """Steps added to the template since the patient joined, and steps not done yet whose day changed.
    Done steps stay as they are. (Wording changes need nothing: patients read the template's words.)"""
    changes = TemplateChanges(pathway=pathway)
    have = {patient_step.step_id: patient_step for patient_step in pathway.steps.select_related("step")}
    for step in pathway.template.steps.all():
        due_date = pathway.surgery_date + timedelta(days=step.days_from_surgery)
        patient_step = have.get(step.pk)
        if patient_step is None:
            changes.new_steps.append(step)
        elif patient_step.done_at is None and patient_step.due_date != due_date:
            changes.moved.append((patient_step, due_date))
    return changes


@transaction.atomic
def pathway_apply_template(*, pathway: PatientPathway, user=None) -> TemplateChanges:
    """Bring one patient's pathway up to its template's steps (staff choose whom): new steps are added
    with their dates and articles, steps not done yet move to their new day; done steps stay done."""
    changes = pathway_template_changes(pathway=pathway)
    if not changes:
        return changes
    articles = list({step.article_id: step.article for step in changes.new_steps if step.article_id}.values())
    assignments_create(patient=pathway.patient, articles=articles, assigned_by=user, due=Assignment.Due.BEFORE_SURGERY)
    by_article = {a.article_id: a for a in Assignment.objects.filter(patient=pathway.patient, article__in=articles)}
    for step in changes.new_steps:
        PatientStep.objects.create(
            pathway=pathway,
            step=step,
            due_date=pathway.surgery_date + timedelta(days=step.days_from_surgery),
            assignment=by_article.get(step.article_id),
        )
    for patient_step, due_date in changes.moved:
        patient_step.due_date = due_date
        patient_step.save(update_fields=["due_date"])
    _assignment_dates_follow_steps(pathway)
    reminders.reminders_schedule(patient_steps=pathway.steps.all())  # the surgery date itself did not move
    return changes


@transaction.atomic
def step_tick(*, patient_step: PatientStep, acted_by=None) -> bool:
    """Tick a task as done; returns False when it is not a task (articles and checks finish themselves).
    `acted_by`: the caregiver who ticked it for the patient (None when the patient did)."""
    if patient_step.step.kind != PathwayStep.Kind.TASK:
        return False
    if patient_step.done_at is None:
        patient_step.done_at = timezone.now()
        patient_step.acted_by = acted_by
        patient_step.save(update_fields=["done_at", "acted_by"])
    return True


# Teach-back --------------------------------------------------------------------------------


@transaction.atomic
def teach_back_answer(
    *, assignment: Assignment, article, question: TeachBackQuestion, option: str, language: str
) -> EducationRecord:
    """Record one answer, by its option's stable key and the published revision it was read in.
    When every question of `article` has been answered right once, the assignment is understood
    and its check steps are done."""
    chosen = question.option(option)
    if chosen is None:
        raise ValidationError(_("That answer is not one of the choices. Please choose again."))
    correct = question.is_correct(option)
    record = EducationRecord.objects.create(
        patient=assignment.patient,
        assignment=assignment,
        article=article,
        topic=article.title,
        question=question,
        question_text=question.question,
        answer_text=chosen["text"],
        option_key=option,
        revision_id=article.live_revision_id,
        language=language,
        response=EducationRecord.Response.UNDERSTOOD if correct else EducationRecord.Response.NEEDS_REVIEW,
    )
    if correct and assignment.understood_at is None:
        asked = set(article.teach_back_questions.values_list("pk", flat=True))
        right = set(
            assignment.records.filter(response=EducationRecord.Response.UNDERSTOOD, question__in=asked).values_list(
                "question_id", flat=True
            )
        )
        if asked <= right:
            now = timezone.now()
            assignment.understood_at = now
            assignment.save(update_fields=["understood_at"])
            assignment.steps.filter(step__kind=PathwayStep.Kind.CHECK, done_at__isnull=True).update(done_at=now)
    return record


def reminders_switch(*, patient, on: bool) -> None:
    """The patient's own choice on My page: step reminders by email on or off."""
    CarePreference.objects.update_or_create(patient=patient, defaults={"email_reminders": on})


def article_reader_part(*, request, article) -> dict:
    """The reader's own parts of an article page (registered with education.extensions in CareConfig.ready),
    from the reader's cached parts (care/reader_parts.py)."""
    parts = reader_parts(user_id=request.user.pk)
    # A reading event is recorded only for articles the care team assigned; reading the
    # translation of an assigned article counts as reading it.
    assignment = assignment_of(parts, article.pk, article.translation_of_id)
    if assignment and assignment.opened_at is None:
        assignment_mark_opened(assignment=assignment)
    return {"assignment": assignment, "bookmarked": article.pk in parts["bookmarks"]}


# Care teams (issue 29) ----------------------------------------------------------
def care_team_for_surgeon(*, surgeon) -> CareTeam:
    """The surgeon's team ("Dr. X's spine team"), made on first use with the surgeon's login as staff."""
    team = CareTeam.objects.filter(surgeon=surgeon).order_by("pk").first()
    if team is None:
        team = CareTeam.objects.create(name=f"{surgeon.name}'s spine team"[:150], surgeon=surgeon)
    if surgeon.user_id:
        CareTeamStaff.objects.get_or_create(
            team=team, user_id=surgeon.user_id, defaults={"role": CareTeamStaff.Role.SURGEON}
        )
    return team


@transaction.atomic
def care_team_add_patient(*, team: CareTeam, patient, added_by=None) -> CareTeamPatient:
    """Put a patient in a care team (audited). Adding one already there changes nothing."""
    link, created = CareTeamPatient.objects.get_or_create(team=team, patient=patient, defaults={"added_by": added_by})
    if created:
        audit_record(action=AuditEvent.Action.CARE_TEAM_PATIENT_ADDED, target=link, user=added_by)
    return link

"""Reads of the patient's journey, each filtered by the patient."""

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from care.models import (
    OVERDUE_AFTER_DAYS,
    Assignment,
    Bookmark,
    CarePreference,
    CareTeam,
    CareTeamPatient,
    EducationRecord,
    PathwayProcedure,
    PatientPathway,
    PatientQuestion,
    PatientStep,
)
from education.models import Article, Surgeon, TeachBackQuestion
from education.selectors import article_in_language, warning_signs_for_guide
from portal.choices import Language


@dataclass
class MyPageReads:
    """The reads of a patient's own page, each filtered by the patient, not yet made: My page reads
    them with the parts other apps add in one query (care.read_together), then `my_page_data`."""

    steps: QuerySet
    assignments: QuerySet
    bookmarks: QuerySet
    surgeons: QuerySet
    preference: QuerySet
    translations: QuerySet | None  # of the patient's articles into the reader's language

    def querysets(self) -> list[QuerySet]:
        reads = [self.steps, self.assignments, self.bookmarks, self.surgeons, self.preference, self.translations]
        return [queryset for queryset in reads if queryset is not None]


def my_page_reads(*, patient, language: str = Language.ENGLISH) -> MyPageReads:
    return MyPageReads(
        steps=_steps_of(patient),
        assignments=_assignments_of(patient),
        bookmarks=Bookmark.objects.filter(patient=patient).select_related("article", "faq", "faq__article"),
        surgeons=_surgeons_of(patient),
        preference=CarePreference.objects.filter(patient=patient)[:1],
        translations=_translations_of_patients_articles(patient, language),
    )


def my_page_data(*, reads: MyPageReads, language: str = Language.ENGLISH, today: date | None = None) -> dict:
    """Everything on a patient's own page, from `reads` (evaluated on first use if not read yet).

    Each assignment gets `reader_article`: the published translation of its article in
    `language` where there is one (reading it counts as reading the assignment)."""
    translations = _by_original(reads.translations)
    steps = _timeline(list(reads.steps), translations, language, today or timezone.localdate())
    assignments = _with_reader_articles(list(reads.assignments), translations)
    finished = sum(1 for assignment in assignments if assignment.finished_at)
    bookmarks = list(reads.bookmarks)
    preference = next(iter(reads.preference), None)
    return {
        "assignments": assignments,
        "finished_count": finished,
        "progress_percent": round(100 * finished / len(assignments)) if assignments else 0,
        "bookmarked_articles": [b.article for b in bookmarks if b.article_id and b.article.is_published],
        # Only what patients may see now: an FAQ taken off (or on an unpublished article) drops off.
        "bookmarked_faqs": [
            b.faq
            for b in bookmarks
            if b.faq_id and b.faq.is_published and (b.faq.article_id is None or b.faq.article.is_published)
        ],
        "surgeons": list(reads.surgeons),
        "steps": steps,
        # As care.reminders.wants_reminders: on unless the patient switched them off.
        "email_reminders": bool(steps) and (preference is None or preference.email_reminders),
        "pathways": list({step.pathway_id: step.pathway for step in steps}.values()),
    }


def assignments_for(*, patient, language: str = Language.ENGLISH) -> list[Assignment]:
    """The patient's reading list (published articles), in order, each with `reader_article` (its
    published translation in `language` where there is one) and `question_count`. Two queries at most."""
    assignments = list(_assignments_of(patient))
    translations = _published_translations([assignment.article_id for assignment in assignments], language)
    return _with_reader_articles(assignments, translations)


def _assignments_of(patient) -> QuerySet:
    return (
        Assignment.objects.filter(patient=patient, article__status=Article.Status.PUBLISHED)
        .select_related("article", "plan", "acted_by")
        .annotate(question_count=Count("article__teach_back_questions"))
        .order_by("order", "assigned_at")
    )


def _with_reader_articles(assignments: list[Assignment], translations: dict[int, Article]) -> list[Assignment]:
    for assignment in assignments:
        assignment.reader_article = translations.get(assignment.article_id, assignment.article)
    return assignments


def packet_data(*, patient, language: str = Language.ENGLISH) -> dict:
    """What goes in the patient's printed packet: their dated steps, their reading list, the
    warning signs and whom to call, and their surgeons. Each patient query filtered by the patient."""
    steps = timeline_for(patient=patient, language=language)
    signs = warning_signs_for_guide(language=language)
    return {
        "steps": steps,
        "pathways": list({step.pathway_id: step.pathway for step in steps}.values()),
        "assignments": assignments_for(patient=patient, language=language),
        "emergency_signs": [sign for sign in signs if sign.is_emergency],
        "clinic_signs": [sign for sign in signs if not sign.is_emergency],
        "signs_language": signs[0].language if signs else language,
        "surgeons": surgeons_of(patient=patient),
    }


def surgeons_of(*, patient) -> list[Surgeon]:
    """The surgeons of the patient's care teams, as the patient sees them on their page. One query."""
    return list(_surgeons_of(patient))


def _surgeons_of(patient) -> QuerySet:
    return Surgeon.objects.filter(care_teams__patients__patient=patient).distinct().order_by("name")


def _published_translations(article_ids, language: str) -> dict[int, Article]:
    """The published translations into `language` of the given English articles, by original id."""
    if language == Language.ENGLISH or not article_ids:
        return {}
    return _by_original(Article.objects.published().filter(language=language, translation_of__in=article_ids))


def _translations_of_patients_articles(patient, language: str) -> QuerySet | None:
    """The published translations into `language` of the articles of the patient's reading list and steps."""
    if language == Language.ENGLISH:
        return None
    assigned = Assignment.objects.filter(patient=patient).values("article_id")
    of_steps = PatientStep.objects.filter(pathway__patient=patient, step__article__isnull=False)
    return Article.objects.published().filter(
        Q(translation_of__in=assigned) | Q(translation_of__in=of_steps.values("step__article_id")),
        language=language,
    )


def _by_original(translations) -> dict[int, Article]:
    return {translation.translation_of_id: translation for translation in translations or ()}


def timeline_for(*, patient, language: str = Language.ENGLISH, today: date | None = None) -> list[PatientStep]:
    """The patient's dated steps, soonest first, each with its state, words in `language`
    and `reader_article` (the article in the reader's language). Two queries at most."""
    steps = list(_steps_of(patient))
    translations = _published_translations({s.step.article_id for s in steps if s.step.article_id}, language)
    return _timeline(steps, translations, language, today or timezone.localdate())


def _steps_of(patient) -> QuerySet:
    return (
        PatientStep.objects.filter(pathway__patient=patient)
        .select_related("step", "step__article", "pathway__template", "assignment", "acted_by")
        .order_by("due_date", "step__order", "pk")
    )


def _timeline(steps: list[PatientStep], translations: dict[int, Article], language: str, today) -> list[PatientStep]:
    for patient_step in steps:
        patient_step.state = patient_step.state_on(today)
        patient_step.state_label = PatientStep.State(patient_step.state).label
        patient_step.title = patient_step.step.title_in(language)
        patient_step.instructions = patient_step.step.instructions_in(language)
        article = patient_step.step.article
        patient_step.reader_article = translations.get(article.pk, article) if article else None
    return steps


def teach_back_for(*, assignment: Assignment, language: str) -> tuple[Article, list[TeachBackQuestion]]:
    """The article the patient reads (in their language where published) and its questions."""
    article = article_in_language(article=assignment.article, language=language) or assignment.article
    return article, list(article.teach_back_questions.all())


def teach_back_options(*, assignment: Assignment, question: TeachBackQuestion) -> list[dict]:
    """The question's options in the order this patient sees them in this attempt: shuffled so the
    right answer is not always first, the same for every showing of one attempt (a page reload, an
    error), another for the next attempt or another patient."""
    attempt = assignment.records.filter(question=question).count()
    seed = f"{assignment.patient_id}:{assignment.pk}:{question.key}:{attempt}"
    options = list(question.options)
    random.Random(seed).shuffle(options)  # noqa: S311 (an order, not a secret)
    return options


def teach_back_next(*, assignment: Assignment, questions: list[TeachBackQuestion]) -> TeachBackQuestion | None:
    """The next question to ask: one not yet answered right, never-asked ones first; a question
    answered wrong comes back after the others ("asked again later"). None when all are right."""
    answered_right, last_wrong = set(), {}
    records = assignment.records.filter(question__in=questions).order_by("created_at", "pk")
    for question_id, response, created_at in records.values_list("question_id", "response", "created_at"):
        if response == EducationRecord.Response.UNDERSTOOD:
            answered_right.add(question_id)
        else:
            last_wrong[question_id] = created_at
    remaining = [question for question in questions if question.pk not in answered_right]
    if not remaining:
        return None
    return min(remaining, key=lambda q: (q.pk in last_wrong, last_wrong.get(q.pk), q.order, q.pk))


BEHIND_WINDOW_DAYS = 21


@dataclass
class BehindRow:
    pathway: PatientPathway
    overdue_steps: int
    not_understood: int
    open_questions: int

    @property
    def is_behind(self) -> bool:
        return bool(self.overdue_steps or self.not_understood)


BEHIND_SORTS = {
    "patient": lambda row: (row.pathway.patient.get_full_name().lower(), row.pathway.patient.email),
    "surgery": lambda row: row.pathway.surgery_date,
    "overdue": lambda row: row.overdue_steps,
    "not_understood": lambda row: row.not_understood,
    "questions": lambda row: row.open_questions,
}


def behind_before_surgery(
    *, viewer, today: date | None = None, sort: str = "", descending: bool = False
) -> list[BehindRow]:
    """Patients with surgery in the next 21 days: overdue steps, teach-back questions answered
    wrong and not since answered right, and unanswered questions to the care team.

    Only the patients `viewer` may see (their care teams'). Three queries whatever the number of
    patients. Default order: behind first, then surgery date.
    """
    today = today or timezone.localdate()
    overdue_before = today - timedelta(days=OVERDUE_AFTER_DAYS)
    pathways = list(
        scope_to_patients(PatientPathway.objects.all(), viewer)
        .filter(surgery_date__gte=today, surgery_date__lte=today + timedelta(BEHIND_WINDOW_DAYS))
        .select_related("patient", "template")
        .annotate(
            overdue_steps=Count("steps", filter=Q(steps__done_at__isnull=True, steps__due_date__lt=overdue_before))
        )
    )
    patient_ids = {pathway.patient_id for pathway in pathways}
    wrong, right = defaultdict(set), defaultdict(set)
    answers = EducationRecord.objects.filter(patient__in=patient_ids, question__isnull=False)
    for patient_id, question_id, response in answers.values_list("patient_id", "question_id", "response"):
        (right if response == EducationRecord.Response.UNDERSTOOD else wrong)[patient_id].add(question_id)
    open_questions = dict(
        PatientQuestion.objects.filter(patient__in=patient_ids, answered=False)
        .values("patient")
        .annotate(count=Count("pk"))
        .values_list("patient", "count")
    )
    rows = [
        BehindRow(
            pathway=pathway,
            overdue_steps=pathway.overdue_steps,
            not_understood=len(wrong[pathway.patient_id] - right[pathway.patient_id]),
            open_questions=open_questions.get(pathway.patient_id, 0),
        )
        for pathway in pathways
    ]
    if sort in BEHIND_SORTS:
        return sorted(rows, key=BEHIND_SORTS[sort], reverse=descending)
    return sorted(rows, key=lambda row: (not row.is_behind, row.pathway.surgery_date, row.pathway.pk))


def planned_procedure_codes(*, patient) -> list[str]:
    """The CPT codes the care team linked to this patient's pathways (their planned operations). One query."""
    return list(
        PathwayProcedure.objects.filter(pathway__patient=patient)
        .order_by("pathway__surgery_date")
        .values_list("procedure__cpt_code", flat=True)
        .distinct()
    )


def procedures():
    """Every procedure a pathway may be for: estimates' `Procedure`, reached through the
    `PathwayProcedure` link so that neither care nor outcomes imports the estimates app."""
    return PathwayProcedure._meta.get_field("procedure").related_model.objects.all()


# Need to know (issue 29) ---------------------------------------------------------------------------
# The one answer to "which patients may this staff member see". Every staff list, page, search,
# export and report of patient data goes through `patients_visible_to` or `scope_to_patients`.


def sees_all_patients(user) -> bool:
    """Superusers see every patient (each read audited); everyone else only their care teams' patients."""
    return bool(user is not None and user.is_active and user.is_superuser)


def _team_patient_ids(user) -> QuerySet:
    return CareTeamPatient.objects.filter(team__staff__user=user).values("patient")


def _may_see_any(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def patients_visible_to(user) -> QuerySet:
    """The people whose patient data `user` may see: everyone for a superuser, else the patients
    of the care teams `user` is staff on. A User queryset (no duplicates, ready to filter further)."""
    users = get_user_model().objects
    if not _may_see_any(user):
        return users.none()
    if sees_all_patients(user):
        return users.all()
    return users.filter(pk__in=_team_patient_ids(user))


def scope_to_patients(queryset: QuerySet, user, patient_field: str = "patient") -> QuerySet:
    """`queryset` narrowed to the rows whose `patient_field` (a lookup path to the patient, such as
    "pathway__patient") is a patient `user` may see."""
    if not _may_see_any(user):
        return queryset.none()
    if sees_all_patients(user):
        return queryset
    return queryset.filter(**{f"{patient_field}__in": _team_patient_ids(user)})


def care_teams_of(user) -> QuerySet:
    """The care teams `user` is staff on (every team for a superuser)."""
    if not _may_see_any(user):
        return CareTeam.objects.none()
    if sees_all_patients(user):
        return CareTeam.objects.all()
    return CareTeam.objects.filter(pk__in=CareTeam.objects.filter(staff__user=user).values("pk"))

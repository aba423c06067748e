"""A cached My page (care/my_page_cache.py) changes right after each event that changes what it shows:
a stale My page is a defect. Each test reads the page once (stored), makes the change, reads again."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from care import caregivers, services
from care.models import Assignment, PatientStep
from education.models import Article
from estimates.models import SavedEstimate
from outcomes.models import Response
from tests.caregiver_helpers import caregiver_client, grant_for
from tests.factories import (
    ArticleFactory,
    AssignmentFactory,
    CareTeamFactory,
    FAQFactory,
    PathwayStepFactory,
    SurgeonFactory,
    TeachBackQuestionFactory,
    surgeon_cares_for,
)
from tests.outcome_helpers import enrol_with_schedule

MY_PAGE = reverse("care:my_page")


def read(client) -> str:
    response = client.get(MY_PAGE)
    assert response.status_code == 200
    return response.text


def stored(client, *, queries: int = 0) -> str:
    """Read the page until it comes from the cache (a message shown once is not stored), so the test
    starts warm: then no query, or `queries` (a caregiver's grant is checked and audited each time)."""
    read(client)
    read(client)
    with CaptureQueriesContext(connection) as made:
        html = read(client)
    assert len(made) == queries
    return html


def post(client, url, data=None) -> None:
    """Post as the page's forms do, then show the message it leaves on another page: My page is read
    from the cache again only if nothing cleared it (a page with a message is never stored)."""
    client.post(url, data or {})
    client.get(reverse("home"))


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def pathway(patient, today):
    template = PathwayStepFactory(title="Stop smoking", kind="task", days_from_surgery=-7).template
    PathwayStepFactory(template=template, title="Walk every day", kind="task", days_from_surgery=-6)
    return services.pathway_enrol(patient=patient, template=template, surgery_date=today + timedelta(days=7))


def step_item(step: PatientStep, state: str) -> str:
    return f'class="step-item state-{state} mb-3" id="step-{step.pk}"'


def test_a_step_done(patient_client, pathway):
    step = pathway.steps.get(step__title="Stop smoking")
    assert step_item(step, "due") in stored(patient_client)
    post(patient_client, reverse("care:step_done", args=[step.pk]))
    assert step_item(step, "done") in read(patient_client)


def test_midnight_in_the_clinics_time_zone(patient_client, pathway, today, monkeypatch):
    walk = pathway.steps.get(step__title="Walk every day")
    assert step_item(walk, "coming") in stored(patient_client)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today + timedelta(days=1))
    assert step_item(walk, "due") in read(patient_client)


def test_the_surgery_date_moved(patient_client, pathway, today):
    later = today + timedelta(days=40)
    assert "Your surgery is planned for" in stored(patient_client)
    services.pathway_move_surgery(pathway=pathway, surgery_date=later)
    html = read(patient_client)
    assert step_item(pathway.steps.get(step__title="Walk every day"), "coming") in html
    assert date_format(later, "DATE_FORMAT") in html


def test_a_pathway_steps_words_edited_by_staff(patient_client, pathway):
    assert "Stop smoking" in stored(patient_client)
    step = pathway.steps.get(step__title="Stop smoking").step
    step.title = "Stop smoking and vaping"
    step.save()
    assert "Stop smoking and vaping" in read(patient_client)


def test_an_assignment(patient_client, patient):
    article = ArticleFactory(title="Care plan reading")
    assert "Care plan reading" not in stored(patient_client)
    services.assignments_create(patient=patient, articles=[article])
    assert "Care plan reading" in read(patient_client)


def test_an_article_read_and_first_opened(patient_client, patient):
    assignment = AssignmentFactory(patient=patient, article__title="Opened later")
    assert "First opened" not in stored(patient_client)
    patient_client.get(assignment.article.get_absolute_url())
    assert "First opened" in read(patient_client)
    post(patient_client, reverse("care:assignment_finish", args=[assignment.pk]))
    assert "You have read 1 of 1." in read(patient_client)


def test_a_teach_back_answer(patient_client, patient):
    assignment = AssignmentFactory(patient=patient)
    question = TeachBackQuestionFactory(article=assignment.article)
    assert "Check what you understood" in stored(patient_client)
    services.teach_back_answer(
        assignment=assignment, article=assignment.article, question=question, option="right", language="en"
    )
    assert "Check what you understood" not in read(patient_client)


def test_a_questionnaire_answer(patient_client, patient, today):
    pathway, scheduled = enrol_with_schedule(patient, surgery_date=today + timedelta(days=10))
    assert "Questionnaires to answer" in stored(patient_client)
    for one in scheduled.filter(time_point="pre_op"):
        Response.objects.create(
            patient=patient, pathway=pathway, instrument=one.instrument, time_point="pre_op", status="sent"
        )
    assert "Questionnaires to answer" not in read(patient_client)


def test_a_question_to_the_care_team(patient_client, patient, django_assert_max_num_queries):
    assignment = AssignmentFactory(patient=patient)
    stored(patient_client)
    post(patient_client, reverse("care:assignment_question", args=[assignment.pk]), {"text": "How long is recovery?"})
    with CaptureQueriesContext(connection) as queries:
        read(patient_client)
    assert len(queries) > 0  # read again from the database, not from the cache


def test_a_bookmark(patient_client):
    article = ArticleFactory(title="Saved for later")
    faq = FAQFactory(question="Saved question?")
    assert "Saved for later" not in stored(patient_client)
    post(patient_client, reverse("care:bookmark_article", args=[article.slug]))
    post(patient_client, reverse("care:bookmark_faq", args=[faq.pk]))
    html = read(patient_client)
    assert "Saved for later" in html
    assert "Saved question?" in html
    post(patient_client, reverse("care:bookmark_article", args=[article.slug]))
    assert "Saved for later" not in read(patient_client)


def test_content_published_renamed_and_unpublished(patient_client, patient):
    article = AssignmentFactory(patient=patient, article__title="Old title").article
    assert "Old title" in stored(patient_client)
    article.title = "New title"
    article.save()
    assert "New title" in read(patient_client)
    article.status = Article.Status.DRAFT
    article.save()
    assert "New title" not in read(patient_client)


def test_the_readers_language(patient_client, patient):
    assert "Your reading list" in stored(patient_client)
    patient_client.post(reverse("language_switch"), {"language": "es", "next": MY_PAGE})
    assert "Su lista de lectura" in read(patient_client)


def test_the_readers_text_size(patient_client):
    assert "text-size-150" not in stored(patient_client)
    patient_client.post(reverse("text_size_switch"), {"size": "150", "next": MY_PAGE})
    assert 'class="text-size-150"' in read(patient_client)


def test_email_reminders_switched(patient_client, pathway):
    assert "Email reminders are on" in stored(patient_client)
    post(patient_client, reverse("care:reminders_switch"), {"email_reminders": "off"})
    assert "Email reminders are off." in read(patient_client)


def test_a_surgeon_joins_the_care_team(patient_client, patient):
    newcomer, second = SurgeonFactory(name="Dr. Newcomer"), SurgeonFactory(name="Dr. Second")
    assert "Dr. Newcomer" not in stored(patient_client)
    surgeon_cares_for(patient=patient, surgeon=newcomer)
    assert "Dr. Newcomer" in read(patient_client)
    team = CareTeamFactory()
    team.patients.create(patient=patient)
    stored(patient_client)
    team.surgeon = second
    team.save()
    assert "Dr. Second" in read(patient_client)


def test_a_saved_estimate(patient_client, patient, schedule):
    assert "$1,234.50" not in stored(patient_client)
    SavedEstimate.objects.create(
        patient=patient,
        fee_schedule=schedule,
        coverage="medicare",
        inputs={},
        result={},
        total_patient_pays=Decimal("1234.50"),
    )
    assert "$1,234.50" in read(patient_client)


def test_a_caregivers_grant_changed(patient, pathway):
    grant = grant_for(patient, all_scopes=False)
    client = caregiver_client(grant)
    assert "I have done this" not in stored(client, queries=2)
    grant.may_tick_steps_and_mark_read = True
    grant.save()
    assert "I have done this" in read(client)


def test_a_caregivers_tick_names_them_and_their_new_name(patient, patient_client, pathway):
    grant = grant_for(patient)
    step = pathway.steps.get(step__title="Stop smoking")
    stored(patient_client)
    post(caregiver_client(grant), reverse("care:step_done", args=[step.pk]))
    assert "done by Sam" in read(patient_client)
    grant.caregiver.first_name = "Samantha"
    grant.caregiver.save()
    assert "done by Samantha" in read(patient_client)


def test_a_revoked_grant_clears_the_patients_page(patient, patient_client):
    grant = grant_for(patient)
    stored(patient_client)
    caregivers.grant_revoke(grant=grant, by=patient)
    with CaptureQueriesContext(connection) as queries:
        read(patient_client)
    assert len(queries) > 0


def test_an_assignment_deleted_by_staff(patient_client, patient):
    AssignmentFactory(patient=patient, article__title="Taken off the list")
    assert "Taken off the list" in stored(patient_client)
    Assignment.objects.filter(patient=patient).delete()
    assert "Taken off the list" not in read(patient_client)

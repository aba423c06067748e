"""Issue 26, reproduction 1: a draft never reaches patients through a pathway step or a reading plan.
A change to a published article is a revision, so it has no id to type in; an article patients cannot
see (never published) is refused: the admin says so plainly (no 500), and the database whatever the door."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from care.models import PathwayStep, ReadingPlan, ReadingPlanItem
from education.models import Article, TeachBackQuestion
from tests.factories import ArticleFactory, PathwayTemplateFactory, SectionFactory
from tests.publishing import save_change

REFUSED = "cannot be given to patients"


NEW_QUESTION = {
    "key": "9c4a4f0e-2f7a-4a52-9f43-7d2b8c3b1e11",
    "question": "A question nobody reviewed?",
    "options": [{"key": "a", "text": "Yes", "correct": True, "why": ""}],
    "section_anchor": "",
    "order": 0,
}


@pytest.fixture
def draft_with_a_new_question(db):
    """A published article whose draft adds a teach-back question, and an article never published."""
    live = ArticleFactory(title="Lumbar fusion")
    SectionFactory(article=live, body="Published text.")
    save_change(live, edit=lambda content: content["teach_back_questions"].append(NEW_QUESTION))
    never = ArticleFactory(title="Lumbar fusion (new version)", status=Article.Status.DRAFT)
    return live, never


def test_the_drafts_question_is_no_row_anything_could_point_at(draft_with_a_new_question):
    live, _never = draft_with_a_new_question
    live.refresh_from_db()
    assert live.latest_revision.content["teach_back_questions"][0]["question"] == "A question nobody reviewed?"
    assert not TeachBackQuestion.objects.filter(question="A question nobody reviewed?").exists()
    assert Article.all_objects.filter(title__startswith="Lumbar fusion").count() == 2


def step_form(template, article_id):
    return {
        "name": template.name,
        "name_es": "",
        "steps-TOTAL_FORMS": 1,
        "steps-INITIAL_FORMS": 0,
        "steps-0-days_from_surgery": -7,
        "steps-0-kind": "check",
        "steps-0-order": 0,
        "steps-0-article": article_id,
        "steps-0-title": "Check what you understood",
        "steps-0-title_es": "",
        "steps-0-instructions": "",
        "steps-0-instructions_es": "",
    }


def test_a_pathway_step_pointing_at_a_draft_is_a_form_error(
    client, reviewer, verified_login, draft_with_a_new_question
):
    live, unpublished = draft_with_a_new_question
    template = PathwayTemplateFactory(status="draft")
    verified_login(client, reviewer)
    url = reverse("admin:care_pathwaytemplate_change", args=[template.pk])
    response = client.post(url, step_form(template, unpublished.pk))
    assert response.status_code == 200
    assert REFUSED in response.text
    assert not PathwayStep.objects.filter(template=template).exists()
    # The live article is accepted.
    response = client.post(url, step_form(template, live.pk))
    assert response.status_code == 302, response.text
    assert PathwayStep.objects.get(template=template).article == live


def test_a_never_published_article_is_refused_too(client, reviewer, verified_login):
    never = ArticleFactory(status="draft")
    template = PathwayTemplateFactory(status="draft")
    verified_login(client, reviewer)
    response = client.post(
        reverse("admin:care_pathwaytemplate_change", args=[template.pk]), step_form(template, never.pk)
    )
    assert response.status_code == 200
    assert REFUSED in response.text


def test_a_reading_plan_item_pointing_at_a_draft_is_a_form_error(
    client, editor, verified_login, draft_with_a_new_question
):
    _live, unpublished = draft_with_a_new_question
    plan = ReadingPlan.objects.create(name="Before your fusion")
    verified_login(client, editor)
    response = client.post(
        reverse("admin:care_readingplan_change", args=[plan.pk]),
        {"name": plan.name, "description": "", "items-TOTAL_FORMS": 1, "items-INITIAL_FORMS": 0,
         "items-0-article": unpublished.pk, "items-0-order": 0},
    )  # fmt: skip
    assert response.status_code in (200, 403)
    assert not ReadingPlanItem.objects.exists()
    if response.status_code == 200:
        assert REFUSED in response.text


def test_the_database_refuses_the_draft_whatever_the_door(draft_with_a_new_question):
    _live, unpublished = draft_with_a_new_question
    template = PathwayTemplateFactory(status="published")
    with pytest.raises(IntegrityError), transaction.atomic():
        PathwayStep.objects.create(
            template=template, kind="check", days_from_surgery=-7, title="Check", article=unpublished
        )

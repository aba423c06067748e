"""Issue 26, reproduction 1: a draft's id typed into a pathway step or a reading plan never reaches
patients. The admin says so plainly (no 500), and the database refuses it whatever the door."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from care.models import PathwayStep, ReadingPlan, ReadingPlanItem
from education import revisions
from tests.factories import ArticleFactory, PathwayTemplateFactory, SectionFactory, TeachBackQuestionFactory

REFUSED = "cannot be given to patients"


@pytest.fixture
def draft_with_a_new_question(db):
    live = ArticleFactory(title="Lumbar fusion")
    SectionFactory(article=live, body="Published text.")
    draft = revisions.editable_copy(live)
    TeachBackQuestionFactory(article=draft, question="A question nobody reviewed?")
    return live, draft


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
    live, draft = draft_with_a_new_question
    template = PathwayTemplateFactory(status="draft")
    verified_login(client, reviewer)
    url = reverse("admin:care_pathwaytemplate_change", args=[template.pk])
    response = client.post(url, step_form(template, draft.pk))
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
    _live, draft = draft_with_a_new_question
    plan = ReadingPlan.objects.create(name="Before your fusion")
    verified_login(client, editor)
    response = client.post(
        reverse("admin:care_readingplan_change", args=[plan.pk]),
        {"name": plan.name, "description": "", "items-TOTAL_FORMS": 1, "items-INITIAL_FORMS": 0,
         "items-0-article": draft.pk, "items-0-order": 0},
    )  # fmt: skip
    assert response.status_code in (200, 403)
    assert not ReadingPlanItem.objects.exists()
    if response.status_code == 200:
        assert REFUSED in response.text


def test_the_database_refuses_the_draft_whatever_the_door(draft_with_a_new_question):
    _live, draft = draft_with_a_new_question
    template = PathwayTemplateFactory(status="published")
    with pytest.raises(IntegrityError), transaction.atomic():
        PathwayStep.objects.create(template=template, kind="check", days_from_surgery=-7, title="Check", article=draft)

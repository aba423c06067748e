"""Teach-back options: shown in an order that varies between patients and stays the same within one
attempt; each answer is recorded by its option's stable key with the revision it was read in, so an
edited wording keeps one history. The demo asks when to call 911. Care-team notes carry their language."""

import pytest
from django.urls import reverse

from care import selectors, services
from care.models import EducationRecord
from education import demo as education_demo
from education.forms import TeachBackQuestionForm
from education.services import article_publish, article_submit_for_review
from tests.factories import (
    ArticleFactory,
    AssignmentFactory,
    PatientFactory,
    SectionFactory,
    TeachBackQuestionFactory,
)

OPTIONS = [
    {"key": "call-911", "text": "Call 911", "correct": True, "why": "It cannot wait."},
    {"key": "wait", "text": "Wait a day", "correct": False, "why": "Waiting can harm the nerves."},
    {"key": "message", "text": "Send a message", "correct": False, "why": "Messages wait for office hours."},
    {"key": "rest", "text": "Lie down and rest", "correct": False, "why": "Rest does not treat it."},
]


@pytest.fixture
def article(db):
    article = ArticleFactory(slug="after-surgery", status="draft")
    TeachBackQuestionFactory(article=article, question="Numb between your legs?", options=OPTIONS)
    SectionFactory(article=article)
    revision = article_submit_for_review(article=article)
    return article_publish(revision=revision, user=None, reviewer=article.author)


def order_for(assignment) -> list[str]:
    question = assignment.article.teach_back_questions.get()
    return [option["key"] for option in selectors.teach_back_options(assignment=assignment, question=question)]


def test_the_order_varies_between_patients(article):
    orders = {tuple(order_for(AssignmentFactory(patient=PatientFactory(), article=article))) for _ in range(8)}
    assert len(orders) > 1
    assert {order[0] for order in orders} != {"call-911"}  # the right answer is not always first


def test_the_order_is_the_same_within_one_attempt(client, patient, article):
    assignment = AssignmentFactory(patient=patient, article=article)
    client.force_login(patient)
    url = reverse("care:teach_back", args=[assignment.pk])

    def shown(response):
        return [value for value, _label in response.context["form"].fields["option"].choices]

    first = shown(client.get(url))
    assert shown(client.get(url)) == first
    refused = client.post(url, {"question": article.teach_back_questions.get().pk})  # no answer chosen
    assert refused.status_code == 400
    assert shown(refused) == first
    assert sorted(first) == sorted(option["key"] for option in OPTIONS)


def test_an_answer_is_recorded_by_its_key_and_revision(client, patient, article):
    assignment = AssignmentFactory(patient=patient, article=article)
    client.force_login(patient)
    url = reverse("care:teach_back", args=[assignment.pk])
    question = article.teach_back_questions.get()
    client.post(url, {"question": question.pk, "option": "wait"})
    record = EducationRecord.objects.get()
    assert (record.option_key, record.answer_text) == ("wait", "Wait a day")
    assert record.revision_id == article.live_revision_id is not None
    assert client.post(url, {"question": question.pk, "option": "made-up"}).status_code == 400


def test_a_record_keeps_its_option_key_after_the_options_wording_is_edited(patient, article):
    assignment = AssignmentFactory(patient=patient, article=article)
    question = article.teach_back_questions.get()
    record = services.teach_back_answer(
        assignment=assignment, article=article, question=question, option="wait", language="en"
    )
    lines = "* Call 911 now | It cannot wait.\nWait a day or two | Waiting can harm the nerves.\nSend a message\nRest"
    form = TeachBackQuestionForm(
        {"question": question.question, "options": lines, "section_anchor": "", "order": 0}, instance=question
    )
    assert form.is_valid(), form.errors
    form.save()
    question.refresh_from_db()
    assert [option["key"] for option in question.options] == ["call-911", "wait", "message", "rest"]
    record.refresh_from_db()
    assert record.option_key == "wait"
    assert question.option(record.option_key)["text"] == "Wait a day or two"
    assert EducationRecord.objects.filter(question=question, option_key="wait").count() == 1


@pytest.mark.parametrize("slug", [education_demo.DEMO_SLUG, education_demo.DEMO_SLUG_SPANISH])
def test_the_demo_asks_when_to_call_911(slug):
    question, anchor, options = education_demo.DEMO_TEACH_BACK[slug][0]
    right = [text for _key, text, correct, _why in options if correct]
    assert len(right) == 1
    assert "911" in right[0]
    assert anchor == "warning-signs"
    keys = {slug: [[key for key, *_ in opts] for _q, _a, opts in questions]
            for slug, questions in education_demo.DEMO_TEACH_BACK.items()}  # fmt: skip
    assert keys[education_demo.DEMO_SLUG] == keys[education_demo.DEMO_SLUG_SPANISH]  # one key per meaning


def test_the_spanish_option_reads_saltarse_comidas():
    spanish = education_demo.DEMO_TEACH_BACK[education_demo.DEMO_SLUG_SPANISH]
    texts = [text for _q, _a, options in spanish for _key, text, *_ in options]
    assert "Saltarse comidas." in texts
    assert "No comer." not in texts


def test_a_care_team_note_is_marked_with_its_language(patient_client, patient, article):
    AssignmentFactory(patient=patient, article=article, note="Traiga sus medicinas.", note_language="es")
    html = patient_client.get(reverse("care:my_page")).text
    assert '<span lang="es">Traiga sus medicinas.</span>' in html
    assert "(Spanish)" in html

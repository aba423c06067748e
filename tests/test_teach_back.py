"""Teach-back: the patient answers after reading; a wrong answer explains and comes back later;
understood once every question was answered right; every attempt is an education record."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from care import services
from care.models import EducationRecord
from education.forms import TeachBackQuestionForm
from education.models import TeachBackQuestion
from tests.admin_forms import change_form_data
from tests.factories import (
    ArticleFactory,
    AssignmentFactory,
    PathwayStepFactory,
    TeachBackQuestionFactory,
)

RIGHT, WRONG = "right", "wrong"


@pytest.fixture
def article(db):
    article = ArticleFactory(title="Preparing for surgery", slug="preparing")
    TeachBackQuestionFactory(article=article, question="Can you drive home?", order=1)
    TeachBackQuestionFactory(article=article, question="Can you eat after midnight?", order=2)
    return article


@pytest.fixture
def assignment(patient, article):
    return AssignmentFactory(patient=patient, article=article)


def answer(client, assignment, option):
    url = reverse("care:teach_back", args=[assignment.pk])
    form = client.get(url).context["form"]
    return client.post(url, {"question": form.asked.pk, "option": option}, follow=True)


def test_a_wrong_answer_explains_links_the_section_and_comes_back_later(patient_client, assignment):
    response = answer(patient_client, assignment, WRONG)
    html = response.text
    assert "Not quite, and that is fine." in html
    assert "The answer is: The right answer" in html
    assert "Here is why not." in html
    assert 'href="/articles/preparing/#recovery"' in html
    assert "We will ask this question again a little later." in html
    # The other question comes first; the one answered wrong comes back after it.
    assert response.context["question"].question == "Can you eat after midnight?"
    response = answer(patient_client, assignment, RIGHT)
    assert "Yes, that is right." in response.text
    assert response.context["question"].question == "Can you drive home?"


def test_understood_once_every_question_was_answered_right_once(patient_client, patient, assignment):
    answer(patient_client, assignment, WRONG)
    answer(patient_client, assignment, RIGHT)
    assignment.refresh_from_db()
    assert assignment.understood_at is None
    response = answer(patient_client, assignment, RIGHT)
    assert "Well done. You have answered every question." in response.text
    assignment.refresh_from_db()
    assert assignment.understood_at is not None
    assert response.context["question"] is None


def test_every_attempt_is_an_education_record(patient_client, patient, assignment, article):
    answer(patient_client, assignment, WRONG)
    answer(patient_client, assignment, RIGHT)
    records = list(EducationRecord.objects.order_by("pk"))
    assert [(r.patient, r.article, r.language, r.method, r.response) for r in records] == [
        (patient, article, "en", "portal", "needs_review"),
        (patient, article, "en", "portal", "understood"),
    ]
    assert records[0].question_text == "Can you drive home?"
    assert records[0].answer_text == "The wrong answer"
    assert records[0].created_at is not None


def test_the_check_step_of_a_pathway_is_done_when_understood(patient_client, patient, article):
    step = PathwayStepFactory(kind="check", article=article, days_from_surgery=-14)
    pathway = services.pathway_enrol(patient=patient, template=step.template, surgery_date=date(2026, 12, 21))
    patient_step = pathway.steps.get()
    for _ in range(2):
        answer(patient_client, patient_step.assignment, RIGHT)
    patient_step.refresh_from_db()
    assert patient_step.done_at is not None


def test_a_spanish_reader_answers_the_spanish_articles_questions(patient_client, patient, assignment, article):
    spanish = ArticleFactory(title="Prepararse", slug="prepararse", language="es", translation_of=article)
    TeachBackQuestionFactory(article=spanish, question="¿Puede manejar a casa?")
    patient.preferred_language = "es"
    patient.save()
    response = answer(patient_client, assignment, RIGHT)
    assert "Sí, así es." in response.text
    record = EducationRecord.objects.get()
    assert (record.language, record.article, record.question_text) == ("es", spanish, "¿Puede manejar a casa?")
    assignment.refresh_from_db()
    assert assignment.understood_at is not None  # the Spanish article has one question


def test_no_answer_chosen_is_a_400_saying_what_to_do(patient_client, assignment):
    url = reverse("care:teach_back", args=[assignment.pk])
    question = patient_client.get(url).context["form"].asked
    response = patient_client.post(url, {"question": question.pk})
    assert response.status_code == 400
    assert "Choose one answer, then press the button." in response.text
    response = patient_client.post(url, {"question": question.pk + 999, "option": RIGHT})
    assert response.status_code == 400
    assert not EducationRecord.objects.exists()


def test_another_patients_teach_back_is_404(patient_client, other_patient, article):
    theirs = AssignmentFactory(patient=other_patient, article=article)
    url = reverse("care:teach_back", args=[theirs.pk])
    assert patient_client.get(url).status_code == 404
    assert patient_client.post(url, {"question": 1, "option": RIGHT}).status_code == 404
    assert not EducationRecord.objects.exists()


def test_feedback_of_another_patients_record_is_not_shown(patient_client, other_patient, assignment, article):
    theirs = AssignmentFactory(patient=other_patient, article=article)
    question = article.teach_back_questions.first()
    record = services.teach_back_answer(
        assignment=theirs, article=article, question=question, option=WRONG, language="en"
    )
    url = reverse("care:teach_back", args=[assignment.pk]) + f"?answered={record.pk}"
    assert patient_client.get(url).context["feedback"] is None


def test_an_article_without_questions_sends_the_patient_back(patient_client, patient):
    assignment = AssignmentFactory(patient=patient)
    response = patient_client.get(reverse("care:teach_back", args=[assignment.pk]), follow=True)
    assert "This article has no questions to answer yet." in response.text


def test_asking_a_question_is_an_education_record_too(patient_client, assignment):
    patient_client.post(reverse("care:assignment_question", args=[assignment.pk]), {"text": "Can I shower?"})
    record = EducationRecord.objects.get()
    assert (record.response, record.question_text, record.language) == ("asked_question", "", "en")


def test_my_page_offers_the_check_until_understood(patient_client, assignment):
    assert "Check what you understood" in patient_client.get(reverse("care:my_page")).text
    for _ in range(2):
        answer(patient_client, assignment, RIGHT)
    assert "Check what you understood" not in patient_client.get(reverse("care:my_page")).text


def test_editors_write_answers_as_plain_lines(db):
    article = ArticleFactory()
    form = TeachBackQuestionForm(
        {
            "question": "Can you drive home?",
            "options": "* No, someone drives me | The medicine makes you sleepy.\nYes | You cannot drive yet.",
            "section_anchor": "recovery",
            "order": 0,
        },
        instance=TeachBackQuestion(article=article),
    )
    assert form.is_valid(), form.errors
    question = form.save()
    assert [{k: v for k, v in option.items() if k != "key"} for option in question.options] == [
        {"text": "No, someone drives me", "correct": True, "why": "The medicine makes you sleepy."},
        {"text": "Yes", "correct": False, "why": "You cannot drive yet."},
    ]
    assert all(option["key"] for option in question.options)
    assert form.fields["options"].prepare_value(question.options).startswith("* No, someone drives me | ")


def test_editors_add_questions_inline_on_the_article(client, editor, verified_login):
    article = ArticleFactory(status="draft", title="Getting ready")
    verified_login(client, editor)
    data = change_form_data(
        article,
        **{
            "teach_back_questions-TOTAL_FORMS": 1,
            "teach_back_questions-0-question": "Can you drive home?",
            "teach_back_questions-0-options": "* No | You will be sleepy.\nYes | Not yet.",
            "teach_back_questions-0-section_anchor": "recovery",
            "teach_back_questions-0-order": 0,
        },
    )
    response = client.post(reverse("admin:education_article_change", args=[article.pk]), data)
    assert response.status_code == 302
    [question] = article.teach_back_questions.all()
    assert {k: v for k, v in question.options[0].items() if k != "key"} == {
        "text": "No",
        "correct": True,
        "why": "You will be sleepy.",
    }


def test_a_question_needs_two_answers_and_a_right_one(db):
    question = TeachBackQuestion(article=ArticleFactory(), question="Q?", options=[{"text": "Only one"}])
    with pytest.raises(ValidationError):
        question.full_clean()
    question.options = [{"text": "A", "correct": False}, {"text": "B", "correct": False}]
    with pytest.raises(ValidationError, match="Mark at least one answer as right"):
        question.full_clean()

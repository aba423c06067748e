"""Teach-back insight: each question's first-try correct rate and the wrong option chosen most
(by its stable key), worst first, linked to the section that explains it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from care.models import EducationRecord
from insights.selectors import teach_back_rows
from tests.factories import ArticleFactory, PatientFactory, TeachBackQuestionFactory

OPTIONS = [
    {"key": "right", "text": "Walk a little every day", "correct": True},
    {"key": "bed", "text": "Stay in bed", "correct": False},
    {"key": "lift", "text": "Lift heavy things", "correct": False},
]


def answer(patient, question, key, *, minutes=0):
    return EducationRecord.objects.create(
        patient=patient,
        article=question.article,
        topic=question.article.title,
        question=question,
        question_text=question.question,
        option_key=key,
        language="en",
        response="understood" if question.is_correct(key) else "needs_review",
        created_at=timezone.now() - timedelta(days=1) + timedelta(minutes=minutes),
    )


@pytest.fixture
def week():
    now = timezone.now()
    return {"start": now - timedelta(days=7), "end": now + timedelta(minutes=1)}


@pytest.mark.django_db
def test_the_first_try_correct_rate_counts_only_each_patients_first_answer(week):
    question = TeachBackQuestionFactory(options=OPTIONS)
    ana, ben, cy, dee = PatientFactory.create_batch(4)
    answer(ana, question, "bed", minutes=1)
    answer(ana, question, "right", minutes=2)  # a second try: not counted in the rate
    answer(ben, question, "right", minutes=1)
    answer(cy, question, "lift", minutes=1)
    answer(dee, question, "right", minutes=1)

    [row] = teach_back_rows(**week)

    assert (row.first_tries, row.first_right, row.rate) == (4, 2, 50)


@pytest.mark.django_db
def test_the_wrong_option_chosen_most_is_counted_by_its_key_even_after_its_wording_changed(week):
    question = TeachBackQuestionFactory(options=OPTIONS)
    patients = PatientFactory.create_batch(4)
    answer(patients[0], question, "bed")
    answer(patients[1], question, "bed")
    answer(patients[2], question, "lift")
    question.options = [
        {**option, "text": "Rest in bed all day"} if option["key"] == "bed" else option for option in OPTIONS
    ]
    question.save()
    answer(patients[3], question, "bed")

    [row] = teach_back_rows(**week)

    assert (row.wrong_key, row.wrong_count, row.wrong_text) == ("bed", 3, "Rest in bed all day")


@pytest.mark.django_db
def test_questions_come_worst_understood_first_each_linked_to_its_section(week):
    article = ArticleFactory(slug="back-surgery")
    easy = TeachBackQuestionFactory(article=article, options=OPTIONS, section_anchor="recovery")
    hard = TeachBackQuestionFactory(article=article, options=OPTIONS, section_anchor="risks")
    for patient in PatientFactory.create_batch(3):
        answer(patient, easy, "right")
        answer(patient, hard, "bed")

    rows = teach_back_rows(**week)

    assert [row.question for row in rows] == [hard, easy]
    assert [row.rate for row in rows] == [0, 100]
    assert rows[0].section_url == "/articles/back-surgery/#risks"


@pytest.mark.django_db
def test_answers_outside_the_period_are_left_out(week):
    question = TeachBackQuestionFactory(options=OPTIONS)
    record = answer(PatientFactory(), question, "bed")
    EducationRecord.objects.filter(pk=record.pk).update(created_at=timezone.now() - timedelta(days=30))

    assert teach_back_rows(**week) == []

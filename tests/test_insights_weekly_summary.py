"""The weekly summary email: three worst-understood questions and the top unanswered searches, at
most once per person per week through the outbox, switchable per person."""

import uuid
from datetime import datetime, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from care.models import EducationRecord
from insights.models import SearchEvent, SummaryPreference
from insights.summary import weekly_summary_send
from portal.outbox.models import Reminder
from tests.factories import PatientFactory, TeachBackQuestionFactory

NOW = timezone.make_aware(datetime(2026, 12, 7, 9))  # a Monday


@pytest.fixture
def week_of_answers(db):
    patients = PatientFactory.create_batch(3)
    questions = [TeachBackQuestionFactory(question=f"Question {n}?") for n in range(4)]
    for n, question in enumerate(questions):
        for index, patient in enumerate(patients):
            right = index < n  # question 0: nobody right, question 3: everyone
            EducationRecord.objects.create(
                patient=patient, article=question.article, topic="t", question=question,
                option_key="right" if right else "wrong", language="en",
                response="understood" if right else "needs_review", created_at=NOW - timedelta(days=2),
            )  # fmt: skip
    for patient in patients:
        SearchEvent.objects.create(
            patient=patient,
            query="can i swim 2026",
            language="en",
            token=uuid.uuid4(),
            created_at=NOW - timedelta(days=1),
        )
    return questions


def test_editors_and_reviewers_get_the_three_worst_questions_and_unanswered_searches(
    week_of_answers, editor, reviewer, billing
):
    assert weekly_summary_send(now=NOW) == 2
    assert sorted(message.to[0] for message in mail.outbox) == sorted([editor.email, reviewer.email])
    body = mail.outbox[0].body
    assert all(f"Question {n}?" in body for n in range(3))
    assert "Question 3?" not in body
    assert body.index("Question 0?") < body.index("Question 1?")
    assert "can i swim" in body
    assert "2026" not in body
    assert "The wrong answer" in body


def test_it_is_sent_at_most_once_per_person_per_week(week_of_answers, editor):
    assert weekly_summary_send(now=NOW) == 1
    assert weekly_summary_send(now=NOW + timedelta(hours=5)) == 0
    assert weekly_summary_send(now=NOW + timedelta(days=6)) == 0  # Sunday, the same week
    assert len(mail.outbox) == 1
    assert Reminder.objects.get(recipient=editor).purpose == Reminder.Purpose.WEEKLY_SUMMARY
    assert weekly_summary_send(now=NOW + timedelta(days=7)) == 1  # next week


def test_a_person_who_switched_it_off_gets_none(week_of_answers, editor):
    SummaryPreference.objects.create(user=editor, weekly_summary=False)
    assert weekly_summary_send(now=NOW) == 0
    assert mail.outbox == []


def test_the_command_sends_it(week_of_answers, editor):
    out = StringIO()
    call_command("insights_weekly_summary", stdout=out)
    assert "Sent 1 weekly summaries." in out.getvalue()

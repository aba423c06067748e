"""The insights pages ask the same number of queries for ten times the patients and articles."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from care.models import EducationRecord, PatientQuestion
from insights.models import HelpfulVote, SearchEvent, SectionRead
from tests.factories import (
    ArticleFactory,
    AssignmentFactory,
    FAQFactory,
    PatientFactory,
    SectionFactory,
    TeachBackQuestionFactory,
)


def grow(articles: int, patients: int, first_article=None):
    when = timezone.now() - timedelta(days=1)
    people = PatientFactory.create_batch(patients)
    made = [first_article] if first_article else []
    while len(made) < articles:
        made.append(ArticleFactory())
    for article in made:
        section = SectionFactory(article=article)
        FAQFactory(article=article)
        question = TeachBackQuestionFactory(article=article)
        for patient in people:
            assignment = AssignmentFactory(patient=patient, article=article, finished_at=when)
            SectionRead.objects.create(patient=patient, article=article, section_key=section.key, created_at=when)
            HelpfulVote.objects.create(
                patient=patient, article=article, part="section", part_key=section.key, helpful=False,
                unclear="hard words", created_at=when,
            )  # fmt: skip
            EducationRecord.objects.create(
                patient=patient, article=article, topic="t", question=question, option_key="wrong",
                language="en", response="needs_review", created_at=when,
            )  # fmt: skip
            PatientQuestion.objects.create(patient=patient, assignment=assignment, text="?")
    for patient in people:
        SearchEvent.objects.create(
            patient=patient, query=f"word {len(made)}", language="en", token=uuid.uuid4(), created_at=when
        )
    return made


@pytest.mark.parametrize("page", ["overview", "article"])
def test_the_insights_pages_ask_a_fixed_number_of_queries(
    client, verified_login, reviewer, page, django_assert_num_queries
):
    verified_login(client, reviewer)
    first = grow(2, 3)[0]
    url = (
        reverse("admin:insights_overview") if page == "overview" else reverse("admin:insights_article", args=[first.pk])
    )
    client.get(url)  # sessions, permissions and the like warmed up
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow(20, 30, first_article=None)
    grow(1, 27, first_article=first)  # the article itself: ten times the patients
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200

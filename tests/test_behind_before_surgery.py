"""The care team's 'Who is behind before surgery' page and its CSV."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from care import services
from care.models import PatientQuestion
from portal.csv_safe import safe_cell as csv_cell
from tests.factories import (
    ArticleFactory,
    AssignmentFactory,
    PathwayStepFactory,
    PathwayTemplateFactory,
    PatientFactory,
    TeachBackQuestionFactory,
)

URL = reverse("admin:care_patientpathway_behind")


@pytest.fixture
def template(db):
    template = PathwayTemplateFactory(name="MISS")
    PathwayStepFactory(template=template, days_from_surgery=-14, title="Book your tests")
    PathwayStepFactory(template=template, days_from_surgery=-1, title="Nothing to eat after midnight")
    return template


def enrol(template, days_ahead, **patient):
    surgery = timezone.localdate() + timedelta(days=days_ahead)
    return services.pathway_enrol(patient=PatientFactory(**patient), template=template, surgery_date=surgery)


def rows(client, **params):
    return client.get(URL, params).context["rows"]


def test_it_lists_patients_with_surgery_in_the_next_21_days_behind_first(client, reviewer, template, verified_login):
    on_track = enrol(template, 20, first_name="Olga")  # the first step is not due yet
    behind = enrol(template, 7, first_name="Bea")  # "book your tests" was due 7 days ago
    enrol(template, 30, first_name="Later")
    enrol(template, -1, first_name="Done already")
    verified_login(client, reviewer)
    listed = rows(client)
    assert [row.pathway for row in listed] == [behind, on_track]
    assert [(row.overdue_steps, row.is_behind) for row in listed] == [(1, True), (0, False)]
    html = client.get(URL).text
    assert "Who is behind before surgery" in html
    assert "Behind" in html
    assert "On track" in html


def test_a_question_answered_wrong_counts_until_answered_right(client, reviewer, template, verified_login):
    pathway = enrol(template, 20)
    article = ArticleFactory()
    question = TeachBackQuestionFactory(article=article)
    assignment = AssignmentFactory(patient=pathway.patient, article=article)
    services.teach_back_answer(assignment=assignment, article=article, question=question, option="wrong", language="en")
    PatientQuestion.objects.create(patient=pathway.patient, assignment=assignment, text="Can I shower?")
    verified_login(client, reviewer)
    [row] = rows(client)
    assert (row.not_understood, row.open_questions, row.is_behind) == (1, 1, True)
    services.teach_back_answer(assignment=assignment, article=article, question=question, option="right", language="en")
    [row] = rows(client)
    assert (row.not_understood, row.is_behind) == (0, False)


def test_it_sorts_by_any_column(client, reviewer, template, verified_login):
    later, sooner = enrol(template, 20, first_name="Zoe"), enrol(template, 7, first_name="Adam")
    verified_login(client, reviewer)
    assert [r.pathway for r in rows(client, sort="surgery")] == [sooner, later]
    assert [r.pathway for r in rows(client, sort="surgery", order="desc")] == [later, sooner]
    assert [r.pathway for r in rows(client, sort="patient")] == [sooner, later]
    assert [r.pathway for r in rows(client, sort="overdue", order="desc")] == [sooner, later]


def test_the_csv_holds_the_same_rows_and_cannot_run_formulas(client, reviewer, template, verified_login):
    enrol(template, 7, first_name="=HYPERLINK(1)", last_name="Smith")
    verified_login(client, reviewer)
    response = client.get(URL, {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    header, row = list(csv.reader(io.StringIO(response.content.decode())))
    assert header[:4] == ["patient", "email", "pathway", "surgery"]
    assert row[0] == "'=HYPERLINK(1) Smith"
    assert row[4:] == ["1", "0", "0"]


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_csv_cells_that_start_like_a_formula_get_a_quote(text):
    assert csv_cell(text) == "'" + text
    assert csv_cell("Ana") == "Ana"


def test_queries_stay_constant_as_patients_grow(client, reviewer, template, verified_login):
    verified_login(client, reviewer)

    def add_patient(days):
        pathway = enrol(template, days)
        article = ArticleFactory()
        assignment = AssignmentFactory(patient=pathway.patient, article=article)
        question = TeachBackQuestionFactory(article=article)
        services.teach_back_answer(
            assignment=assignment, article=article, question=question, option="wrong", language="en"
        )
        PatientQuestion.objects.create(patient=pathway.patient, assignment=assignment, text="?")

    add_patient(7)
    client.get(URL)
    with CaptureQueriesContext(connection) as one:
        client.get(URL)
    for days in range(1, 15):
        add_patient(days)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(URL).context["rows"]) == 15
    assert len(many.captured_queries) == len(one.captured_queries)


def test_editors_and_patients_cannot_see_it(client, editor, patient, verified_login):
    verified_login(client, editor)
    assert client.get(URL).status_code == 403
    client.force_login(patient)
    assert client.get(URL).status_code == 302  # to the admin login

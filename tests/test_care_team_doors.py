"""Need to know at every door (issue 29): a nurse of Ana's team sees Ana's data; a nurse of another
team does not find it in lists, pages, the autocomplete, exports, FHIR, who is behind, the outcome
summary or the enrolment form's patient choice."""

import csv
import io
import json
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from care import services as care_services
from care.models import Assignment, PatientPathway, PatientQuestion
from outcomes.models import Instrument, Response
from tests.factories import (
    ArticleFactory,
    AssignmentFactory,
    CareTeamFactory,
    PathwayTemplateFactory,
    PatientFactory,
    TeachBackQuestionFactory,
    UserFactory,
    team_member,
)
from tests.outcome_helpers import enrol_with_schedule


@pytest.fixture
def world(db):
    team_a, team_b = CareTeamFactory(name="Team A"), CareTeamFactory(name="Team B")
    ana = PatientFactory(email="ana.alvarez@example.com", first_name="Ana", last_name="Alvarez", care_team=team_a)
    bo = PatientFactory(email="bo.berg@example.com", first_name="Bo", last_name="Berg", care_team=team_b)
    template = PathwayTemplateFactory(name="MISS")
    surgery = timezone.localdate() + timedelta(days=10)
    article = ArticleFactory(title="Before your operation")
    question = TeachBackQuestionFactory(article=article)
    for patient in (ana, bo):
        pathway, _ = enrol_with_schedule(patient, surgery_date=surgery, template=template)
        assignment = AssignmentFactory(patient=patient, article=article)
        PatientQuestion.objects.create(patient=patient, assignment=assignment, text=f"{patient.first_name} asks")
        care_services.teach_back_answer(
            assignment=assignment, article=article, question=question, option="wrong", language="en"
        )
        Response.objects.create(
            patient=patient,
            pathway=pathway,
            instrument=Instrument.objects.get(code="nrs-leg"),
            time_point="pre_op",
            status="sent",
            score=5,
            answered_on=timezone.localdate(),
        )
    return SimpleNamespace(
        team_a=team_a,
        team_b=team_b,
        ana=ana,
        bo=bo,
        template=template,
        nurse_a=team_member(team=team_a, email="nurse.a@example.com"),
        nurse_b=team_member(team=team_b, email="nurse.b@example.com"),
    )


@pytest.fixture
def as_user(client, verified_login):
    def log_in(user):
        verified_login(client, user)
        return client

    return log_in


def listed_patients(client, url_name, **params):
    page = client.get(reverse(url_name), params)
    assert page.status_code == 200
    return {row.patient.email for row in page.context["cl"].result_list}


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:care_assignment_changelist",
        "admin:care_patientquestion_changelist",
        "admin:care_patientpathway_changelist",
        "admin:care_educationrecord_changelist",
        "admin:outcomes_response_changelist",
    ],
)
def test_changelists_show_only_the_teams_patients(world, as_user, url_name):
    assert listed_patients(as_user(world.nurse_a), url_name) == {"ana.alvarez@example.com"}
    assert listed_patients(as_user(world.nurse_b), url_name, q="Alvarez") == set()


def test_a_superuser_sees_every_patient(world, as_user):
    client = as_user(UserFactory(is_staff=True, is_superuser=True))
    assert listed_patients(client, "admin:care_assignment_changelist") == {
        "ana.alvarez@example.com",
        "bo.berg@example.com",
    }


def test_another_teams_records_answer_404_on_every_page(world, as_user):
    client = as_user(world.nurse_b)
    assignment = Assignment.objects.get(patient=world.ana)
    pathway = PatientPathway.objects.get(patient=world.ana)
    for url in (
        reverse("admin:care_assignment_change", args=[assignment.pk]),
        reverse("admin:care_assignment_history", args=[assignment.pk]),
        reverse("admin:care_assignment_delete", args=[assignment.pk]),
        reverse("admin:care_patientpathway_change", args=[pathway.pk]),
        reverse("admin:accounts_user_change", args=[world.ana.pk]),
        reverse("admin:care_careteam_change", args=[world.team_a.pk]),
    ):
        assert client.get(url).status_code == 404, url
    # A change posted to it does nothing either.
    answer = client.post(reverse("admin:care_assignment_delete", args=[assignment.pk]), {"post": "yes"})
    assert answer.status_code == 404
    assert Assignment.objects.filter(pk=assignment.pk).exists()
    # Their own patient's pages open.
    own = Assignment.objects.get(patient=world.bo)
    assert client.get(reverse("admin:care_assignment_change", args=[own.pk])).status_code == 200


@pytest.mark.parametrize("term", ["Alvarez", "ana.alvarez", "ana.alvarez@example.com"])
def test_the_patient_autocomplete_finds_only_the_teams_patients(world, as_user, term):
    params = {"app_label": "care", "model_name": "patientpathway", "field_name": "patient", "term": term}
    found = as_user(world.nurse_b).get(reverse("admin:autocomplete"), params)
    assert found.status_code == 200
    assert json.loads(found.content)["results"] == []
    found = as_user(world.nurse_a).get(reverse("admin:autocomplete"), params)
    assert [row["id"] for row in json.loads(found.content)["results"]] == [str(world.ana.pk)]


def test_the_csv_export_leaves_out_other_teams_rows_even_when_their_ids_are_posted(world, as_user):
    answer = as_user(world.nurse_a).post(
        reverse("admin:care_assignment_changelist"),
        {"action": "export_csv", "_selected_action": list(Assignment.objects.values_list("pk", flat=True))},
    )
    emails = [row[1] for row in csv.reader(io.StringIO(answer.content.decode()))][1:]
    assert emails == ["ana.alvarez@example.com"]


def test_fhir_download_of_another_teams_patient_is_404(world, as_user):
    url = reverse("admin:care_educationrecord_fhir", args=[world.ana.pk])
    assert as_user(world.nurse_b).get(url).status_code == 404
    bundle = as_user(world.nurse_a).get(url)
    assert bundle.status_code == 200
    assert json.loads(bundle.content)["resourceType"] == "Bundle"


def test_who_is_behind_lists_only_the_teams_patients_in_the_page_and_the_csv(world, as_user):
    url = reverse("admin:care_patientpathway_behind")
    client = as_user(world.nurse_a)
    page = client.get(url)
    assert [row.pathway.patient for row in page.context["rows"]] == [world.ana]
    assert "Berg" not in page.text
    rows = list(csv.reader(io.StringIO(client.get(url, {"format": "csv"}).content.decode())))
    assert [row[1] for row in rows[1:]] == ["ana.alvarez@example.com"]


def leg_pre_op_answered(page) -> int:
    return next(r.answered for r in page.context["rows"] if r.instrument.code == "nrs-leg" and r.time_point == "pre_op")


def test_the_outcome_summary_counts_only_the_teams_patients_unless_the_viewer_sees_all(world, as_user):
    url = reverse("admin:outcomes_response_summary")
    assert leg_pre_op_answered(as_user(world.nurse_a).get(url)) == 1
    assert leg_pre_op_answered(as_user(UserFactory(is_staff=True, is_superuser=True)).get(url)) == 2
    nobody = team_member(team=None, role="Medical reviewer")
    assert as_user(nobody).get(url).context["rows"] == []


NO_STEPS = {"steps-TOTAL_FORMS": 0, "steps-INITIAL_FORMS": 0}


def test_the_enrolment_form_refuses_a_patient_of_another_team(world, as_user):
    other = PathwayTemplateFactory(name="Neck")
    client = as_user(world.nurse_b)
    answer = client.post(
        reverse("admin:care_patientpathway_add"),
        {"patient": world.ana.pk, "template": other.pk, "surgery_date": "2030-01-10", **NO_STEPS},
    )
    assert answer.status_code == 200  # the form again, with the error on the patient
    assert list(answer.context["adminform"].form.errors) == ["patient"]
    assert not PatientPathway.objects.filter(patient=world.ana, template=other).exists()
    # Her own team's patient is enrolled.
    client.post(
        reverse("admin:care_patientpathway_add"),
        {"patient": world.bo.pk, "template": other.pk, "surgery_date": "2030-01-10", **NO_STEPS},
    )
    assert PatientPathway.objects.filter(patient=world.bo, template=other, added_by=world.nurse_b).exists()


def test_the_person_list_and_its_search_show_only_the_teams_patients(world, as_user):
    client = as_user(world.nurse_b)
    for term in ("Alvarez", "ana.alvarez@example.com"):
        page = client.get(reverse("admin:accounts_user_changelist"), {"q": term})
        assert list(page.context["cl"].result_list) == []
    page = client.get(reverse("admin:accounts_user_changelist"))
    assert [user.email for user in page.context["cl"].result_list] == ["bo.berg@example.com"]

"""The one selector for who a staff member may see (issue 29), and every admin of patient data using it."""

from datetime import date

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from care import services
from care.admin_scope import PatientScopedAdminMixin, patient_path
from care.models import Assignment, CareTeamStaff, PatientStep
from care.selectors import patients_visible_to, scope_to_patients, sees_all_patients
from portal.accounts.models import User
from tests.factories import (
    AssignmentFactory,
    CareTeamFactory,
    PathwayStepFactory,
    PatientFactory,
    UserFactory,
    team_member,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def teams():
    team_a, team_b = CareTeamFactory(name="A"), CareTeamFactory(name="B")
    ana, bo = PatientFactory(care_team=team_a), PatientFactory(care_team=team_b)
    return team_a, team_b, ana, bo


def test_staff_see_the_patients_of_their_teams_only(teams):
    team_a, team_b, ana, bo = teams
    nurse = team_member(team=team_a)
    assert list(patients_visible_to(nurse)) == [ana]
    CareTeamStaff.objects.create(team=team_b, user=nurse, role="coordinator")
    assert set(patients_visible_to(nurse)) == {ana, bo}


def test_a_patient_in_two_teams_is_seen_by_both_once(teams):
    team_a, team_b, ana, _ = teams
    team_b.patients.create(patient=ana)
    nurse = team_member(team=team_a)
    CareTeamStaff.objects.create(team=team_b, user=nurse, role="nurse")
    assert list(patients_visible_to(nurse).filter(pk=ana.pk)) == [ana]  # once, not once per team
    assert ana in patients_visible_to(team_member(team=team_b))


def test_superusers_see_everyone_and_nobody_else_sees_anyone_without_a_team(teams):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    assert sees_all_patients(superuser)
    assert set(patients_visible_to(superuser)) == set(User.objects.all())
    for role in ("Billing", "Medical reviewer", "Editor", "Care team"):
        assert not patients_visible_to(UserFactory(role=role, care_team=False)).exists(), role
    assert not patients_visible_to(AnonymousUser()).exists()
    inactive = UserFactory(is_staff=True, is_superuser=True, is_active=False)
    assert not patients_visible_to(inactive).exists()


def test_scope_to_patients_follows_a_path_to_the_patient(teams):
    team_a, _, ana, bo = teams
    nurse = team_member(team=team_a)
    mine, theirs = AssignmentFactory(patient=ana), AssignmentFactory(patient=bo)
    assert list(scope_to_patients(Assignment.objects.all(), nurse)) == [mine]
    assert theirs not in scope_to_patients(Assignment.objects.all(), nurse)
    for patient in (ana, bo):
        services.pathway_enrol(patient=patient, template=PathwayStepFactory().template, surgery_date=date(2030, 1, 1))
    steps = scope_to_patients(PatientStep.objects.all(), nurse, "pathway__patient")
    assert {step.pathway.patient for step in steps} == {ana}


def test_patient_path_is_read_from_meta():
    assert patient_path(apps.get_model("care", "Assignment")) == "patient"
    assert patient_path(apps.get_model("care", "PatientStep")) == "pathway__patient"
    assert patient_path(apps.get_model("outcomes", "Answer")) == "response__patient"
    assert patient_path(apps.get_model("education", "Article")) is None


def test_every_admin_of_patient_data_is_scoped_by_the_selector(teams):
    """Walks every registered admin: a model with a patient (found from `_meta`, so later models
    count too) must be scoped, and its list for a nurse of team A must hold no row of patient B."""
    team_a, _, ana, bo = teams
    nurse = team_member(team=team_a)
    request = RequestFactory().get("/admin/")
    request.user = nurse
    checked = []
    for model, model_admin in admin.site._registry.items():
        path = "pk" if model is User else patient_path(model)
        if path is None:
            continue
        assert isinstance(model_admin, PatientScopedAdminMixin), f"{model._meta.label} is patient data: scope its admin"
        rows = model_admin.get_queryset(request)
        assert not rows.filter(**{path: bo.pk}).exists(), model._meta.label
        assert "care_careteampatient" in str(rows.query), model._meta.label
        checked.append(model._meta.label_lower)
    assert {"accounts.user", "care.assignment", "outcomes.response", "estimates.savedestimate"} <= set(checked)


def test_patient_data_found_in_meta_is_reachable_only_through_scoped_admins():
    """Every model with a patient is either registered with a scoped admin, shown only as an inline
    of one, or has no admin at all (the list below says why)."""
    without_admin = {
        "care.bookmark",  # the patient's own, never shown to staff
        "care.patientstep",  # an inline of the scoped pathway admin
        "care.careteampatient",  # inlines of the team and person admins
        "outcomes.answer",  # an inline of the scoped response admin
        "insights.searchevent",  # staff see searches only counted, from 3 or more patients (issue 34)
        "insights.sectionread",  # staff see section reads only counted (issue 34)
    }
    for model in apps.get_models():
        label = model._meta.label_lower
        if patient_path(model) is None or label.startswith(("care.historical", "outcomes.historical")):
            continue
        if model._meta.object_name.startswith("Historical"):
            continue
        assert model in admin.site._registry or label in without_admin, f"{label}: scope its admin or list it here"

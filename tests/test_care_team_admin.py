"""Admin for care teams (issue 29): superusers make teams and add staff; a team's staff add their
patients (audited); a patient's page shows their teams; staff add a new patient into their team."""

import pytest
from django.urls import reverse

from care.models import CareTeam, CareTeamPatient, CareTeamStaff
from portal.accounts.models import User
from portal.audit.models import AuditEvent
from tests.factories import CareTeamFactory, PatientFactory, UserFactory, team_member

pytestmark = pytest.mark.django_db


def form_data(page, **changes) -> dict:
    """What a browser posts back from an admin change page: the form's and the inlines' current values."""
    data = {}
    forms = [page.context["adminform"].form]
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data.update({management.add_prefix(name): management[name].value() for name in management.fields})
        forms += formset.forms
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is not None and not (isinstance(value, bool) and not value):
                data[form.add_prefix(name)] = value
    data.update(changes)
    return data


@pytest.fixture
def nurse_client(client, verified_login):
    def log_in(user):
        verified_login(client, user)
        return client

    return log_in


def test_a_superuser_makes_a_team_and_adds_its_staff(client, verified_login):
    verified_login(client, UserFactory(is_staff=True, is_superuser=True))
    nurse = UserFactory(role="Care team", care_team=False, email="nina@example.com")
    answer = client.post(
        reverse("admin:care_careteam_add"),
        {
            "name": "Dr. Ada Bone's spine team",
            "staff-TOTAL_FORMS": 1,
            "staff-INITIAL_FORMS": 0,
            "staff-0-user": nurse.pk,
            "staff-0-role": "nurse",
            "patients-TOTAL_FORMS": 0,
            "patients-INITIAL_FORMS": 0,
        },
    )
    assert answer.status_code == 302, answer.text
    team = CareTeam.objects.get(name="Dr. Ada Bone's spine team")
    assert list(team.staff.values_list("user__email", "role")) == [("nina@example.com", "nurse")]
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CARE_TEAM_STAFF_CHANGED).count() == 1


def test_team_staff_add_patients_they_may_see_and_it_is_audited(nurse_client):
    team, clinic = CareTeamFactory(name="Spine"), CareTeamFactory(name="Clinic")
    nurse = team_member(team=team)
    CareTeamStaff.objects.create(team=clinic, user=nurse, role="nurse")
    patient = PatientFactory(care_team=clinic, last_name="Okafor")
    client = nurse_client(nurse)
    page = client.get(reverse("admin:care_careteam_change", args=[team.pk]))
    data = form_data(page, **{"patients-TOTAL_FORMS": 1, "patients-INITIAL_FORMS": 0, "patients-0-patient": patient.pk})
    answer = client.post(reverse("admin:care_careteam_change", args=[team.pk]), data)
    assert answer.status_code == 302, answer.text
    link = CareTeamPatient.objects.get(team=team, patient=patient)
    assert link.added_by == nurse
    event = AuditEvent.objects.get(action=AuditEvent.Action.CARE_TEAM_PATIENT_ADDED)
    assert (event.actor_id, event.target_id) == (nurse.pk, str(link.pk))


def test_team_staff_cannot_add_a_patient_they_may_not_see_nor_change_the_staff(nurse_client):
    team = CareTeamFactory(name="Spine")
    nurse = team_member(team=team)
    stranger = PatientFactory(care_team=CareTeamFactory(name="Elsewhere"))
    client = nurse_client(nurse)
    page = client.get(reverse("admin:care_careteam_change", args=[team.pk]))
    data = form_data(
        page,
        **{"patients-TOTAL_FORMS": 1, "patients-INITIAL_FORMS": 0, "patients-0-patient": stranger.pk},
        name="Renamed",
    )
    answer = client.post(reverse("admin:care_careteam_change", args=[team.pk]), data)
    assert answer.status_code == 200  # the page again, saying the choice is not valid
    assert not CareTeamPatient.objects.filter(team=team, patient=stranger).exists()
    team.refresh_from_db()
    assert team.name == "Spine"
    assert client.get(reverse("admin:care_careteam_add")).status_code == 403
    listed = client.get(reverse("admin:care_careteam_changelist")).context["cl"].result_list
    assert [t.name for t in listed] == ["Spine"]


def test_a_new_patient_added_by_team_staff_joins_the_team_chosen(nurse_client):
    team = CareTeamFactory(name="Spine")
    nurse = team_member(team=team)
    client = nurse_client(nurse)
    answer = client.post(
        reverse("admin:accounts_user_add"),
        {"email": "new.patient@example.com", "first_name": "Nia", "last_name": "New", "role": "Patient"},
    )
    assert answer.status_code == 200  # the care team is required for staff who are not superusers
    assert "care_team" in answer.context["adminform"].form.errors
    answer = client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "new.patient@example.com",
            "first_name": "Nia",
            "last_name": "New",
            "role": "Patient",
            "care_team": team.pk,
        },
    )
    assert answer.status_code == 302, answer.text
    patient = User.objects.get(email="new.patient@example.com")
    assert CareTeamPatient.objects.filter(team=team, patient=patient, added_by=nurse).exists()
    # Their page opens for the nurse and shows the team.
    page = client.get(answer.url)
    assert page.status_code == 200
    assert teams_shown(page) == ["Spine"]
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CARE_TEAM_PATIENT_ADDED, actor_id=nurse.pk).exists()


def test_a_patients_page_shows_their_teams_to_a_superuser(client, verified_login):
    patient = PatientFactory(care_team=CareTeamFactory(name="Spine"))
    CareTeamPatient.objects.create(team=CareTeamFactory(name="Pain clinic"), patient=patient)
    verified_login(client, UserFactory(is_staff=True, is_superuser=True))
    page = client.get(reverse("admin:accounts_user_change", args=[patient.pk]))
    assert teams_shown(page) == ["Pain clinic", "Spine"]


def teams_shown(page) -> list[str]:
    """The care teams in the patient page's "care teams" inline."""
    (inline,) = [i for i in page.context["inline_admin_formsets"] if i.formset.model is CareTeamPatient]
    return sorted(form.instance.team.name for form in inline.formset.initial_forms)

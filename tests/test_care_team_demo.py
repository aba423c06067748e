"""The demo's care teams (issue 29): the demo surgeon's team with a nurse and a coordinator and the
demo patients, and one patient in another team whom the team cannot see."""

from io import StringIO

import pytest
from django.core.management import call_command
from django_otp import user_has_device

from care.models import CareTeamPatient, CareTeamStaff
from care.selectors import patients_visible_to, surgeons_of
from portal.accounts.models import User


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())  # safe to run again


def test_the_demo_team_has_the_surgeon_a_nurse_a_coordinator_and_the_demo_patients(demo):
    staff = dict(CareTeamStaff.objects.values_list("user__email", "role"))
    assert staff == {
        "reviewer@example.com": "surgeon",
        "nurse@example.com": "nurse",
        "coordinator@example.com": "coordinator",
    }
    (team,) = {link.team for link in CareTeamStaff.objects.select_related("team")}
    assert set(team.patients.values_list("patient__email", flat=True)) == {
        "patient@example.com",
        "patient2@example.com",
    }
    assert [s.user.email for s in surgeons_of(patient=User.objects.get(email="patient@example.com"))] == [
        "reviewer@example.com"
    ]


def test_the_nurse_and_coordinator_log_in_like_other_demo_staff_and_see_only_their_team(demo):
    other = CareTeamPatient.objects.exclude(team__staff__user__email="nurse@example.com").get().patient
    for email in ("nurse@example.com", "coordinator@example.com"):
        user = User.objects.get(email=email)
        assert user.is_staff
        assert user.has_usable_password()
        assert user_has_device(user, confirmed=True)
        assert [group.name for group in user.groups.all()] == ["Care team"]
        visible = set(patients_visible_to(user).values_list("email", flat=True))
        assert visible == {"patient@example.com", "patient2@example.com"}
        assert other.email not in visible

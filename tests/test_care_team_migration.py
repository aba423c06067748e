"""The upgrade (issue 29): each surgeon who cared for patients ("surgeons caring for this patient")
gets a care team with their login as staff and those patients in it."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from care.models import CareTeam
from tests.conftest import restore_migration_data
from tests.factories import PatientFactory, SurgeonFactory, UserFactory

BEFORE = [("care", "0008_nothing_cascades_into_patient_records")]


@pytest.fixture(scope="module", autouse=True)
def _restore_after_the_migration_test(django_db_setup, django_db_blocker):
    """The transactional test empties every table when it ends; put back what migrations made."""
    yield
    with django_db_blocker.unblock():
        restore_migration_data()


@pytest.mark.django_db(transaction=True)
def test_surgeon_links_become_one_team_per_surgeon():
    ada_login = UserFactory(role="Medical reviewer", care_team=False)
    ada, ben = SurgeonFactory(name="Dr. Ada Bone", user=ada_login), SurgeonFactory(name="Dr. Ben Disc")
    ann, bob, cy = PatientFactory(care_team=False), PatientFactory(care_team=False), PatientFactory(care_team=False)

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("care", "CareTeamMember")
    for patient, surgeon in ((ann, ada), (bob, ada), (bob, ben), (cy, ben)):
        old.objects.create(patient_id=patient.pk, surgeon_id=surgeon.pk)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    teams = {team.name: team for team in CareTeam.objects.all()}
    assert set(teams) == {"Dr. Ada Bone's spine team", "Dr. Ben Disc's spine team"}
    ada_team, ben_team = teams["Dr. Ada Bone's spine team"], teams["Dr. Ben Disc's spine team"]
    assert (ada_team.surgeon, ben_team.surgeon) == (ada, ben)
    assert set(ada_team.patients.values_list("patient", flat=True)) == {ann.pk, bob.pk}
    assert set(ben_team.patients.values_list("patient", flat=True)) == {bob.pk, cy.pk}
    assert list(ada_team.staff.values_list("user", "role")) == [(ada_login.pk, "surgeon")]
    assert not ben_team.staff.exists()  # no login: the superuser adds the team's staff

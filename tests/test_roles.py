import pytest
from django.contrib.auth.models import Group

from portal.accounts.roles import ROLE_PERMISSIONS, Role


@pytest.mark.django_db
def test_every_role_exists_as_a_group_with_its_permissions():
    for role in Role:
        group = Group.objects.get(name=role)
        have = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert have == set(ROLE_PERMISSIONS[role])


def test_patients_cannot_use_the_admin(patient_client):
    assert patient_client.get("/admin/").status_code == 302

import pytest

from portal.accounts.roles import Role
from tests.factories import PatientFactory, UserFactory


@pytest.fixture
def patient(db):
    return PatientFactory(email="patient.a@example.com", first_name="Ana")


@pytest.fixture
def other_patient(db):
    return PatientFactory(email="patient.b@example.com", first_name="Ben")


@pytest.fixture
def editor(db):
    return UserFactory(role=Role.EDITOR)


@pytest.fixture
def reviewer(db):
    return UserFactory(role=Role.MEDICAL_REVIEWER)


@pytest.fixture
def billing(db):
    return UserFactory(role=Role.BILLING)


@pytest.fixture
def superuser(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def patient_client(client, patient):
    client.force_login(patient)
    return client

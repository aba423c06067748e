import pytest
from django.test import RequestFactory
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

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


@pytest.fixture
def verified_login(db):
    """Log `user` in on `client` with two-step login done, as the admin requires of staff.

    Gives the user a confirmed authenticator app and marks the session
    verified with django_otp's own login helper.
    """

    def login(client, user):
        device = TOTPDevice.objects.create(user=user, name="Test app", confirmed=True)
        client.force_login(user)
        request = RequestFactory().get("/")
        request.user, request.session = user, client.session
        otp_login(request, device)
        request.session.save()
        return device

    return login

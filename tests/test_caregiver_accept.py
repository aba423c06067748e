"""The caregiver accepts with their own login: a new patient-side account (the portal's password
rules) or an existing one. Staff accounts and the patient themself are refused; a link works once."""

from django.test import Client
from django.urls import reverse

from care.models import CaregiverGrant
from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.audit.models import AuditEvent
from tests.caregiver_helpers import invite
from tests.factories import PatientFactory, UserFactory


def accept_url(token):
    return reverse("care:caregiver_accept", kwargs={"token": token})


def test_a_new_caregiver_makes_an_account_and_accepts(patient_client, patient):
    grant, token = invite(patient_client, name="Sam", email="sam@example.com")
    visitor = Client()
    page = visitor.get(accept_url(token))
    assert page.status_code == 200
    assert "Ana" in page.text
    assert "sam@example.com" in page.text
    short = visitor.post(accept_url(token), {"first_name": "Sam", "new_password1": "short", "new_password2": "short"})
    assert short.status_code == 400
    assert "too short" in short.text
    password = "a long walk by the river"
    response = visitor.post(
        accept_url(token), {"first_name": "Sam", "new_password1": password, "new_password2": password}
    )
    assert response.status_code == 302
    assert response.url == reverse("care:caregiving")
    sam = User.objects.get(email="sam@example.com")
    assert sam.check_password(password)
    assert not sam.is_staff
    assert sam.has_role(Role.PATIENT)
    grant.refresh_from_db()
    assert grant.caregiver == sam
    assert grant.token_hash == ""
    assert (grant.expires_at - grant.accepted_at).days == 365
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CAREGIVER_ACCEPTED, actor_id=sam.pk).exists()
    # Logged in: their list offers the patient.
    assert "View for Ana" in visitor.get(reverse("care:caregiving")).text


def test_an_existing_account_logs_in_then_accepts(patient_client, patient):
    sam = PatientFactory(email="sam.other@example.com", first_name="Sam")
    grant, token = invite(patient_client, email="sam@example.com")
    visitor = Client()
    page = visitor.get(accept_url(token)).text
    assert f"{reverse('login')}?next=" in page
    visitor.force_login(sam)  # as the login page would, then back to the link
    assert visitor.get(accept_url(token)).status_code == 200
    assert visitor.post(accept_url(token)).status_code == 302
    grant.refresh_from_db()
    assert grant.caregiver == sam


def test_an_address_with_an_account_must_log_in(patient_client):
    PatientFactory(email="sam@example.com")
    _, token = invite(patient_client, email="sam@example.com")
    response = Client().post(
        accept_url(token), {"first_name": "X", "new_password1": "a" * 20, "new_password2": "a" * 20}
    )
    assert "Log in with it to accept" in response.text
    assert CaregiverGrant.objects.get().caregiver is None


def test_a_staff_account_cannot_be_a_caregiver(patient_client):
    grant, token = invite(patient_client)
    staff = UserFactory(role=Role.EDITOR)
    client = Client()
    client.force_login(staff)
    assert client.get(accept_url(token)).status_code == 403
    response = client.post(accept_url(token))
    assert response.status_code == 403
    assert "Clinic staff accounts cannot be caregivers" in response.text
    grant.refresh_from_db()
    assert grant.caregiver is None


def test_the_patient_cannot_accept_their_own_invitation(patient_client):
    grant, token = invite(patient_client)
    assert patient_client.post(accept_url(token)).status_code == 403
    grant.refresh_from_db()
    assert grant.caregiver is None


def test_a_link_works_once_and_a_made_up_one_not_at_all(patient_client):
    _, token = invite(patient_client)
    first = Client()
    first.force_login(PatientFactory(email="sam@example.com"))
    assert first.post(accept_url(token)).status_code == 302
    second = Client()
    second.force_login(PatientFactory(email="someone@example.com"))
    assert second.get(accept_url(token)).status_code == 404
    assert second.post(accept_url(token)).status_code == 404
    assert Client().get(accept_url("made-up")).status_code == 404
    assert CaregiverGrant.objects.get().caregiver.email == "sam@example.com"


def test_a_withdrawn_invitation_cannot_be_accepted(patient_client, patient):
    grant, token = invite(patient_client)
    assert patient_client.post(reverse("care:caregiver_revoke", args=[grant.pk])).status_code == 302
    client = Client()
    client.force_login(PatientFactory(email="sam@example.com"))
    assert client.post(accept_url(token)).status_code == 404

"""The patient invites a caregiver from My page: the grant keeps only a hash of the link's token,
the email goes in the patient's language, and bad input is a 400 saying what to do."""

import hashlib

from django.core import mail
from django.urls import reverse

from care.models import CaregiverGrant
from portal.audit.models import AuditEvent
from tests.caregiver_helpers import invite


def test_my_page_links_to_sharing(patient_client):
    page = patient_client.get(reverse("care:my_page")).text
    assert reverse("care:caregivers") in page
    assert "Share with a family member or caregiver" in page


def test_the_invitation_stores_a_hash_and_emails_a_link(patient_client, patient):
    grant, token = invite(patient_client, name="Sam", email="Sam@Example.COM", may_ask_questions=True)
    assert grant.patient == patient
    assert grant.email == "sam@example.com"  # normalised
    assert grant.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in grant.token_hash
    assert (grant.may_ask_questions, grant.may_tick_steps_and_mark_read, grant.may_see_estimates) == (
        True,
        False,
        False,
    )
    [email] = mail.outbox
    assert email.to == ["sam@example.com"]
    assert "Ana" in email.subject
    assert f"/caregiver/accept/{token}/" in email.body
    assert "14 days" in email.body
    event = AuditEvent.objects.get(action=AuditEvent.Action.CAREGIVER_INVITED)
    assert event.actor_id == patient.pk
    assert event.target_id == str(grant.pk)
    assert "token_hash" not in event.detail


def test_the_invitation_is_in_spanish_when_the_patient_reads_in_spanish(patient_client, patient):
    patient.preferred_language = "es"
    patient.save()
    response = patient_client.post(reverse("care:caregiver_invite"), {"name": "Sam", "email": "sam@example.com"})
    assert response.status_code == 302
    grant = CaregiverGrant.objects.get()
    assert grant.language == "es"
    assert "cuidado" in mail.outbox[0].subject


def test_bad_input_is_a_400_saying_what_to_do(patient_client, patient):
    response = patient_client.post(reverse("care:caregiver_invite"), {"name": "", "email": "not an address"})
    assert response.status_code == 400
    assert CaregiverGrant.objects.count() == 0
    own = patient_client.post(reverse("care:caregiver_invite"), {"name": "Me", "email": patient.email})
    assert own.status_code == 400
    assert "your own email address" in own.text
    assert mail.outbox == []


def test_the_sharing_page_lists_who_has_access_and_what_they_may_do(patient_client):
    invite(patient_client, name="Sam", may_see_estimates=True)
    page = patient_client.get(reverse("care:caregivers")).text
    assert "Sam" in page
    assert "Invited, not accepted yet" in page
    assert "May see your saved cost estimates" in page
    assert "May send questions" not in page

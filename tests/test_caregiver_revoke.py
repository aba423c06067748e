"""The patient stays in control: one button (with "Are you sure?") ends the access, and the
caregiver's very next request for that patient is refused. Expired access is refused too."""

from django.urls import reverse

from care import access
from care.models import CaregiverGrant
from portal.audit.models import AuditEvent
from tests.caregiver_helpers import caregiver_client, expire, grant_for


def test_revoking_asks_first_then_refuses_the_next_request(patient, patient_client):
    grant = grant_for(patient)
    client = caregiver_client(grant)
    assert client.get(reverse("care:my_page")).status_code == 200

    confirm = patient_client.get(reverse("care:caregiver_revoke", args=[grant.pk]))
    assert confirm.status_code == 200
    assert "Yes, stop sharing" in confirm.text
    grant.refresh_from_db()
    assert grant.revoked_at is None  # asking changes nothing
    assert patient_client.post(reverse("care:caregiver_revoke", args=[grant.pk])).status_code == 302

    assert client.get(reverse("care:my_page")).status_code == 404
    assert access.ACTING_FOR not in client.session
    # Then they are on their own page, which holds nothing of the patient's.
    own = client.get(reverse("care:my_page"))
    assert own.status_code == 200
    assert "You are viewing for" not in own.text
    assert client.post(reverse("care:caregiving_switch"), {"patient": patient.pk}).status_code == 404
    grant.refresh_from_db()
    assert grant.revoked_by == patient
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CAREGIVER_REVOKED, target_id=str(grant.pk)).exists()


def test_revoke_is_post_and_the_patients_own(patient, other_patient, client):
    grant = grant_for(patient)
    client.force_login(other_patient)
    assert client.get(reverse("care:caregiver_revoke", args=[grant.pk])).status_code == 404
    assert client.post(reverse("care:caregiver_revoke", args=[grant.pk])).status_code == 404
    assert client.post(reverse("care:caregiver_renew", args=[grant.pk])).status_code == 404
    assert client.get(reverse("care:caregiver_detail", args=[grant.pk])).status_code == 404
    assert CaregiverGrant.objects.get().revoked_at is None


def test_expired_access_is_refused_and_renewing_brings_it_back(patient, patient_client):
    grant = grant_for(patient)
    client = caregiver_client(grant)
    expire(grant)
    assert client.get(reverse("care:packet")).status_code == 404
    assert "Expired" in patient_client.get(reverse("care:caregivers")).text
    assert patient_client.post(reverse("care:caregiver_renew", args=[grant.pk])).status_code == 302
    grant.refresh_from_db()
    assert grant.is_active()
    assert client.post(reverse("care:caregiving_switch"), {"patient": patient.pk}).status_code == 302
    assert client.get(reverse("care:packet")).status_code == 200


def test_ended_access_cannot_be_renewed_or_changed(patient, patient_client):
    grant = grant_for(patient)
    patient_client.post(reverse("care:caregiver_revoke", args=[grant.pk]))
    patient_client.post(reverse("care:caregiver_renew", args=[grant.pk]))
    patient_client.post(reverse("care:caregiver_detail", args=[grant.pk]), {"may_see_estimates": ""})
    grant.refresh_from_db()
    assert grant.revoked_at is not None
    assert grant.may_see_estimates
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.CAREGIVER_RENEWED).exists()


def test_the_patient_changes_what_a_caregiver_may_do(patient, patient_client):
    grant = grant_for(patient)
    response = patient_client.post(
        reverse("care:caregiver_detail", args=[grant.pk]),
        {"may_tick_steps_and_mark_read": "on", "may_ask_questions": "on"},
    )
    assert response.status_code == 302
    grant.refresh_from_db()
    assert not grant.may_see_estimates
    assert not grant.send_reminders_to_caregiver
    event = AuditEvent.objects.get(action=AuditEvent.Action.CAREGIVER_CHANGED)
    assert event.detail["may_see_estimates"] == [True, False]
    client = caregiver_client(grant)
    assert client.get(reverse("estimates:saved_list")).status_code == 404


def test_a_caregiver_whose_access_ended_can_still_log_out(patient, patient_client):
    grant = grant_for(patient)
    client = caregiver_client(grant)
    patient_client.post(reverse("care:caregiver_revoke", args=[grant.pk]))
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_patient_whose_account_is_turned_off_shares_nothing(patient):
    grant = grant_for(patient)
    client = caregiver_client(grant)
    patient.is_active = False
    patient.save()
    assert client.get(reverse("care:my_page")).status_code == 404

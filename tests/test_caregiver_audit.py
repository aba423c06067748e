"""Every grant, change, renewal, use and revocation is in the audit trail, and the patient sees
a plain list of what their caregiver looked at and did."""

from django.urls import reverse

from care import caregivers
from portal.audit.models import AuditEvent
from tests.caregiver_helpers import caregiver_client, grant_for
from tests.factories import AssignmentFactory


def test_each_step_of_the_life_cycle_is_audited(patient, patient_client):
    grant = grant_for(patient)
    client = caregiver_client(grant)
    client.get(reverse("care:my_page"))
    client.get(reverse("care:packet"))
    client.get(reverse("outcomes:scores"))  # refused: audited as refused
    patient_client.post(reverse("care:caregiver_detail", args=[grant.pk]), {"may_ask_questions": "on"})
    patient_client.post(reverse("care:caregiver_renew", args=[grant.pk]))
    patient_client.post(reverse("care:caregiver_revoke", args=[grant.pk]))
    events = AuditEvent.objects.filter(target_type="care.caregivergrant", target_id=str(grant.pk)).order_by("pk")
    actions = [event.action for event in events]
    assert actions == [
        AuditEvent.Action.CAREGIVER_ACCEPTED,
        AuditEvent.Action.CAREGIVER_PAGE_USED,
        AuditEvent.Action.CAREGIVER_PAGE_USED,
        AuditEvent.Action.CAREGIVER_REFUSED,
        AuditEvent.Action.CAREGIVER_CHANGED,
        AuditEvent.Action.CAREGIVER_RENEWED,
        AuditEvent.Action.CAREGIVER_REVOKED,
    ]
    used = events.filter(action=AuditEvent.Action.CAREGIVER_PAGE_USED).first()
    assert used.actor_id == grant.caregiver_id
    assert used.detail["page"] == "care:my_page"
    assert used.detail["patient"] == patient.pk


def test_the_patient_sees_what_the_caregiver_looked_at_and_did(patient, patient_client):
    grant = grant_for(patient)
    assignment = AssignmentFactory(patient=patient)
    client = caregiver_client(grant)
    client.get(reverse("care:my_page"))
    client.post(reverse("care:assignment_finish", args=[assignment.pk]))
    page = patient_client.get(reverse("care:caregiver_detail", args=[grant.pk])).text
    assert "Looked at your page" in page
    assert "Marked an article read" in page
    assert "Accepted the invitation" in page
    finished = AuditEvent.objects.get(action=AuditEvent.Action.ASSIGNMENT_FINISHED)
    assert finished.detail == {"caregiver": grant.caregiver_id}


def test_the_log_is_the_grants_own(patient, other_patient):
    mine = grant_for(patient)
    theirs = grant_for(other_patient)
    caregiver_client(theirs).get(reverse("care:my_page"))
    assert [entry["what"] for entry in caregivers.grant_log(grant=mine)] == ["Accepted the invitation"]

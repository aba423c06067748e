"""Staff see a patient's caregivers on the patient's admin page and may end a grant with a reason
(audited); nobody adds or deletes grants in the admin."""

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from care.models import PatientQuestion
from portal.audit.models import AuditEvent
from tests.caregiver_helpers import caregiver_client, grant_for
from tests.factories import AssignmentFactory, CareTeamFactory, team_member


def test_the_patients_admin_page_lists_their_caregivers(client, reviewer, patient, verified_login):
    grant = grant_for(patient, all_scopes=False, may_ask_questions=True)
    verified_login(client, reviewer)
    page = client.get(reverse("admin:accounts_user_change", args=[patient.pk])).text
    assert grant.name in page
    assert grant.email in page
    assert "Send questions to the care team" in page
    assert reverse("admin:care_caregivergrant_change", args=[grant.pk]) in page


def test_staff_end_a_grant_with_a_reason(client, reviewer, patient, verified_login):
    grant = grant_for(patient)
    caregiver = caregiver_client(grant)
    verified_login(client, reviewer)
    changelist = reverse("admin:care_caregivergrant_changelist")
    data = {"action": "end_caregiver_access", ACTION_CHECKBOX_NAME: [grant.pk]}
    asked = client.post(changelist, data)
    assert asked.status_code == 200
    assert "Why the access ends" in asked.text
    no_reason = client.post(changelist, {**data, "apply": "1", "reason": " "})
    assert no_reason.status_code == 200
    grant.refresh_from_db()
    assert grant.revoked_at is None
    done = client.post(changelist, {**data, "apply": "1", "reason": "The patient asked us by phone."})
    assert done.status_code == 302
    grant.refresh_from_db()
    assert grant.revoked_at is not None
    assert grant.revoked_by == reviewer
    assert grant.revoke_reason == "The patient asked us by phone."
    event = AuditEvent.objects.get(action=AuditEvent.Action.CAREGIVER_REVOKED)
    assert event.actor_id == reviewer.pk
    assert event.detail == {"by": "staff", "reason": "The patient asked us by phone."}
    assert caregiver.get(reverse("care:my_page")).status_code == 404


def test_reading_a_grant_is_audited_and_nobody_adds_or_deletes(client, reviewer, patient, verified_login):
    grant = grant_for(patient)
    verified_login(client, reviewer)
    assert client.get(reverse("admin:care_caregivergrant_change", args=[grant.pk])).status_code == 200
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.PATIENT_DATA_READ, target_id=str(grant.pk), actor_id=reviewer.pk
    ).exists()
    assert client.get(reverse("admin:care_caregivergrant_add")).status_code == 403
    assert client.get(reverse("admin:care_caregivergrant_delete", args=[grant.pk])).status_code == 403


def test_staff_see_which_question_a_caregiver_sent(client, reviewer, patient, verified_login):
    grant = grant_for(patient)
    assignment = AssignmentFactory(patient=patient)
    caregiver_client(grant).post(reverse("care:assignment_question", args=[assignment.pk]), {"text": "Can he drive?"})
    question = PatientQuestion.objects.get()
    verified_login(client, reviewer)
    page = client.get(reverse("admin:care_patientquestion_change", args=[question.pk])).text
    assert f"done by {grant.caregiver}, caregiver" in page


def test_staff_of_another_care_team_neither_see_nor_end_the_grant(client, patient, verified_login):
    grant = grant_for(patient)  # the patient is on the default team
    outsider = team_member(team=CareTeamFactory(name="Another team"), email="nurse.b@example.com")
    verified_login(client, outsider)
    assert client.get(reverse("admin:care_caregivergrant_change", args=[grant.pk])).status_code == 404
    listed = client.get(reverse("admin:care_caregivergrant_changelist")).context["cl"].result_list
    assert list(listed) == []
    changelist = reverse("admin:care_caregivergrant_changelist")
    data = {"action": "end_caregiver_access", ACTION_CHECKBOX_NAME: [grant.pk], "apply": "1", "reason": "No."}
    client.post(changelist, data)
    grant.refresh_from_db()
    assert grant.revoked_at is None


def test_a_nurse_on_the_patients_team_ends_a_grant(client, patient, verified_login):
    grant = grant_for(patient)
    nurse = team_member(team=patient.care_teams.get().team, email="nurse.a@example.com")
    verified_login(client, nurse)
    changelist = reverse("admin:care_caregivergrant_changelist")
    data = {
        "action": "end_caregiver_access",
        ACTION_CHECKBOX_NAME: [grant.pk],
        "apply": "1",
        "reason": "Asked by phone.",
    }
    assert client.post(changelist, data).status_code == 302
    grant.refresh_from_db()
    assert grant.revoked_by == nurse

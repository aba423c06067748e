"""Staff powers: previews need two-step login, staff enrol only from their invitation link,
only superusers make staff, invitations never reach an account in use, email changes are told."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from care.models import PatientQuestion
from education.models import Article
from estimates.models import SavedEstimate
from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.audit.models import AuditEvent
from tests.factories import PASSWORD, ArticleFactory, AssignmentFactory, default_care_team

pytestmark = pytest.mark.django_db


def user_change_data(client, user, **changes):
    """The user's change form as a browser posts it, inline formsets empty, with `changes`."""
    page = client.get(reverse("admin:accounts_user_change", args=[user.pk]))
    data = {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "is_active": "on",
        "text_size": user.text_size,
    }
    for inline in page.context["inline_admin_formsets"]:
        data.update({f"{inline.formset.prefix}-TOTAL_FORMS": 0, f"{inline.formset.prefix}-INITIAL_FORMS": 0})
    data.update(changes)
    return data


def invite(client, superuser, verified_login, user):
    verified_login(client, superuser)
    client.post(reverse("admin:accounts_user_changelist"), {"action": "send_invitation", "_selected_action": [user.pk]})
    client.logout()
    return re.search(r"http://testserver(/accounts/invite/\S+)", mail.outbox[-1].body).group(1)


# Previews ---------------------------------------------------------------------


def test_a_password_only_staff_session_cannot_preview_drafts(client, editor):
    draft = ArticleFactory(status=Article.Status.DRAFT)
    client.force_login(editor)  # password, no second step
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_a_verified_staff_session_previews_drafts(client, editor, verified_login):
    draft = ArticleFactory(status=Article.Status.DRAFT)
    verified_login(client, editor)
    assert client.get(draft.get_absolute_url()).status_code == 200


# First enrolment -----------------------------------------------------------------


def test_staff_cannot_enrol_an_app_with_a_password_alone(client, editor):
    client.post(reverse("login"), {"username": editor.email, "password": PASSWORD})
    response = client.get(reverse("two_factor_setup"))
    assert response.status_code == 403
    assert "Ask a superuser to reset your two-step login" in response.text
    assert client.post(reverse("two_factor_setup"), {"code": "123456"}).status_code == 403
    assert not TOTPDevice.objects.filter(user=editor).exists()


def test_staff_enrol_from_their_invitation_link(client, superuser, verified_login):
    staff = User.objects.create_user("new.editor@example.com", is_staff=True)
    staff.groups.add(Group.objects.get(name=Role.EDITOR))
    link = invite(client, superuser, verified_login, staff)
    form_url = client.get(link).url
    chosen = "a-long-staff-passphrase-1"
    response = client.post(form_url, {"new_password1": chosen, "new_password2": chosen})
    assert response.url.startswith(reverse("two_factor_setup"))
    assert client.get(response.url).status_code == 200
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    assert client.post(reverse("two_factor_setup"), {"code": code}).status_code == 200
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_superusers_reset_removes_the_devices_and_sends_a_new_invitation(client, editor, superuser, verified_login):
    TOTPDevice.objects.create(user=editor, name="Lost phone", confirmed=True)
    StaticDevice.objects.create(user=editor, name="Recovery codes", confirmed=True)
    verified_login(client, superuser)
    client.post(
        reverse("admin:accounts_user_changelist"), {"action": "reset_two_factor", "_selected_action": [editor.pk]}
    )
    editor.refresh_from_db()
    assert not editor.has_usable_password()
    assert not TOTPDevice.objects.filter(user=editor).exists()
    assert not StaticDevice.objects.filter(user=editor).exists()
    assert mail.outbox[-1].to == [editor.email]
    deleted = AuditEvent.objects.filter(action=AuditEvent.Action.TWO_FACTOR_DEVICE_DELETED, target_id=str(editor.pk))
    assert sorted(event.detail["device"] for event in deleted) == ["authenticator app", "recovery codes"]
    assert all(event.actor_email == superuser.email for event in deleted)


def test_only_superusers_may_reset_two_step_login(client, reviewer, patient, verified_login):
    verified_login(client, reviewer)
    page = client.get(reverse("admin:accounts_user_changelist")).text
    assert "reset_two_factor" not in page
    response = client.post(
        reverse("admin:accounts_user_changelist"), {"action": "reset_two_factor", "_selected_action": [patient.pk]}
    )
    assert response.status_code == 302  # "No action selected": Django refuses an action the user may not run
    patient.refresh_from_db()
    assert patient.has_usable_password()


def test_deleting_a_device_in_the_admin_is_audited(client, editor, superuser, verified_login):
    device = TOTPDevice.objects.create(user=editor, name="Phone", confirmed=True)
    verified_login(client, superuser)
    client.post(reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"})
    event = AuditEvent.objects.get(action=AuditEvent.Action.TWO_FACTOR_DEVICE_DELETED)
    assert (event.actor_email, event.target_label, event.detail["device"]) == (
        superuser.email,
        str(editor),
        "authenticator app",
    )


# Who may make staff ----------------------------------------------------------------


def test_a_reviewer_may_add_patients_only(client, reviewer, verified_login):
    verified_login(client, reviewer)
    form = client.get(reverse("admin:accounts_user_add")).context["adminform"].form
    assert [value for value, _ in form.fields["role"].choices] == [Role.PATIENT]
    response = client.post(
        reverse("admin:accounts_user_add"), {"email": "sneaky@example.com", "role": Role.MEDICAL_REVIEWER}
    )
    assert response.status_code == 200
    assert not User.objects.filter(email="sneaky@example.com").exists()
    # Into one of the reviewer's care teams (issue 29), so the new patient stays in their sight.
    new_patient = {"email": "new.patient@example.com", "role": "Patient", "care_team": default_care_team().pk}
    response = client.post(reverse("admin:accounts_user_add"), new_patient)
    assert response.status_code == 302
    added = User.objects.get(email="new.patient@example.com")
    assert added.is_patient
    assert not added.is_staff


def test_a_superuser_adds_staff_and_the_audit_names_the_role(client, superuser, verified_login):
    verified_login(client, superuser)
    response = client.post(reverse("admin:accounts_user_add"), {"email": "biller@example.com", "role": Role.BILLING})
    assert response.status_code == 302
    event = AuditEvent.objects.get(action=AuditEvent.Action.USER_ADDED)
    assert event.detail["roles"] == [Role.BILLING]
    assert event.detail["staff"] is True


def test_a_role_change_is_audited_with_the_new_role(client, superuser, patient, verified_login):
    verified_login(client, superuser)
    url = reverse("admin:accounts_user_change", args=[patient.pk])
    data = user_change_data(client, patient, groups=[Group.objects.get(name=Role.EDITOR).pk], is_staff="on")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = AuditEvent.objects.get(action=AuditEvent.Action.USER_CHANGED)
    assert event.detail["roles"] == [Role.EDITOR]


# Invitations and email changes ---------------------------------------------------------


def test_an_invitation_is_not_sent_to_an_account_with_a_password(client, reviewer, patient, verified_login):
    verified_login(client, reviewer)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "send_invitation", "_selected_action": [patient.pk]},
        follow=True,
    )
    assert mail.outbox == []
    assert "already has a password" in response.text
    assert AuditEvent.objects.filter(action=AuditEvent.Action.INVITATION_REFUSED, target_id=str(patient.pk)).exists()


def test_invitations_sent_are_audited(client, reviewer, verified_login):
    invited = User.objects.create_user("invited@example.com")
    invited.groups.add(Group.objects.get(name=Role.PATIENT))
    default_care_team().patients.create(patient=invited)  # the reviewer's care team (issue 29)
    verified_login(client, reviewer)
    client.post(
        reverse("admin:accounts_user_changelist"), {"action": "send_invitation", "_selected_action": [invited.pk]}
    )
    assert len(mail.outbox) == 1
    event = AuditEvent.objects.get(action=AuditEvent.Action.INVITATION_SENT)
    assert (event.actor_email, event.target_id) == (reviewer.email, str(invited.pk))


def test_changing_an_email_tells_the_old_address(
    client, reviewer, patient, verified_login, django_capture_on_commit_callbacks
):
    old = patient.email
    verified_login(client, reviewer)
    data = user_change_data(client, patient, email="reviewer.own@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:accounts_user_change", args=[patient.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert [message.to for message in mail.outbox] == [[old]]
    assert "If you did not ask for this change" in mail.outbox[0].body
    event = AuditEvent.objects.get(action=AuditEvent.Action.EMAIL_CHANGED)
    assert old not in str(event.detail)
    assert event.actor_email == reviewer.email


# Superusers reading patients' own data ---------------------------------------------------------


def test_opening_a_patients_saved_estimate_or_question_is_audited(client, superuser, patient, verified_login, schedule):
    estimate = SavedEstimate.objects.create(
        patient=patient, fee_schedule=schedule, coverage="medicare", inputs={}, result={}, total_patient_pays=0
    )
    assignment = AssignmentFactory(patient=patient)
    question = PatientQuestion.objects.create(patient=patient, assignment=assignment, text="Can I drive?")
    verified_login(client, superuser)
    assert client.get(reverse("admin:estimates_savedestimate_change", args=[estimate.pk])).status_code == 200
    assert client.get(reverse("admin:care_patientquestion_change", args=[question.pk])).status_code == 200
    viewed = AuditEvent.objects.filter(action=AuditEvent.Action.PATIENT_DATA_VIEWED)
    assert sorted(event.target_type for event in viewed) == ["care.patientquestion", "estimates.savedestimate"]


def test_the_first_superuser_sets_up_from_a_link_printed_on_the_server(client):
    from io import StringIO

    from django.core.management import call_command

    User.objects.create_superuser("first.admin@example.com", "a-password-typed-at-creation")
    out = StringIO()
    call_command("setup_link", "first.admin@example.com", "--base-url", "http://testserver", stdout=out)
    link = out.getvalue().strip().removeprefix("http://testserver")
    form_url = client.get(link).url
    chosen = "the-first-admins-passphrase"
    response = client.post(form_url, {"new_password1": chosen, "new_password2": chosen})
    assert response.url.startswith(reverse("two_factor_setup"))
    assert client.get(response.url).status_code == 200
    assert AuditEvent.objects.filter(action=AuditEvent.Action.INVITATION_SENT, detail__via="shell").exists()


# No takeover through an email change (issue 28) ---------------------------------------------------------


def test_staff_cannot_change_the_email_of_an_account_that_has_logged_in(client, reviewer, patient, verified_login):
    Client().post(reverse("login"), {"username": patient.email, "password": PASSWORD})
    patient.refresh_from_db()
    assert patient.last_login is not None
    verified_login(client, reviewer)
    data = user_change_data(client, patient, email="reviewer.own@example.com")
    client.post(reverse("admin:accounts_user_change", args=[patient.pk]), data)
    patient.refresh_from_db()
    assert patient.email == "patient.a@example.com"
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EMAIL_CHANGED).exists()


def test_a_superuser_changes_it_only_with_a_reason_and_the_account_is_reset(
    client, superuser, patient, verified_login, django_capture_on_commit_callbacks
):
    patient_client = Client()
    patient_client.post(reverse("login"), {"username": patient.email, "password": PASSWORD})
    TOTPDevice.objects.create(user=patient, name="phone", confirmed=True)
    verified_login(client, superuser)
    url = reverse("admin:accounts_user_change", args=[patient.pk])
    data = user_change_data(client, patient, email="new.address@example.com")
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "Say why their email address changes" in refused.text
    data["email_change_reason"] = "Patient called from the number on file; old inbox closed."
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302
    patient.refresh_from_db()
    assert patient.email == "new.address@example.com"
    assert not patient.has_usable_password()
    assert not TOTPDevice.objects.filter(user=patient).exists()
    event = AuditEvent.objects.get(action=AuditEvent.Action.EMAIL_CHANGED)
    assert event.detail["reason"].startswith("Patient called")
    assert patient_client.get(reverse("care:my_page")).status_code == 302  # their session has ended
    assert sorted(message.to[0] for message in mail.outbox) == ["new.address@example.com", "patient.a@example.com"]

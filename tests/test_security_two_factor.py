"""Two-step login: staff must set up an authenticator app before the admin opens; patients may."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.audit.models import AuditEvent
from portal.middleware import TWO_FACTOR_ENROL
from tests.factories import PASSWORD


def code_for(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def allow_enrolment(client):
    """What logging in through the invitation link does (see tests/test_security_staff_powers.py)."""
    session = client.session
    session[TWO_FACTOR_ENROL] = True
    session.save()


def test_staff_without_an_app_are_sent_from_the_admin_to_setup(client, editor):
    client.force_login(editor)
    allow_enrolment(client)
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("two_factor_setup"))
    assert "<svg" in response.text  # the QR code, drawn on the server
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    assert response.context["secret"] in response.text
    assert escape(device.config_url) in response.text


def test_logging_in_at_the_admin_leads_to_setup(client, editor):
    response = client.post(
        reverse("admin:login") + "?next=/admin/", {"username": editor.email, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0].startswith(reverse("two_factor_setup"))
    assert client.get(reverse("admin:index")).status_code == 302


def test_a_correct_code_turns_it_on_shows_recovery_codes_and_opens_the_admin(client, editor):
    client.force_login(editor)
    allow_enrolment(client)
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=editor)
    response = client.post(reverse("two_factor_setup") + "?next=/admin/", {"code": code_for(device)})
    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == 10
    assert all(code in response.text for code in codes)
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("admin:index")).status_code == 200
    assert AuditEvent.objects.filter(action=AuditEvent.Action.TWO_FACTOR_ENABLED, actor_id=editor.pk).exists()


def test_a_wrong_setup_code_says_what_to_check(client, editor):
    client.force_login(editor)
    allow_enrolment(client)
    client.get(reverse("two_factor_setup"))
    response = client.post(reverse("two_factor_setup"), {"code": "000000"})
    assert "Check that your phone shows the right time" in response.text
    assert not TOTPDevice.objects.get(user=editor).confirmed
    assert client.get(reverse("admin:index")).status_code == 302


@pytest.fixture
def editor_with_app(editor):
    return TOTPDevice.objects.create(user=editor, name="Phone", confirmed=True)


def test_staff_with_an_app_enter_a_code_after_the_password(client, editor, editor_with_app):
    client.post(reverse("login"), {"username": editor.email, "password": PASSWORD})
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("two_factor_verify"))
    # With an app set up, every page waits for the code, not only the admin.
    assert client.get(reverse("education:article_list")).url.startswith(reverse("two_factor_verify"))
    response = client.post(reverse("two_factor_verify") + "?next=/admin/", {"code": code_for(editor_with_app)})
    assert response.url == "/admin/"
    assert client.get(reverse("admin:index")).status_code == 200
    assert AuditEvent.objects.filter(action=AuditEvent.Action.TWO_FACTOR_VERIFIED, detail__method="app").exists()


def test_a_wrong_code_is_refused_and_audited(client, editor, editor_with_app):
    client.post(reverse("login"), {"username": editor.email, "password": PASSWORD})
    response = client.post(reverse("two_factor_verify"), {"code": "123456"})
    assert response.status_code == 200
    assert "That code is not right" in response.text
    assert client.get(reverse("admin:index")).status_code == 302
    assert AuditEvent.objects.filter(action=AuditEvent.Action.TWO_FACTOR_FAILED).exists()


def test_a_recovery_code_works_once(editor, editor_with_app):
    from portal.accounts.two_factor import recovery_codes_create

    code = recovery_codes_create(editor)[0]
    first, second = Client(), Client()
    for browser in (first, second):
        browser.post(reverse("login"), {"username": editor.email, "password": PASSWORD})
    assert first.post(reverse("two_factor_verify"), {"code": code}).status_code == 302
    assert first.get(reverse("admin:index")).status_code == 200
    assert second.post(reverse("two_factor_verify"), {"code": code}).status_code == 200
    assert StaticToken.objects.filter(device__user=editor).count() == 9


def test_the_verify_page_refuses_to_send_people_off_site(client, editor, editor_with_app):
    client.post(reverse("login"), {"username": editor.email, "password": PASSWORD})
    response = client.post(
        reverse("two_factor_verify") + "?next=https://evil.example/", {"code": code_for(editor_with_app)}
    )
    assert response.url == reverse("home")


def test_two_step_login_is_optional_for_patients(patient_client):
    assert patient_client.get(reverse("care:my_page")).status_code == 200
    assert patient_client.get(reverse("two_factor_setup")).status_code == 200


def test_a_patient_who_turned_it_on_is_asked_for_a_code_at_login(client, patient):
    TOTPDevice.objects.create(user=patient, name="Phone", confirmed=True)
    client.post(reverse("login"), {"username": patient.email, "password": PASSWORD})
    response = client.get(reverse("care:my_page"))
    assert response.url.startswith(reverse("two_factor_verify"))
    # Logging out stays possible half-way through.
    assert client.post(reverse("logout")).status_code == 302


def test_patients_never_reach_the_admin_even_with_a_verified_app(client, patient, verified_login):
    verified_login(client, patient)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))

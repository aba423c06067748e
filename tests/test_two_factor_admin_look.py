"""Staff see the two-step login pages in the admin's look and language (issue 34); patients keep the
patient site's page with its language switch."""

from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice


def log_in_password_only(client, user):
    TOTPDevice.objects.create(user=user, name="App", confirmed=True)
    client.force_login(user)
    assert client.session[SESSION_KEY]


def test_staff_get_the_admins_look(client, editor):
    log_in_password_only(client, editor)
    html = client.get(reverse("two_factor_verify"), {"next": "/admin/"}).text
    assert 'id="site-name"' in html  # the admin's header
    assert "Enter your code" in html
    assert 'action="/language/"' not in html  # not the patient site's switch


def test_staff_pages_speak_the_admin_language_not_the_patient_sites(client, editor):
    editor.preferred_language = "en"
    editor.admin_language = "es"
    editor.save()
    log_in_password_only(client, editor)
    response = client.get(reverse("two_factor_verify"), {"next": "/admin/"})
    assert response["Content-Language"] == "es"
    assert "Escriba su código" in response.text


def test_patients_keep_the_patient_page(client, patient):
    log_in_password_only(client, patient)
    html = client.get(reverse("two_factor_verify"), {"next": "/me/"}).text
    assert 'id="site-name"' not in html
    assert "Enter your code" in html

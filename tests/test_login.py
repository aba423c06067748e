import pytest
from django.urls import reverse

from tests.factories import PASSWORD


@pytest.mark.django_db
def test_login_page_welcomes_anonymous_visitors(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "Forgot your password?" in response.text
    assert 'autocomplete="email"' in response.text


def test_patient_logs_in_with_email_in_any_case(client, patient):
    response = client.post(reverse("login"), {"username": "PATIENT.A@example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.get(reverse("home")).context["user"] == patient


def test_wrong_password_gets_plain_message_and_no_session(client, patient):
    response = client.post(reverse("login"), {"username": patient.email, "password": "wrong-password-here"})
    assert response.status_code == 200
    assert "do not match our records" in response.text
    assert "_auth_user_id" not in client.session


def test_login_returns_to_the_page_asked_for(client, patient):
    response = client.post(
        reverse("login") + "?next=/accounts/password/change/", {"username": patient.email, "password": PASSWORD}
    )
    assert response.url == "/accounts/password/change/"


def test_login_refuses_to_redirect_off_site(client, patient):
    response = client.post(
        reverse("login") + "?next=https://evil.example/", {"username": patient.email, "password": PASSWORD}
    )
    assert response.url == reverse("home")

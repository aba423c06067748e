import re

from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD


def test_reset_emails_a_one_time_link_that_sets_a_new_password(client, patient):
    response = client.post(reverse("password_reset"), {"email": patient.email})
    assert response.url == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/password/reset/\S+)", mail.outbox[0].body).group(1)

    form_url = client.get(link).url  # Django swaps the token for a session marker
    response = client.post(form_url, {"new_password1": "a-new-long-password", "new_password2": "a-new-long-password"})
    assert response.url == reverse("password_reset_complete")
    patient.refresh_from_db()
    assert patient.check_password("a-new-long-password")
    assert not patient.check_password(PASSWORD)
    # Used once, the link no longer works.
    assert "This link no longer works" in client.get(link, follow=True).text


def test_reset_does_not_reveal_whether_an_address_has_an_account(client, db):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.com"})
    assert response.url == reverse("password_reset_done")
    assert mail.outbox == []


def test_password_change_needs_the_old_password(patient_client, patient):
    response = patient_client.post(
        reverse("password_change"),
        {"old_password": "not-it", "new_password1": "another-long-password", "new_password2": "another-long-password"},
    )
    assert response.status_code == 200
    assert "old password was entered incorrectly" in response.text
    patient.refresh_from_db()
    assert patient.check_password(PASSWORD)


def test_short_passwords_are_refused(patient_client):
    response = patient_client.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": "short1", "new_password2": "short1"}
    )
    assert "at least 12 characters" in response.text


def test_the_reset_request_does_the_same_work_for_known_and_unknown_addresses(
    client, patient, settings, django_assert_num_queries
):
    """The request only queues the address; the worker looks it up and sends. So timing reveals nothing."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import default_task_backend

    url = reverse("password_reset")
    client.get(url)
    for email in (patient.email, "nobody@example.com"):
        with django_assert_num_queries(0):  # no lookup of the address in the request
            response = client.post(url, {"email": email})
        assert response.url == reverse("password_reset_done")
    assert mail.outbox == []  # nothing sent in the request
    queued = [result.args[0] for result in default_task_backend.results]
    assert queued == [patient.email, "nobody@example.com"]


def test_the_queued_task_sends_the_link_in_the_readers_language(client, patient):
    client.post(reverse("password_reset"), {"email": patient.email}, HTTP_ACCEPT_LANGUAGE="es")
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/" in mail.outbox[0].body
    assert "El enlace funciona una sola vez" in mail.outbox[0].body

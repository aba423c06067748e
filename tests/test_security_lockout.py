"""Five failed logins for one email from one address lock that pair for 15 minutes (django-axes)."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal.audit.models import AuditEvent
from tests.factories import PASSWORD

WRONG = "not-the-password-123"


def fail(client, email, times, address="10.0.0.1"):
    return [
        client.post(reverse("login"), {"username": email, "password": WRONG}, REMOTE_ADDR=address) for _ in range(times)
    ]


def log_in(client, email, address="10.0.0.1"):
    return client.post(reverse("login"), {"username": email, "password": PASSWORD}, REMOTE_ADDR=address)


def test_four_failures_still_allow_the_right_password(client, patient):
    assert [r.status_code for r in fail(client, patient.email, 4)] == [200] * 4
    assert log_in(client, patient.email).status_code == 302


def test_the_fifth_failure_locks_with_a_clear_message(client, patient):
    *_, fifth = fail(client, patient.email, 5)
    assert fifth.status_code == 429
    assert "Too many failed logins" in fifth.text
    assert "Wait 15 minutes" in fifth.text
    locked = log_in(client, patient.email)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_holds_for_the_email_in_any_case(client, patient):
    fail(client, patient.email.upper(), 5)
    assert log_in(client, patient.email).status_code == 429


def test_the_lock_is_for_that_email_and_address_only(client, patient, other_patient):
    fail(client, patient.email, 5)
    assert log_in(Client(), patient.email, address="10.0.0.2").status_code == 302
    assert log_in(Client(), other_patient.email).status_code == 302


def test_the_lock_ends_after_15_minutes(client, patient):
    fail(client, patient.email, 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=15, seconds=5))
    assert log_in(client, patient.email).status_code == 302


def test_a_superuser_unlocks_in_the_admin(client, patient, superuser, verified_login):
    fail(Client(), patient.email, 5)
    assert log_in(Client(), patient.email).status_code == 429
    verified_login(client, superuser)
    changelist = reverse("admin:axes_accessattempt_changelist")
    listing = client.get(changelist)
    assert patient.email in listing.text
    attempt = AccessAttempt.objects.get(username=patient.email)
    response = client.post(
        changelist, {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"}, follow=True
    )
    assert response.status_code == 200
    assert not AccessAttempt.objects.exists()
    assert log_in(Client(), patient.email).status_code == 302


def test_lockouts_and_failures_are_audited_without_the_password(client, patient):
    fail(client, patient.email, 5)
    failures = AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN_FAILED, actor_email=patient.email)
    assert failures.count() == 5
    assert failures.first().ip_address == "10.0.0.1"
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOCKOUT, actor_email=patient.email).exists()
    stored = [str(row) for row in AccessAttempt.objects.values_list("post_data", "get_data")]
    stored += [str(row) for row in AuditEvent.objects.values_list("detail", flat=True)]
    assert not any(WRONG in text for text in stored)


@pytest.mark.django_db
def test_the_admin_login_is_protected_too(client, superuser):
    for _ in range(5):
        response = client.post(
            reverse("admin:login"), {"username": superuser.email, "password": WRONG}, REMOTE_ADDR="10.0.0.9"
        )
    assert response.status_code == 429


# Across addresses: a cap per account -------------------------------------------------------


def test_failures_from_many_addresses_lock_the_account(patient, settings):
    settings.ACCOUNT_FAILURE_LIMIT = 20
    for n in range(5):  # 4 failures from each of 5 addresses: no pair reaches 5
        fail(Client(), patient.email, 4, address=f"10.0.1.{n}")
    locked = log_in(Client(), patient.email, address="10.0.2.1")
    assert locked.status_code == 429
    assert "_auth_user_id" not in Client().session


def test_a_password_reset_by_email_lifts_an_account_lock(client, patient, settings):
    import re

    from django.core import mail

    settings.ACCOUNT_FAILURE_LIMIT = 20
    for n in range(5):
        fail(Client(), patient.email, 4, address=f"10.0.1.{n}")
    client.post(reverse("password_reset"), {"email": patient.email})
    link = re.search(r"http://testserver(/accounts/password/reset/\S+)", mail.outbox[-1].body).group(1)
    form_url = client.get(link).url
    client.post(form_url, {"new_password1": "a-fresh-passphrase-9", "new_password2": "a-fresh-passphrase-9"})
    response = Client().post(
        reverse("login"), {"username": patient.email, "password": "a-fresh-passphrase-9"}, REMOTE_ADDR="10.0.2.1"
    )
    assert response.status_code == 302


def test_rotating_x_forwarded_for_does_not_reset_the_count_when_reached_directly(patient, settings):
    """The app reached directly (not from a trusted proxy): the header is ignored, the address is the socket's."""
    settings.PROXY_COUNT = 1
    settings.TRUSTED_PROXIES = ["10.9.9.9"]
    client = Client()
    statuses = [
        client.post(
            reverse("login"),
            {"username": patient.email, "password": WRONG},
            REMOTE_ADDR="203.0.113.50",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        ).status_code
        for n in range(6)
    ]
    assert statuses[4:] == [429, 429]

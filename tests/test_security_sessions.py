"""Sessions end after 30 idle minutes or 12 hours, on the server, and the login page says why.

Logging out and changing the password end the session server-side; pages for
a session are never stored by browsers or proxies.
"""

import time

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from portal.audit.models import AuditEvent
from portal.middleware import SESSION_LAST_SEEN, SESSION_STARTED, NoStoreMiddleware
from tests.factories import PASSWORD


def age_session(client, *, started_ago: int, last_seen_ago: int) -> str:
    session = client.session
    now = int(time.time())
    session[SESSION_STARTED] = now - started_ago
    session[SESSION_LAST_SEEN] = now - last_seen_ago
    session.save()
    return session.session_key


def test_thirty_idle_minutes_end_the_session_and_the_login_page_says_why(patient_client):
    key = age_session(patient_client, started_ago=3600, last_seen_ago=31 * 60)
    response = patient_client.get(reverse("care:my_page"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("login"))
    assert "logged out after 30 minutes without activity" in response.text
    assert not Session.objects.filter(session_key=key).exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.SESSION_EXPIRED, detail__reason="idle").exists()


def test_twelve_hours_after_login_the_session_ends_even_when_active(patient_client):
    key = age_session(patient_client, started_ago=12 * 3600 + 1, last_seen_ago=10)
    response = patient_client.get(reverse("home"), follow=True)
    assert "12 hours have passed since you logged in" in response.text
    assert not Session.objects.filter(session_key=key).exists()


def test_activity_within_thirty_minutes_keeps_the_session_and_moves_the_clock(patient_client):
    age_session(patient_client, started_ago=3600, last_seen_ago=29 * 60)
    assert patient_client.get(reverse("care:my_page")).status_code == 200
    assert int(time.time()) - patient_client.session[SESSION_LAST_SEEN] < 5


def test_logging_in_starts_both_clocks(client, patient):
    client.post(reverse("login"), {"username": patient.email, "password": PASSWORD})
    started = client.session[SESSION_STARTED]
    assert abs(started - time.time()) < 5
    assert client.session[SESSION_LAST_SEEN] == started


def test_logout_deletes_the_session_on_the_server(patient_client):
    key = patient_client.session.session_key
    patient_client.post(reverse("logout"))
    assert not Session.objects.filter(session_key=key).exists()


def test_password_change_ends_the_old_session_and_every_other_one(client, patient):
    other_device = Client()
    other_device.force_login(patient)
    client.force_login(patient)
    old_key = client.session.session_key
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a brand new passphrase",
            "new_password2": "a brand new passphrase",
        },
    )
    assert response.status_code == 302
    assert not Session.objects.filter(session_key=old_key).exists()
    assert client.get(reverse("home")).status_code == 200  # this browser goes on with a new session
    assert other_device.get(reverse("home")).status_code == 302  # the other one is logged out
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PASSWORD_CHANGED, target_id=str(patient.pk)).exists()


def test_pages_for_a_session_are_not_stored(patient_client):
    response = patient_client.get(reverse("care:my_page"))
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_logging_in_answers_with_no_store(client, patient):
    response = client.post(reverse("login"), {"username": patient.email, "password": PASSWORD})
    assert "no-store" in response["Cache-Control"]


def test_a_view_that_sets_cache_control_keeps_it(rf, settings):
    from django.http import HttpResponse

    def view(request):
        response = HttpResponse("ok")
        response["Cache-Control"] = "public, max-age=60"
        return response

    request = rf.get("/")
    request.COOKIES[settings.SESSION_COOKIE_NAME] = "abc"
    assert NoStoreMiddleware(view)(request)["Cache-Control"] == "public, max-age=60"


def test_static_files_keep_their_caching(patient_client):
    response = patient_client.get("/static/css/portal.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


class Clock:
    """Stands in for the time module in portal.middleware."""

    def __init__(self):
        self.now = time.time()

    def time(self):
        return self.now


@pytest.fixture
def two_minute_limit(client, patient, settings, monkeypatch):
    """A patient logged in under a 2-minute idle limit, with a clock the test moves, on My page."""
    settings.SESSION_IDLE_TIMEOUT = 120
    clock = Clock()
    monkeypatch.setattr("portal.middleware.time", clock)
    client.force_login(patient)
    my_page = reverse("care:my_page")
    assert client.get(my_page).status_code == 200
    return client, clock, my_page


def test_a_patient_seen_within_the_idle_limit_is_never_logged_out(two_minute_limit):
    """The last-seen time is written at most every few seconds; a request in between still counts."""
    client, clock, my_page = two_minute_limit
    for step in (5, 6):  # within the write resolution (12 s for a 2-minute limit): not written
        clock.now += step
        assert client.get(my_page).status_code == 200
    clock.now += 119  # 119 s after the last request, 130 s after the last write
    assert client.get(my_page).status_code == 200


def test_the_idle_limit_still_ends_a_quiet_session(two_minute_limit):
    client, clock, my_page = two_minute_limit
    clock.now += 120 + 12
    assert client.get(my_page).url.startswith(reverse("login"))

"""Per-user and per-address limits on the APIs, password reset and change: 429, a plain message, Retry-After."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from portal import ratelimit
from tests.factories import PASSWORD, PatientFactory

pytestmark = pytest.mark.django_db


class StoppedClock:
    """Time stands still at the start of a window, so a slow test never crosses into the next one."""

    @staticmethod
    def time():
        return 1_800_000_000.0


@pytest.fixture(autouse=True)
def limits_on(settings, monkeypatch):
    settings.RATE_LIMITS_ENABLED = True
    monkeypatch.setattr(ratelimit, "time", StoppedClock)
    cache.clear()
    yield
    cache.clear()


def burst(client, times, path, data=None, method="get", **extra):
    return [getattr(client, method)(path, data or {}, **extra).status_code for _ in range(times)]


def test_a_burst_on_the_estimate_api_is_cut_at_60_a_minute(patient_client, schedule):
    statuses = burst(patient_client, 65, "/api/estimate", {"procedure": "63030", "coverage": "medicare"})
    assert statuses[:60] == [200] * 60
    assert set(statuses[60:]) == {429}
    response = patient_client.get("/api/estimate", {"procedure": "63030", "coverage": "medicare"})
    assert response["Retry-After"] == "60"
    assert "Too many requests in a short time" in response.json()["errors"]["__all__"][0]


def test_a_burst_on_the_search_api_is_cut(patient_client):
    statuses = burst(patient_client, 62, "/api/search", {"q": "back"})
    assert 429 in statuses
    assert statuses.count(200) + statuses.count(400) == 60


def test_the_limit_is_per_user(client, patient, other_patient, schedule):
    client.force_login(patient)
    burst(client, 61, "/api/estimate", {"procedure": "63030", "coverage": "medicare"})
    client.force_login(other_patient)
    assert client.get("/api/estimate", {"procedure": "63030", "coverage": "medicare"}).status_code == 200


def test_the_address_limit_holds_across_accounts(client, schedule):
    query = {"procedure": "63030", "coverage": "medicare"}
    address = {"REMOTE_ADDR": "198.51.100.7"}
    for _ in range(6):  # six accounts, 50 requests each, from one address: 300 in all
        client.force_login(PatientFactory())
        assert set(burst(client, 50, "/api/estimate", query, **address)) == {200}
    client.force_login(PatientFactory())
    assert client.get("/api/estimate", query, **address).status_code == 429
    assert client.get("/api/estimate", query, REMOTE_ADDR="198.51.100.8").status_code == 200


def test_password_reset_is_limited_per_email_typed(client, patient):
    url = reverse("password_reset")
    statuses = burst(client, 6, url, {"email": patient.email}, method="post")
    assert statuses[:5] == [302] * 5
    assert statuses[5] == 429
    response = client.post(url, {"email": patient.email})
    assert "Too many requests" in response.text
    assert int(response["Retry-After"]) > 0
    # Another address typed is still served.
    assert client.post(url, {"email": "someone.else@example.com"}).status_code == 302


def test_password_reset_is_limited_per_client_address(client):
    url = reverse("password_reset")
    statuses = [client.post(url, {"email": f"guess{n}@example.com"}).status_code for n in range(21)]
    assert statuses[:20] == [302] * 20
    assert statuses[20] == 429


def test_the_old_password_check_cannot_be_used_to_guess(patient_client):
    url = reverse("password_change")
    data = {"old_password": "a-wrong-guess-123", "new_password1": "x" * 20, "new_password2": "x" * 20}
    statuses = burst(patient_client, 6, url, data, method="post")
    assert statuses == [200] * 5 + [429]
    right = {"old_password": PASSWORD, "new_password1": "new-passphrase-long", "new_password2": "new-passphrase-long"}
    assert patient_client.post(url, right).status_code == 429
    assert patient_client.get(url).status_code == 429  # every method counts on a limited path (issue 28)


def test_limits_let_requests_through_when_the_cache_is_down(patient_client, schedule, monkeypatch):
    """What portal.cache.DegradingRedisCache answers during an outage: add says no, incr finds no key."""

    def unreachable(*args, **kwargs):
        raise ValueError("Key not found (the cache is unreachable).")

    monkeypatch.setattr(ratelimit.cache, "add", lambda *args, **kwargs: False)
    monkeypatch.setattr(ratelimit.cache, "incr", unreachable)
    statuses = burst(patient_client, 70, "/api/estimate", {"procedure": "63030", "coverage": "medicare"})
    assert statuses == [200] * 70


def test_limits_can_be_turned_off(patient_client, schedule, settings):
    settings.RATE_LIMITS_ENABLED = False
    assert set(burst(patient_client, 70, "/api/estimate", {"procedure": "63030", "coverage": "medicare"})) == {200}


@pytest.mark.parametrize("method", ["options", "head", "post", "put", "delete", "patch"])
def test_once_get_is_cut_every_other_method_is_cut_too(patient_client, method):
    """The pentest's finding: after GET was limited, 80 OPTIONS /api/search answered 200 with results."""
    burst(patient_client, 60, "/api/search", {"q": "back"})
    if method in ("options", "head"):
        response = getattr(patient_client, method)("/api/search?q=back")
    else:
        response = getattr(patient_client, method)("/api/search?q=back", {}, content_type="application/json")
    assert response.status_code == 429
    assert b"results" not in response.content


@pytest.mark.parametrize("method", ["options", "head"])
def test_methods_other_than_get_use_up_the_limit(patient_client, method):
    for _ in range(60):
        getattr(patient_client, method)("/api/search?q=back")
    assert patient_client.get("/api/search", {"q": "back"}).status_code == 429


def test_the_limits_run_on_postgresql():
    from django.db import connection

    assert connection.vendor == "postgresql"

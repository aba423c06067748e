"""With Redis, a rate-limited request counts all its limits (the user's, the address's, a typed email's) in
one round trip, the counters still cut a burst, and a Redis outage lets requests through with no error."""

import uuid

import pytest
from django.core.cache import caches

from portal import ratelimit
from tests.test_cache_degrades import unreachable_redis  # noqa: F401 (fixture)
from tests.test_redis_cache_client import redis_up
from tests.test_security_rate_limits import StoppedClock
from tests.test_user_cache_warm import RedisRoundTrips

ESTIMATE = {"procedure": ["63030", "22612"], "coverage": "medicare", "deductible_remaining": "0"}


@pytest.fixture
def redis_cache(settings, monkeypatch):
    if not redis_up():
        pytest.skip("needs Redis on 127.0.0.1:6379")
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.DegradingRedisCache",
            "LOCATION": "redis://127.0.0.1:6379/14",
            "KEY_PREFIX": f"test-rate-limit-{uuid.uuid4().hex}",  # a database shared with other tests: no flush
            "OPTIONS": {"socket_timeout": 2},
        }
    }
    settings.RATE_LIMITS_ENABLED = True
    monkeypatch.setattr(ratelimit, "time", StoppedClock)
    return caches["default"]


def test_three_limits_are_counted_in_one_round_trip(redis_cache, monkeypatch):
    keys = {"login:user:1": 5, "login:ip:198.51.100.7": 20, "login:email:0123abcd": 5}
    redis_cache.get("connect")  # a new connection's own set-up commands are not the limits'
    trips = RedisRoundTrips(monkeypatch)
    assert ratelimit.hits(keys, period=60) == 0
    assert trips.count == 1
    window = int(StoppedClock.time() // 60)
    # Plain integers, readable through the cache like any value, each living one window and a second.
    assert redis_cache.get(f"ratelimit:login:user:1:{window}") == 1
    client = redis_cache._cache.get_client()
    assert 0 < client.ttl(redis_cache.make_key(f"ratelimit:login:user:1:{window}")) <= 61


def test_the_estimate_api_pays_one_round_trip_for_its_limits(redis_cache, patient_client, schedule, settings):
    def round_trips() -> int:
        with pytest.MonkeyPatch.context() as patch:
            trips = RedisRoundTrips(patch)
            assert patient_client.get("/api/estimate", ESTIMATE).status_code == 200
            return trips.count

    for _ in range(2):  # warm: the session, the user and the snapshot are cached
        patient_client.get("/api/estimate", ESTIMATE)
    limited = round_trips()
    settings.RATE_LIMITS_ENABLED = False
    assert limited - round_trips() == 1  # the user's and the address's counters, in one pipeline


def test_a_burst_is_still_cut_at_60_a_minute(redis_cache, patient_client, schedule):
    statuses = [patient_client.get("/api/estimate", ESTIMATE).status_code for _ in range(62)]
    assert statuses[:60] == [200] * 60
    assert statuses[60:] == [429, 429]


def test_the_address_limit_is_counted_beside_the_users(redis_cache, patient_client, schedule):
    window = int(StoppedClock.time() // 60)
    patient_client.get("/api/estimate", ESTIMATE)
    redis_cache.set(f"ratelimit:api-estimate:ip:127.0.0.1:{window}", 300, 61)  # other accounts, one address
    response = patient_client.get("/api/estimate", ESTIMATE)
    assert response.status_code == 429
    assert response["Retry-After"] == "60"


def test_with_redis_down_every_request_goes_through(unreachable_redis, patient_client, schedule, settings):  # noqa: F811
    settings.RATE_LIMITS_ENABLED = True
    assert unreachable_redis.incr_expiring(["ratelimit:a", "ratelimit:b"], timeout=61) is None
    statuses = {patient_client.get("/api/estimate", ESTIMATE).status_code for _ in range(65)}
    assert statuses == {200}

"""With Redis, a warm `/api/estimate` asks the database nothing and Redis one small question of its own (the
schedule's version: the process holds the snapshot of that version), plus one round trip for its rate limits."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from estimates import snapshot, views
from tests.test_estimate_schedule_snapshot import committed, schedule  # noqa: F401 (fixtures: committed)
from tests.test_rate_limit_one_round_trip import redis_cache  # noqa: F401 (fixture)
from tests.test_user_cache_warm import RedisRoundTrips

TWO = {"procedure": ["63030", "22612"], "coverage": "medicare", "deductible_remaining": "0"}


@pytest.fixture
def api_request(patient):
    request = RequestFactory().get(reverse("estimates:api"), TWO)
    request.user = patient  # as the middleware leaves it
    return request


def _trips(monkeypatch, request) -> int:
    with monkeypatch.context() as patch:
        trips = RedisRoundTrips(patch)
        response = views.estimate_api(request)
        assert response.status_code == 200, response.content
        return trips.count


@pytest.mark.parametrize(("limits", "round_trips"), [(False, 1), (True, 2)])
def test_a_warm_estimate_is_one_round_trip_and_one_more_for_its_limits(
    redis_cache,  # noqa: F811 (fixture)
    api_request,
    schedule,  # noqa: F811 (fixture)
    settings,
    monkeypatch,
    django_assert_num_queries,
    limits,
    round_trips,
):
    settings.RATE_LIMITS_ENABLED = limits
    views.estimate_api(api_request)  # builds, stores and holds the snapshot
    with django_assert_num_queries(0):
        assert _trips(monkeypatch, api_request) == round_trips


def test_another_process_reads_the_stored_snapshot_once_then_holds_it(
    redis_cache,  # noqa: F811 (fixture)
    api_request,
    schedule,  # noqa: F811 (fixture)
    settings,
    monkeypatch,
    django_assert_num_queries,
):
    settings.RATE_LIMITS_ENABLED = False
    views.estimate_api(api_request)
    monkeypatch.setattr(snapshot, "_held", None)  # a fresh worker: nothing held yet
    with django_assert_num_queries(0):
        assert _trips(monkeypatch, api_request) == 2  # the version, then the snapshot of that version
        assert _trips(monkeypatch, api_request) == 1

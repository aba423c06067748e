"""With Redis, a warm `/api/estimate` asks the database nothing and Redis one question: the session, the
cached user and the schedule's version in one read (portal/sessions.py; the process holds the snapshot
of that version), plus one round trip for its rate limits."""

import pytest
from django.urls import reverse

from estimates import snapshot
from tests.test_estimate_schedule_snapshot import committed, schedule  # noqa: F401 (fixtures: committed)
from tests.test_user_cache_warm import RedisRoundTrips, redis_cache  # noqa: F401 (fixture)

TWO = {"procedure": ["63030", "22612"], "coverage": "medicare", "deductible_remaining": "0"}


@pytest.fixture
def api(client, patient):
    client.force_login(patient)
    url = reverse("estimates:api")

    def get() -> dict:
        response = client.get(url, TWO)
        assert response.status_code == 200, response.content
        return response.json()

    return get


def _trips(monkeypatch, get) -> int:
    with monkeypatch.context() as patch:
        trips = RedisRoundTrips(patch)
        get()
        return trips.count


@pytest.mark.parametrize(("limits", "round_trips"), [(False, 1), (True, 2)])
def test_a_warm_estimate_is_one_round_trip_and_one_more_for_its_limits(
    redis_cache,  # noqa: F811 (fixture)
    api,
    schedule,  # noqa: F811 (fixture)
    settings,
    monkeypatch,
    django_assert_num_queries,
    limits,
    round_trips,
):
    settings.RATE_LIMITS_ENABLED = limits
    api()  # builds, stores and holds the snapshot; points the session at the reader's entries
    with django_assert_num_queries(0):
        assert _trips(monkeypatch, api) == round_trips


def test_another_process_reads_the_stored_snapshot_once_then_holds_it(
    redis_cache,  # noqa: F811 (fixture)
    api,
    schedule,  # noqa: F811 (fixture)
    settings,
    monkeypatch,
    django_assert_num_queries,
):
    settings.RATE_LIMITS_ENABLED = False
    api()
    monkeypatch.setattr(snapshot, "_held", None)  # a fresh worker: nothing held yet
    with django_assert_num_queries(0):
        assert _trips(monkeypatch, api) == 2  # the session's read, then the snapshot of that version
        assert _trips(monkeypatch, api) == 1


def test_a_schedule_change_is_seen_by_the_next_estimate(
    redis_cache,  # noqa: F811 (fixture)
    api,
    schedule,  # noqa: F811 (fixture)
    committed,  # noqa: F811 (fixture)
    settings,
):
    settings.RATE_LIMITS_ENABLED = False
    before = api()
    fee = schedule.fees.get(procedure__cpt_code="63030")
    with committed():
        fee.medicare_approved += 100
        fee.save()
    after = api()
    assert after["total_approved"] != before["total_approved"]

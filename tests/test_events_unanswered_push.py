"""A patient page's event is written to Redis without waiting for an answer (CLIENT REPLY OFF on a
connection of the cache backend's own), on a real Redis (skipped when none answers at
127.0.0.1:6379): every event arrives, in order; a connection Redis closed is replaced before the
next event is written; Redis unreachable still means the event is written at once to the database;
and the pool's connections, which expect answers, never see that connection's silence."""

import socket
import uuid

import redis

from insights.models import SearchEvent
from portal import events
from portal.cache import DegradingRedisCache
from tests.conftest import REDIS_TEST_LOCATION as LOCATION


def _search_event(patient, query: str) -> None:
    events.record_event("search", patient=patient.pk, query=query, language="en", results=1, token=str(uuid.uuid4()))


def _own_connection_id(cache) -> int:
    """The Redis client id of the backend's unanswered connection, as Redis lists it."""
    own = cache._unanswered[1]._sock.getsockname()
    listed = redis.Redis.from_url(LOCATION).client_list()
    return next(int(client["id"]) for client in listed if client["addr"] == f"{own[0]}:{own[1]}")


def test_every_event_arrives_in_order_and_nothing_is_answered(redis_buffer, patient):
    for number in range(500):
        _search_event(patient, f"walk {number}")
    connection = redis_buffer._unanswered[1]
    assert not connection.can_read(timeout=0.05)  # Redis sent nothing back
    drained = events.drain(limit=1000)
    assert [event["query"] for event in drained] == [f"walk {number}" for number in range(500)]
    # The connections of the pool still answer as before.
    redis_buffer.set("still-answered", 1)
    assert redis_buffer.get("still-answered") == 1


def test_a_connection_redis_closed_is_replaced_before_the_next_event(redis_buffer, patient):
    dropped = events.dropped_count()
    _search_event(patient, "first")
    redis.Redis.from_url(LOCATION).client_kill_filter(_id=_own_connection_id(redis_buffer))
    for query in ("second", "third"):
        _search_event(patient, query)
    assert [event["query"] for event in events.drain()] == ["first", "second", "third"]
    assert not redis_buffer.is_degraded
    assert events.dropped_count() == dropped


def test_events_are_written_at_once_while_redis_is_unreachable(monkeypatch, patient):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    cache = DegradingRedisCache(f"redis://127.0.0.1:{port}/0", {"OPTIONS": {"socket_connect_timeout": 0.5}})
    monkeypatch.setattr(events, "caches", {"default": cache})
    assert cache.list_push_unanswered(events.KEY, "x") is False
    _search_event(patient, "while down")
    assert list(SearchEvent.objects.values_list("query", flat=True)) == ["while down"]

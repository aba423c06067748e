"""A buffer for what patient pages record (issue 34: searches, section reads, "Was this helpful?").

`record(request, kind, **data)` costs the page no database query: the event is appended to a Redis
list (`DegradingRedisCache.list_push_unanswered`: written to the socket, no reply waited for) and a
later batch (`drain`, run by `manage.py insights_flush`) writes it. Apps that own the records
register a `direct writer` (insights does, in its AppConfig):

- Redis unreachable: the event is written at once by the direct writer (one insert; the page is
  slower during an outage, never broken). If that fails too, the event is dropped and counted
  (`dropped_count()`), with one log line per outage, never the event's contents.
- No Redis configured (development, the tests' local-memory cache): events wait in this process's
  memory; `drain` in the same process takes them, and every `LOCAL_LIMIT` events they are written at
  once, so a development server without Redis keeps them too.

Event contents (a search's words, "what was unclear?") are never logged.
"""

import json
import logging
import threading
import uuid
from collections.abc import Callable

from django.core.cache import caches
from django.utils import timezone

logger = logging.getLogger("portal.events")

KEY = "portal:events"
LOCAL_LIMIT = 50

_local: list[str] = []
_lock = threading.Lock()
_dropped = 0
_direct_writers: list[Callable[[list[dict]], None]] = []


def register_direct_writer(writer: Callable[[list[dict]], None]) -> None:
    """`writer(events)` stores events now (used when they cannot be buffered)."""
    if writer not in _direct_writers:
        _direct_writers.append(writer)


def record(request, kind: str, **data) -> str | None:
    """Buffer one event of the patient making `request` (nothing for staff or visitors who are not
    logged in); returns the event's token (a search's, for the "opened a result" beacon)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.is_staff:
        return None
    token = str(uuid.uuid4())
    record_event(kind, patient=user.pk, token=token, **data)
    return token


def record_event(kind: str, **data) -> None:
    """Buffer one event; never raises (a patient page must not fail over a statistic)."""
    event = {"kind": kind, "at": timezone.now().isoformat(), **data}
    try:
        item = json.dumps(event)
        backend = caches["default"]
        if hasattr(backend, "list_push_unanswered"):
            if backend.list_push_unanswered(KEY, item):
                return
            _write_now([event])  # Redis is down
            return
        with _lock:
            _local.append(item)
            full = len(_local) >= LOCAL_LIMIT
        if full:
            _write_now(drain(LOCAL_LIMIT))
    except Exception:  # noqa: BLE001 - counted and logged without the event's contents
        _drop(1)


def drain(limit: int = 1000) -> list[dict]:
    """Take up to `limit` buffered events, oldest first (they leave the buffer)."""
    backend = caches["default"]
    if hasattr(backend, "list_pop"):
        items = backend.list_pop(KEY, limit)
    else:
        with _lock:
            items = _local[:limit]
            del _local[:limit]
    events = []
    for item in items:
        try:
            events.append(json.loads(item))
        except (TypeError, ValueError):
            _drop(1)
    return events


def put_back(events: list[dict]) -> None:
    """Events a batch could not write go back to the buffer (at its end)."""
    items = [json.dumps(event) for event in events]
    backend = caches["default"]
    if hasattr(backend, "list_push"):
        if items and not backend.list_push(KEY, *items):
            _drop(len(items))
        return
    with _lock:
        _local.extend(items)


def dropped_count() -> int:
    return _dropped


def _write_now(events: list[dict]) -> None:
    if not events:
        return
    if not _direct_writers:
        _drop(len(events))
        return
    try:
        for writer in _direct_writers:
            writer(events)
    except Exception:  # noqa: BLE001
        _drop(len(events))


def _drop(count: int) -> None:
    global _dropped
    with _lock:
        first = _dropped == 0
        _dropped += count
    if first:
        logger.warning("Patient page events could not be stored; dropping and counting them.")

"""A Redis cache that degrades instead of failing: Redis is an accelerator.

When Redis cannot be reached (connection refused, a timeout), every cache
call answers as if the key were missing: `get` gives the default, `set` and
`delete` do nothing, `add` and `has_key` say no, `incr` says the key is
missing. So:

- sessions (`cached_db`) are read from and written to the database,
- cached article bodies are rendered from the database,
- rate limits see no count and let the request through (fail open).

One warning is logged when an outage starts (per process), one line when it
ends; not one per request. During an outage the backend does not try Redis
again for `RETRY_AFTER` seconds (default 1), so a hanging Redis costs at most
one connect timeout per second per process.

When Redis answers again, this process first empties the cache database
(FLUSHDB) before using it: writes that failed during the outage (a logout, a
content change) would otherwise leave stale sessions or stale article bodies
behind. Give the cache its own Redis database number.
"""

import logging
import os
import select
import threading
import time

from asgiref.local import Local
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from django.core.signals import request_finished, request_started
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("portal.cache")


# One Redis client per connection pool -------------------------------------------------
# Django's Redis cache, without a new Redis client object for every cache call.
#
# Django's RedisCacheClient.get_client() builds a fresh redis.Redis around the
# (shared) connection pool on every get and set, and redis-py's constructor
# copies its table of about 80 response callbacks, upper-casing each name: about
# a tenth of the article page's CPU time went there (see BENCHMARKS.md). One
# client per pool does the same work; connections still come from the pool, so
# nothing else changes (timeouts, errors, fork safety are redis-py's as before).


class ReusedRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedRedisCacheClient


# Degrading instead of failing ---------------------------------------------------------

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
_COMPARE_AND_SET = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  if tonumber(ARGV[3]) > 0 then redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
  else redis.call('SET', KEYS[1], ARGV[2]) end
  return 1
end
return 0
"""
_MISSING = object()
_POINTER = object()  # where the held pointer of read_for_request is kept
# KEYS: the keys to read, then the pointer key. ARGV: the number of templates, the key templates with
# {user} and {view}, read as the pointer names them, then for each value this process holds itself
# (see register_local_copies): its key, the index in KEYS of the key it was made from (the content
# version) and that key's value then. Returns the keys' values, the pointer, then each template's
# key and value; the value is 1 for a key the process holds whose version is still the one in Redis.
# (It reads keys it is not given in KEYS: fine for one Redis server, not for Redis Cluster.)
_READ_FOR_REQUEST = """
local found = redis.call('MGET', unpack(KEYS))
local pointer = found[#KEYS]
local templates = tonumber(ARGV[1])
local held = {}
for i = templates + 2, #ARGV, 3 do
  if found[tonumber(ARGV[i + 1])] == ARGV[i + 2] then held[ARGV[i]] = true end
end
local user, view
if pointer then user, view = string.match(pointer, '^(%d+) (%S+)$') end
if user then
  for i = 2, templates + 1 do
    local key = string.gsub(string.gsub(ARGV[i], '{user}', user), '{view}', view)
    found[#found + 1] = key
    if held[key] then found[#found + 1] = 1 else found[#found + 1] = redis.call('GET', key) end
  end
end
return found
"""

# What this process holds of the reader's keys itself (portal/hot_page.py: its copies of pages):
# callables given the key templates of read_for_request, returning (key, version key, version) for
# each value held that is valid while the version key holds that version.
_local_copies: list = []


def register_local_copies(provider) -> None:
    if provider not in _local_copies:
        _local_copies.append(provider)


class _Outage:
    """Whether this process sees Redis at one location as down, shared by all threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.since: float | None = None
        self.retry_at = 0.0


_outages: dict[str, _Outage] = {}
_outages_lock = threading.Lock()


def _outage_for(location: str) -> _Outage:
    with _outages_lock:
        return _outages.setdefault(location, _Outage())


class DegradingRedisCache(RedisCache):
    """Django's RedisCache (one client per pool); a Redis outage costs speed, never a page."""

    def __init__(self, server, params):
        params = {**params, "OPTIONS": dict(params.get("OPTIONS", {}))}
        self.retry_after = float(params["OPTIONS"].pop("RETRY_AFTER", 1.0))
        super().__init__(server, params)
        self._outage = _outage_for(",".join(self._servers))

    @property
    def is_degraded(self) -> bool:
        return self._outage.since is not None

    def _run(self, operation, *args, fallback=None):
        outage = self._outage
        if outage.since is not None:
            if time.monotonic() < outage.retry_at:
                return fallback
            if not self._recover():
                return fallback
        try:
            return operation(*args)
        except UNREACHABLE as error:
            self._failed(error)
            return fallback

    def _failed(self, error: Exception) -> None:
        outage = self._outage
        with outage.lock:
            outage.retry_at = time.monotonic() + self.retry_after
            if outage.since is None:
                outage.since = time.monotonic()
                logger.warning(
                    "Cache unreachable (%s: %s); serving from the database until it answers again.",
                    type(error).__name__,
                    error,
                )

    def _recover(self) -> bool:
        """Redis may be back: empty what it holds (it missed the outage's writes), then use it."""
        try:
            self._cache.clear()
        except UNREACHABLE:
            with self._outage.lock:
                self._outage.retry_at = time.monotonic() + self.retry_after
            return False
        with self._outage.lock:
            if self._outage.since is not None:
                logger.warning(
                    "Cache reachable again after %.1f s; emptied it and using it again.",
                    time.monotonic() - self._outage.since,
                )
                self._outage.since = None
        return True

    # Keys read once per request, with the session ----------------------------

    def get_many_for_request(self, keys, hold):
        """get_many(keys), in one round trip; the values of the keys in `hold` that were found are
        kept until the request ends, so `get` of them asks Redis nothing (see `_held`). A write
        through this process (set, add, incr, delete) forgets the kept value at once."""
        values = self.get_many(keys)
        held = _held()
        if held is not None:
            for key in hold:
                if key in values:
                    held[self.make_key(key)] = values[key]
        return values

    def read_for_request(self, keys, hold, pointer_key, reader_keys=()):
        """get_many_for_request(keys, hold), and in the same round trip (one Lua script) the
        reader's own entries: `pointer_key` holds "<user id> <view>" (see portal/sessions.py), and
        each of `reader_keys` with {user} and {view} replaced by it is read too and held for the
        request under the key it names, but for the values this process holds itself while their
        version is current (see register_local_copies). A stale pointer names other keys than the
        request asks for, so it costs a round trip later, never a wrong entry."""
        made = {self.make_and_validate_key(key): key for key in keys}
        pointer = self.make_and_validate_key(pointer_key)
        templates = [self.make_key(key) for key in reader_keys]
        script = self._read_script()
        positions = {key: position for position, key in enumerate(made.values(), start=1)}
        held_here = []
        for provider in _local_copies:
            for key, version_key, version in provider(reader_keys):
                if version_key in positions:
                    dumped = self._cache._serializer.dumps(version)
                    held_here += [self.make_key(key), positions[version_key], dumped]

        def run():
            args = [len(templates), *templates, *held_here]
            return script(keys=[*made, pointer], args=args, client=self._cache.get_client(pointer))

        reply = self._run(run, fallback=None)
        if reply is None:
            return {}
        loads = self._cache._serializer.loads
        found, pointer_value, pairs = reply[: len(made)], reply[len(made)], reply[len(made) + 1 :]
        values = {key: loads(raw) for key, raw in zip(made.values(), found, strict=True) if raw is not None}
        held = _held()
        if held is not None:
            for made_key, key in made.items():
                if key in hold and key in values:
                    held[made_key] = values[key]
            held[_POINTER] = pointer_value.decode() if pointer_value is not None else None
            for made_key, raw in zip(pairs[::2], pairs[1::2], strict=True):
                if isinstance(raw, bytes):  # not None (missing) nor 1 (the process holds it)
                    held[made_key.decode()] = loads(raw)
        return values

    def _read_script(self):
        script = getattr(self, "_read_for_request_script", None)
        if script is None:
            script = self._read_for_request_script = self._cache.get_client(write=False).register_script(
                _READ_FOR_REQUEST
            )
        return script

    def held_pointer(self) -> str | None:
        """The pointer `read_for_request` read in this request (None: none, or not read)."""
        held = _held()
        return held.get(_POINTER) if held else None

    def set_pointer(self, pointer_key, value: str, timeout: int) -> None:
        """Write a pointer for `read_for_request`: plain text, so the script can read it."""

        def run():
            self._cache.get_client(pointer_key, write=True).set(
                self.make_and_validate_key(pointer_key), value, ex=timeout
            )

        self._run(run)
        held = _held()
        if held is not None:
            held[_POINTER] = value

    def compare_and_set(self, key, expected, value, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        """Set `key` to `value` only if it holds `expected` now, in one atomic step (a Lua script)."""
        self._forget(key, version)
        made = self.make_and_validate_key(key, version=version)
        timeout = self.get_backend_timeout(timeout)
        serializer = self._cache._serializer

        def run():
            client = self._cache.get_client(made, write=True)
            args = [serializer.dumps(expected), serializer.dumps(value), int(timeout or 0)]
            return bool(client.eval(_COMPARE_AND_SET, 1, made, *args))

        return self._run(run, fallback=False)

    def _forget(self, key, version=None):
        held = _held()
        if held:
            held.pop(self.make_key(key, version), None)

    # Django's cache API, each call degrading to "missing" -------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._forget(key, version)
        return self._run(super().add, key, value, timeout, version, fallback=False)

    def get(self, key, default=None, version=None):
        held = _held()
        if held:
            value = held.get(self.make_key(key, version), _MISSING)
            if value is not _MISSING:
                return value
        value = self._run(super().get, key, _MISSING, version, fallback=_MISSING)
        return default if value is _MISSING else value

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._forget(key, version)
        self._run(super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._run(super().touch, key, timeout, version, fallback=False)

    def delete(self, key, version=None):
        self._forget(key, version)
        return self._run(super().delete, key, version, fallback=False)

    def get_many(self, keys, version=None):
        return self._run(super().get_many, keys, version, fallback={})

    def has_key(self, key, version=None):
        return self._run(super().has_key, key, version, fallback=False)

    def incr(self, key, delta=1, version=None):
        self._forget(key, version)
        value = self._run(super().incr, key, delta, version, fallback=_MISSING)
        if value is _MISSING:
            raise ValueError(f"Key '{key}' not found (the cache is unreachable).")
        return value

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        for key in data:
            self._forget(key, version)
        return self._run(super().set_many, data, timeout, version, fallback=list(data))

    def delete_many(self, keys, version=None):
        for key in keys:
            self._forget(key, version)
        self._run(super().delete_many, keys, version)

    def clear(self):
        return self._run(super().clear, fallback=False)

    # A list, for buffered events (portal/events.py): False / [] when Redis is unreachable.

    def list_push(self, key, *values) -> bool:
        def push():
            self._cache.get_client(key, write=True).rpush(self.make_and_validate_key(key), *values)
            return True

        return self._run(push, fallback=False)

    def list_push_unanswered(self, key, *values) -> bool:
        """list_push on a connection of this backend's own that Redis sends no answers on (CLIENT
        REPLY OFF): one write to the socket, no wait for a reply, none to read. A patient page's
        event cost about 0.1 ms of the web process's CPU the other way, a tenth of a search; what
        the reply said (a length) was never used. False when Redis is unreachable, as list_push.

        What it gives up: a push that Redis never applies goes unnoticed. That is only the write
        that meets a connection Redis closed without this process seeing it yet (a restart, which
        empties the list anyway); a connection closed before the write is seen (readable while
        nothing is ever sent back on it) and replaced first. Order: a page's event is in Redis's
        socket before the page's response leaves, and an event that refers to it (a result
        "opened" after a search) comes from a person's click on that response, on another
        connection, long after Redis has read the first (as before, when the page waited)."""

        def push():
            connection = self._unanswered_connection()
            command = connection.pack_command("RPUSH", self.make_and_validate_key(key), *values)
            # Readable: the server closed it (a restart) or sent an error, as nothing else is ever
            # sent back on it: a new one. One poll of the socket (redis-py's can_read takes three
            # system calls to say the same).
            if connection._sock is not None and select.select([connection._sock], [], [], 0)[0]:
                connection.disconnect()
            try:
                connection.send_packed_command(command, check_health=False)
            except RedisConnectionError:  # the write failed and closed it: once more, on a new one
                connection.send_packed_command(command, check_health=False)
            return True

        return self._run(push, fallback=False)

    def _unanswered_connection(self):
        """This backend's connection for list_push_unanswered (a backend is one thread's), made from
        the pool's settings (address, password, database, TLS) but kept apart from the pool, whose
        connections expect answers; made again in a new process."""
        held = self.__dict__.get("_unanswered")
        if held is not None and held[0] == os.getpid():
            return held[1]
        pool = self._cache._get_connection_pool(True)
        connection = pool.connection_class(**pool.connection_kwargs)
        connection.register_connect_callback(self._replies_off)
        self._unanswered = (os.getpid(), connection)
        return connection

    def _replies_off(self, connection) -> None:
        """Run by redis-py after each connect of the unanswered connection."""
        connection.send_packed_command(connection.pack_command("CLIENT", "REPLY", "OFF"), check_health=False)

    def _unanswered_applied(self) -> None:
        """Wait until Redis has applied every push this backend sent unanswered: one answer asked
        for on that connection (CLIENT REPLY ON answers OK) and read, then answers off again."""
        held = self.__dict__.get("_unanswered")
        if held is None or held[0] != os.getpid() or not held[1]._sock:
            return
        connection = held[1]
        try:
            connection.send_packed_command(
                connection.pack_commands([("CLIENT", "REPLY", "ON"), ("CLIENT", "REPLY", "OFF")]), check_health=False
            )
            connection.read_response()
        except RedisConnectionError:
            connection.disconnect()

    def list_pop(self, key, count: int) -> list:
        def pop():
            self._unanswered_applied()
            return self._cache.get_client(key, write=True).lpop(self.make_and_validate_key(key), count) or []

        return self._run(pop, fallback=[])

    # Counters for rate limits (portal/ratelimit.py): None when Redis is unreachable.

    def incr_expiring(self, keys, *, timeout: int) -> list[int] | None:
        """Add 1 to each counter (0 if missing) and give it `timeout` seconds to live, in one round trip.
        The values are plain integers, as Django's Redis serializer stores an int, so `get` reads them."""
        made = [self.make_and_validate_key(key) for key in keys]
        for key in keys:
            self._forget(key)

        def run():
            pipeline = self._cache.get_client(made[0], write=True).pipeline(transaction=False)
            for key in made:
                pipeline.incr(key)
                pipeline.expire(key, timeout)
            return pipeline.execute()[::2]

        return self._run(run, fallback=None)


# Values held for one request ----------------------------------------------------------------
# The session engine (portal/sessions.py) reads the keys of settings.SESSION_READ_WITH (the content
# version) in the same MGET as the session, and they are held here until the request ends: one
# round trip instead of two, and every worker reads the current value at the start of each request
# (nothing to broadcast between gunicorn workers). Outside a request nothing is held.

_request = Local()


def _held() -> dict | None:
    return getattr(_request, "held", None)


def _request_began(**kwargs):
    _request.held = {}


def _request_ended(**kwargs):
    _request.held = None


request_started.connect(_request_began, dispatch_uid="portal_cache_request_began")
request_finished.connect(_request_ended, dispatch_uid="portal_cache_request_ended")

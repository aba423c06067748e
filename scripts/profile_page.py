"""Where a page's time goes: cProfile over N requests through the real WSGI stack.

    DATABASE_URL=... REDIS_URL=... python scripts/profile_page.py /articles/some-slug/ [--requests 1000]
    DATABASE_URL=... REDIS_URL=... python scripts/profile_page.py --costs /articles/ @search-paths.txt ...

Runs with production settings in this process (no server, no network besides the
database and Redis), logged in as bench-patient-0 (from generate_corpus) with the
cookies a browser holds (the session's and the CSRF one), after one warm-up request.
Prints the top functions by cumulative time, and the time per request. `make bench`
calls it for the article page and the floor.

With `--costs` it prints one line per page instead: CPU ms and wall ms per request
(mean, and wall p50/p99, one request at a time, no profiler), and the round trips
of one request on a warm cache: database queries, Redis round trips (each packed
command sent, so a pipeline or an MGET is one) and Django cache calls. A path
`@file` rotates through the paths in that file (one per line), e.g. search
queries; its counts are the mean per request over the file.
"""

import argparse
import contextlib
import cProfile
import io
import json
import os
import pstats
import secrets
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup() -> None:
    os.environ.setdefault("DJANGO_ENV", "production")
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1")
    os.environ.setdefault("DJANGO_HTTPS", "false")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()


def patient_session(email: str = "bench-patient-0@example.com") -> str:
    """A logged-in patient's session key, made the way Django's login makes it."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.module_loading import import_string

    from portal.accounts.models import User
    from portal.middleware import session_start

    user = User.objects.get(email=email)
    store = import_string(settings.SESSION_ENGINE + ".SessionStore")()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()

    class _Request:  # session_start only needs .session
        session = store

    session_start(_Request)
    store.create()
    return store.session_key


def patient_cookies(email: str = "bench-patient-0@example.com") -> str:
    """The Cookie header of a logged-in patient's browser: the session and the CSRF secret (which
    the browser keeps from its first page on). Without the CSRF cookie each request would draw a
    new secret and be sent it, as on a first visit."""
    from django.conf import settings

    from portal.csrf import random_string

    return f"{settings.SESSION_COOKIE_NAME}={patient_session(email)}; {settings.CSRF_COOKIE_NAME}={random_string()}"


def _environ(path: str, cookie: str) -> dict:
    path, _, query = path.partition("?")
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "HTTP_HOST": "127.0.0.1",
        "REMOTE_ADDR": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_COOKIE": cookie,
        "HTTP_ACCEPT_LANGUAGE": "en",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def profile(path: str, requests: int, top: int, cookie: str) -> str:
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    statuses = []

    def start_response(status, headers, exc_info=None):
        statuses.append(status)

    def one():
        response = application(_environ(path, cookie), start_response)
        b"".join(response)
        response.close()

    one()  # warm-up: caches, connections, templates
    if not statuses[0].startswith("200"):
        raise SystemExit(f"{path} answered {statuses[0]}")
    began, cpu_began = time.perf_counter(), time.process_time()
    for _ in range(requests):  # unprofiled: what a request costs
        one()
    wall = (time.perf_counter() - began) / requests * 1000
    cpu = (time.process_time() - cpu_began) / requests * 1000
    # CPU time, not wall time: waiting for PostgreSQL or Redis on a busy machine is not this process's cost.
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    for _ in range(requests):
        one()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative")
    rows = []
    for func, (_cc, calls, _tt, cumulative, _callers) in sorted(
        stats.stats.items(), key=lambda item: item[1][3], reverse=True
    ):
        filename, line, name = func
        short = filename.split("site-packages/")[-1].replace(str(ROOT) + "/", "")
        if name in ("<built-in method builtins.exec>",) or short.startswith("~"):
            label = name
        else:
            label = f"{short}:{line}({name})"
        rows.append((label, calls / requests, cumulative / requests * 1000))
    rows = [row for row in rows if not _plumbing(row[0])][:top]
    lines = [
        f"`{path}`: {cpu:.2f} ms of this process's CPU and {wall:.2f} ms wall time per request "
        f"(mean of {requests}, unprofiled). The table: CPU time under cProfile (which adds overhead), "
        "leaving out the middleware chain's own wrappers (each one's cumulative time is the whole request).",
        "",
        "| function | calls per request | cumulative CPU ms per request |",
        "| --- | ---: | ---: |",
        *(f"| `{label}` | {calls:g} | {ms:.3f} |" for label, calls, ms in rows),
    ]
    return "\n".join(lines)


class RoundTrips:
    """Counts database queries, Redis round trips and Django cache calls while active."""

    CACHE_METHODS = ("get", "get_many", "set", "set_many", "add", "incr", "delete", "delete_many", "touch", "has_key")

    def __init__(self):
        self.queries = self.redis = self.cache_calls = 0
        self.statements: list[str] = []  # each query's SQL and each cache call, in order

    def __enter__(self):
        from django.core.cache import caches
        from django.db import connections
        from redis.connection import AbstractConnection

        self._stack = contextlib.ExitStack()
        for connection in connections.all():
            self._stack.enter_context(connection.execute_wrapper(self._query))
        original = AbstractConnection.send_packed_command

        def send_packed_command(connection, *args, **kwargs):
            self.redis += 1
            return original(connection, *args, **kwargs)

        AbstractConnection.send_packed_command = send_packed_command
        self._stack.callback(setattr, AbstractConnection, "send_packed_command", original)
        backend = caches["default"]  # this thread's backend object: the session store's too
        for name in self.CACHE_METHODS:
            self._stack.enter_context(_counting(backend, name, self))
        return self

    def __exit__(self, *exc):
        self._stack.close()

    def _query(self, execute, sql, params, many, context):
        self.queries += 1
        self.statements.append(sql[:160])
        return execute(sql, params, many, context)


@contextlib.contextmanager
def _counting(backend, name: str, counter: RoundTrips):
    """Count calls of one cache method on this backend object (an instance attribute, removed after)."""
    method = getattr(backend, name)

    def counted(*args, **kwargs):
        counter.cache_calls += 1
        counter.statements.append(f"cache.{name}({str(args[0])[:60] if args else ''})")
        return method(*args, **kwargs)

    setattr(backend, name, counted)
    try:
        yield
    finally:
        delattr(backend, name)


def page_paths(path: str) -> list[str]:
    """`@file`: the paths in that file, in order; anything else: that one path."""
    if not path.startswith("@"):
        return [path]
    lines = Path(path[1:]).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip()]


def costs(path: str, requests: int, cookie: str) -> dict:
    """CPU and wall time per request, and round trips per request on a warm cache (see the module's text)."""
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    paths = page_paths(path)
    statuses = []

    def start_response(status, headers, exc_info=None):
        statuses.append(status)

    def one(url):
        response = application(_environ(url, cookie), start_response)
        b"".join(response)
        response.close()

    for url in paths:  # warm-up: every rotating path once, so the counts below are a warm cache's
        one(url)
    bad = [(url, status) for url, status in zip(paths, statuses, strict=False) if not status.startswith("200")]
    if bad:
        raise SystemExit(f"{bad[0][0]} answered {bad[0][1]}")
    with RoundTrips() as counted:
        for url in paths:
            one(url)
    walls = []
    cpu_began = time.process_time()
    for n in range(requests):
        began = time.perf_counter()
        one(paths[n % len(paths)])
        walls.append((time.perf_counter() - began) * 1000)
    cpu = (time.process_time() - cpu_began) / requests * 1000
    walls.sort()
    return {
        "cpu_ms": cpu,
        "wall_ms": sum(walls) / len(walls),
        "wall_p50": walls[len(walls) // 2],
        "wall_p99": walls[min(len(walls) - 1, int(len(walls) * 0.99))],
        "queries": counted.queries / len(paths),
        "redis": counted.redis / len(paths),
        "cache_calls": counted.cache_calls / len(paths),
        "statements": counted.statements if len(paths) == 1 else [],
    }


def _plumbing(label: str) -> bool:
    """The request-handling chain every request passes through: each middleware's __call__ and
    Django's handler wrappers. Their cumulative time is the whole request, which says nothing."""
    return (
        "profile_page.py" in label
        or label.startswith(("django/core/handlers/", "django/utils/deprecation.py"))
        or ("middleware" in label and label.endswith(("(__call__)", "(middleware)")))
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--anonymous", action="store_true", help="no session cookie")
    parser.add_argument("--costs", action="store_true", help="CPU ms and round trips per request, as JSON lines")
    parser.add_argument("--show", action="store_true", help="with --costs: each query's SQL and cache call")
    args = parser.parse_args()
    setup()
    cookie = "" if args.anonymous else patient_cookies()
    if args.costs:
        for path in args.paths:
            result = costs(path, args.requests, cookie)
            if not args.show:
                result.pop("statements")
            print(json.dumps({"path": path, **result}), flush=True)
        return 0
    for path in args.paths:
        print(profile(path, args.requests, args.top, cookie))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`make bench`: throughput and latency of the hot pages against the framework's floor.

Builds a PostgreSQL database with the demo content plus a generated corpus,
starts gunicorn on 127.0.0.1, and measures each page with wrk (bounded: a few
seconds each, loopback only). Prints a table and writes BENCHMARKS.md.
Ratios to the floor, not absolute numbers, are what to compare across runs.
"""

import os
import platform
import re
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path

from localserver import free_port, wait_until_up

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DATABASE = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench")
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
SECONDS = int(os.environ.get("BENCH_SECONDS", "8"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
WORKERS = int(os.environ.get("BENCH_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
LUA = ROOT / "scripts" / "wrk_percentiles.lua"

PAGES = [
    ("floor (fixed response)", "/healthz/floor", None),
    ("article page", "/articles/minimally-invasive-spine-surgery/", 0.50),
    ("articles list", "/articles/", None),
    ("FAQ page", "/faqs/", None),
    ("search, common word", "/search/?q=spine", None),
    ("search, rare word", "/search/?q=foramen", None),
    ("/api/estimate", "/api/estimate?procedure=63030&procedure=22612&coverage=medicare", 0.70),
    ("My page", "/me/", 0.40),
]


def run(*args, env, **kwargs):
    return subprocess.run(args, cwd=ROOT, env=env, check=True, **kwargs)


def prepare(env) -> str:
    name = DATABASE.rsplit("/", 1)[1]
    admin_url = DATABASE.rsplit("/", 1)[0] + "/postgres"
    for sql in (f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"'):
        run("psql", admin_url, "-qc", sql, env=env)
    run(PYTHON, "manage.py", "migrate", "--noinput", "-v0", env=env)
    run(PYTHON, "manage.py", "collectstatic", "--noinput", "-v0", env=env)
    run(PYTHON, "manage.py", "load_demo", "--no-accounts", env=env, stdout=subprocess.DEVNULL)
    run(PYTHON, "manage.py", "generate_corpus", env=env)
    run("redis-cli", "-u", REDIS, "flushdb", env=env, stdout=subprocess.DEVNULL)
    # A logged-in patient's session, made the way Django's login makes it.
    code = (
        "import django; django.setup();"
        "from django.contrib.sessions.backends.db import SessionStore;"
        "from portal.accounts.models import User;"
        "u = User.objects.get(email='bench-patient-0@example.com');"
        "s = SessionStore(); s['_auth_user_id'] = str(u.pk);"
        "s['_auth_user_backend'] = 'django.contrib.auth.backends.ModelBackend';"
        "s['_auth_user_hash'] = u.get_session_auth_hash(); s.create(); print(s.session_key)"
    )
    return subprocess.run(
        [PYTHON, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout.strip()


def measure(url: str, cookie: str) -> dict:
    output = subprocess.run(
        [
            "wrk",
            f"-t{min(2, CONNECTIONS)}",
            f"-c{CONNECTIONS}",
            f"-d{SECONDS}s",
            "--timeout",
            "5s",
            "-s",
            str(LUA),
            "-H",
            f"Cookie: {cookie}",
            url,
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    numbers = dict(re.findall(r"^(\w+)=([\d.]+)$", output, re.MULTILINE))
    return {key: float(value) for key, value in numbers.items()}


def main() -> int:
    if not shutil.which("wrk"):
        print("wrk is not installed: apt-get install wrk (Debian's package).", file=sys.stderr)
        return 2
    env = {
        **os.environ,
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_HTTPS": "false",
        "DATABASE_URL": DATABASE,
        "REDIS_URL": REDIS,
        "DJANGO_LOG_LEVEL": "WARNING",
        "PORTAL_RATE_LIMITS": "false",  # every request comes from one address and a few sessions
        "DJANGO_SETTINGS_MODULE": "portal.settings",
    }
    session_key = prepare(env)
    cookie = f"sessionid={session_key}"
    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "portal.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(WORKERS),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base)
        rows = []
        for name, path, target in PAGES:
            measure(base + path, cookie)  # warm the caches and connections
            result = measure(base + path, cookie)
            if result.get("non2xx", 0) or result.get("errors", 0):
                rows.append((name, path, None, target, result))
                continue
            rows.append((name, path, result, target, result))
    finally:
        server.terminate()
        server.wait(timeout=10)
    return report(rows)


def report(rows) -> int:
    floor = rows[0][2]["rps"]
    lines = [
        "| page | requests/s | p50 ms | p95 ms | p99 ms | ratio to floor | target |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    missed = []
    for name, path, result, target, raw in rows:
        if result is None:
            lines.append(f"| {name} (`{path}`) | failed: {int(raw.get('non2xx', 0))} non-2xx answers | | | | | |")
            missed.append(name)
            continue
        ratio = result["rps"] / floor
        goal = f"≥ {target:.0%}" if target else ""
        if name.startswith("search"):
            goal = "p95 < 50 ms"
            met = result["p95"] < 50
        else:
            met = target is None or ratio >= target
        if not met:
            missed.append(name)
        lines.append(
            f"| {name} (`{path}`) | {result['rps']:.0f} | {result['p50']:.1f} | {result['p95']:.1f} | "
            f"{result['p99']:.1f} | {ratio:.0%} | {goal}{'' if met else ' (missed)'} |"
        )
    machine = (
        f"{os.cpu_count()} cores, {platform.processor() or platform.machine()}, Python {platform.python_version()}, "
        f"gunicorn {WORKERS} sync workers, wrk {CONNECTIONS} connections for {SECONDS} s per page, "
        "PostgreSQL and Redis on the same machine"
    )
    table = "\n".join(lines)
    print(table)
    (ROOT / "BENCHMARKS.md").write_text(
        "# Benchmarks\n\nWritten by `make bench` (scripts/bench.py) on "
        f"{time.strftime('%Y-%m-%d')}.\n\nMachine: {machine}.\n\nCorpus: the demo content plus 2,000 generated "
        "articles (3 sections and 2 FAQs each) and 500 patients with 5 assignments each. Each page is measured "
        "logged in as a patient, after one warm-up run. Compare the ratios to the floor, not the absolute "
        "numbers: the floor is a view in the same project and server that returns a fixed response with no "
        f"database or template work.\n\n{table}\n"
        + (f"\nMissed targets: {', '.join(missed)}.\n" if missed else "\nAll targets met.\n")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

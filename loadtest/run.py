"""`make loadtest`: gunicorn on 127.0.0.1 with PostgreSQL, then locust headless, bounded to 2 minutes.

Exits non-zero when any request failed. Needs DATABASE_URL=postgres://…;
prepares that database (migrate, loadtest_setup) first. Tune with
LOADTEST_USERS (50), LOADTEST_SECONDS (60) and LOADTEST_WORKERS (3).
"""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
USERS = int(os.environ.get("LOADTEST_USERS", "50"))
SECONDS = min(int(os.environ.get("LOADTEST_SECONDS", "60")), 100)  # with start and stop, under 2 minutes
WORKERS = os.environ.get("LOADTEST_WORKERS", "3")


def manage(*args, env):
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, check=True, timeout=300)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (our own 127.0.0.1 server)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer {url} within {seconds} s")


def main() -> int:
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        print("make loadtest needs PostgreSQL: DATABASE_URL=postgres://user@127.0.0.1:5432/dbname make loadtest")
        return 2
    development = {**os.environ, "DJANGO_ENV": "development", "DJANGO_DEBUG": "true"}
    manage("migrate", "--noinput", "-v0", env=development)
    manage("loadtest_setup", "--patients", str(USERS), env=development)
    # Production settings, but over plain HTTP on 127.0.0.1 (no TLS proxy here).
    production = {
        **os.environ,
        "DJANGO_ENV": "production",
        "DJANGO_HTTPS": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_LOG_LEVEL": "WARNING",
        "PORTAL_RATE_LIMITS": "false",  # every simulated patient comes from 127.0.0.1
    }
    manage("collectstatic", "--noinput", "-v0", env=production)
    port = free_port()
    host = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "portal.wsgi", "-c", "portal/gunicorn.conf.py"]
        + ["--bind", f"127.0.0.1:{port}", "--workers", WORKERS, "--access-logfile", os.devnull],
        cwd=ROOT,
        env=production,
    )
    try:
        wait_for(f"{host}/healthz")
        locust = [sys.executable, "-m", "locust", "-f", str(ROOT / "loadtest" / "locustfile.py"), "--headless"]
        locust += ["--users", str(USERS), "--spawn-rate", "10", "--run-time", f"{SECONDS}s", "--host", host]
        locust += ["--only-summary", "--stop-timeout", "5", "--loglevel", "WARNING"]
        env = {**os.environ, "LOADTEST_PATIENTS": str(USERS)}
        return subprocess.run(locust, env=env, timeout=SECONDS + 30, check=False).returncode
    finally:
        server.terminate()
        server.wait(timeout=15)


if __name__ == "__main__":
    sys.exit(main())

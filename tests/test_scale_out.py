"""Two gunicorn instances on one PostgreSQL and one Redis: a change made by one
instance's code path is seen by the other at once (stateless app servers)."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection

from tests.conftest import restore_migration_data
from tests.factories import ArticleFactory, PatientFactory, SectionFactory

ROOT = Path(settings.BASE_DIR)
REDIS_URL = "redis://127.0.0.1:6379/13"
SECRET_KEY = "scale-out-test-" + "k" * 50  # shared by all instances, as in production


def _redis_available() -> bool:
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


pytestmark = [
    pytest.mark.skipif(not _redis_available(), reason="needs Redis at 127.0.0.1:6379"),
    pytest.mark.skipif(shutil.which("gunicorn", path=str(Path(sys.executable).parent)) is None, reason="no gunicorn"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start(port: int, database_url: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_HTTPS": "false",
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DJANGO_STATIC_MANIFEST": "false",
    }
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    return subprocess.Popen(
        [gunicorn, "portal.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _get(port: int, path: str, session_key: str) -> str:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Cookie": f"sessionid={session_key}"})
    with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310 (loopback only)
        return response.read().decode()


def _wait(port: int, seconds: float = 30) -> None:
    """Wait for gunicorn to answer; a busy CI machine may take a while to load the app."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5)  # noqa: S310
            return
        except OSError:  # refused, reset or timed out: not up yet
            time.sleep(0.2)
    raise AssertionError(f"gunicorn on port {port} did not start in {seconds} s")


@pytest.mark.django_db(transaction=True)
def test_two_instances_share_sessions_and_see_each_others_cache_invalidation(settings):
    restore_migration_data()  # an earlier transactional test may have emptied the roles
    redis.Redis.from_url(REDIS_URL).flushdb()
    # This test process plays a third instance: same database, same Redis.
    settings.SECRET_KEY = SECRET_KEY
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    patient = PatientFactory()
    article = ArticleFactory(slug="shared-article")
    section = SectionFactory(article=article, body="The first version of the text.")
    session = SessionStore()
    session.update(
        {
            "_auth_user_id": str(patient.pk),
            "_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
            "_auth_user_hash": patient.get_session_auth_hash(),
        }
    )
    session.create()

    db = connection.settings_dict
    host = quote(db["HOST"] or "127.0.0.1", safe="")  # a socket folder (the embedded server) is percent-encoded
    database_url = f"postgres://{db['USER']}@{host}:{db['PORT'] or 5432}/{db['NAME']}"
    ports = [_free_port(), _free_port()]
    servers = [_start(port, database_url) for port in ports]
    try:
        for port in ports:
            _wait(port)
        # One session works on both instances: sessions live in the shared database.
        for port in ports:
            assert "The first version of the text." in _get(port, "/articles/shared-article/", session.session_key)
        # Both now serve the body from Redis. An edit invalidates it for both.
        section.body = "The second version of the text."
        section.save()
        for port in ports:
            assert "The second version of the text." in _get(port, "/articles/shared-article/", session.session_key)
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)

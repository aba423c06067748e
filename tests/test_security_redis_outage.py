"""With Redis stopped under a running gunicorn, a logged-in patient keeps reading pages.

The family of tests/test_security_outage.py: a throwaway PostgreSQL cluster and
a real redis-server on their own ports serve one gunicorn worker. The test
stops Redis, keeps reading pages, starts Redis again on the same port, and
checks: no 5xx at any time, the same session cookie still logged in
afterwards, one warning in the server's log for the whole outage, and Redis
in use again once it is back. Skipped where the PostgreSQL 15 server programs
or redis-server are missing.
"""

import json
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
import redis

from tests.test_security_outage import PG_BIN, Cluster, free_port, start_portal, wait_until

EMAIL, PASSWORD = "redis.outage.patient@example.com", "redis-outage-passphrase"
PAGES = ["/articles/", "/me/", "/faqs/", "/search/?q=back", "/api/search?q=back", "/glossary/", "/"]
LOGOUT_FORM = 'action="/accounts/logout/"'

pytestmark = pytest.mark.skipif(
    not (PG_BIN / "initdb").exists() or shutil.which("redis-server") is None,
    reason="needs the PostgreSQL 15 server programs and redis-server to make throwaway servers",
)


class RedisServer:
    """redis-server on its own port, nothing saved to disk."""

    def __init__(self, folder: Path):
        self.folder, self.port, self.process = folder, free_port(), None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
            + ["--dir", str(self.folder)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=1)
        wait_until(lambda: self._pings(client), 10)

    @staticmethod
    def _pings(client) -> bool:
        try:
            return client.ping()
        except redis.RedisError:
            return False

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def keys(self) -> int:
        return redis.Redis(port=self.port).dbsize()


@pytest.fixture
def served_portal():
    folder = Path(tempfile.mkdtemp(prefix="portal-redis-outage-"))
    cluster, cache = Cluster(folder), RedisServer(folder)
    server, log = None, folder / "gunicorn.log"
    try:
        cluster.init()
        cluster.start()
        cache.start()
        server, browser = start_portal(
            cluster.url,
            email=EMAIL,
            password=PASSWORD,
            extra_env={"REDIS_URL": f"redis://127.0.0.1:{cache.port}/0"},
            log=log,
        )
        yield cache, browser, log
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        cache.stop()
        cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)


def read_every_page(browser) -> list[tuple[str, int, bool]]:
    """(page, status, still logged in) for each page; a redirect to the login page shows as not logged in."""
    results = []
    for page in PAGES:
        status, body, _ = browser.request(page)
        logged_in = LOGOUT_FORM in body or page.startswith("/api/")
        results.append((page, status, logged_in))
    return results


def test_a_redis_outage_costs_no_page_and_keeps_the_session(served_portal):
    cache, browser, log = served_portal
    browser.request("/accounts/login/")
    status, _, _ = browser.request(
        "/accounts/login/",
        {"username": EMAIL, "password": PASSWORD, "csrfmiddlewaretoken": browser.cookie("csrftoken")},
    )
    assert status == 200
    session = browser.cookie("sessionid")
    before = read_every_page(browser)
    assert all(status == 200 and logged_in for _, status, logged_in in before), before
    assert cache.keys() > 0  # the session and pages were cached

    cache.stop()
    started = time.monotonic()
    during = []
    while time.monotonic() - started < 4:  # several back-off periods
        during += read_every_page(browser)
    assert [row for row in during if row[1] >= 500] == []
    assert all(status == 200 and logged_in for _, status, logged_in in during), during
    status, body, _ = browser.request("/healthz")
    assert (status, json.loads(body)["cache"]) == (503, "failed")

    cache.start()  # empty, on the same port
    time.sleep(1.2)  # past the back-off
    after = read_every_page(browser)
    assert all(status == 200 and logged_in for _, status, logged_in in after), after
    assert browser.cookie("sessionid") == session
    assert cache.keys() > 0  # in use again
    assert browser.request("/healthz")[0] == 200

    text = log.read_text()
    assert text.count("Cache unreachable") == 1, text[-3000:]
    assert text.count("Cache reachable again") == 1
    print(f"{len(during)} page reads during the outage, none failed")

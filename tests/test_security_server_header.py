"""The documented production server (gunicorn with portal/gunicorn.conf.py) does not announce itself."""

import os
import subprocess
import sys
import urllib.request

from django.conf import settings

from tests.test_security_outage import free_port, wait_until


def test_responses_carry_no_server_header():
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_ENV": "development",
        "DJANGO_DEBUG": "false",
        "DJANGO_SETTINGS_MODULE": "portal.settings",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "portal.wsgi", "-c", "portal/gunicorn.conf.py"]
        + ["--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/healthz/floor"
        wait_until(lambda: urllib.request.urlopen(url, timeout=5).status == 200, 30)  # noqa: S310 (loopback)
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback)
            headers = {name.lower() for name in response.headers}
        assert "server" not in headers
        assert "date" in headers  # the rest of gunicorn's headers are still sent
    finally:
        server.terminate()
        server.wait(timeout=10)

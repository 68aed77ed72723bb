"""Back up, change, restore, compare: on whichever database the suite runs on."""

from __future__ import annotations

import shutil
from datetime import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from kaizen.accounts.models import Organisation, User
from kaizen.backups import dumps

needs_pg_dump = pytest.mark.skipif(
    connection.vendor == "postgresql" and shutil.which("pg_dump") is None,
    reason="pg_dump is not installed",
)


def backup(directory: Path, keep: int = 3) -> Path:
    out = StringIO()
    call_command("backup", dir=directory, keep=keep, stdout=out)
    return Path(out.getvalue().removeprefix("Backed up to ").strip())


def contents() -> list[tuple[str, str]]:
    return sorted(Organisation.objects.values_list("slug", "name")) + sorted(
        User.objects.values_list("email", "full_name")
    )


@needs_pg_dump
@pytest.mark.django_db(transaction=True)
def test_a_restore_brings_back_exactly_what_was_backed_up(tmp_path: Path) -> None:
    Organisation.objects.create(name="Riverside NHS Trust", slug="riverside")
    User.objects.create_user("ann@riverside.example", "pw", full_name="Ann")
    before = contents()
    path = backup(tmp_path)
    Organisation.objects.filter(slug="riverside").update(name="Changed")
    Organisation.objects.create(name="Hillside", slug="hillside")
    User.objects.all().delete()
    assert contents() != before

    call_command("restore", str(path), yes=True, stdout=StringIO())

    assert contents() == before


@needs_pg_dump
@pytest.mark.django_db(transaction=True)
def test_it_refuses_to_restore_over_data_without_yes(tmp_path: Path) -> None:
    Organisation.objects.create(name="Riverside NHS Trust", slug="riverside")
    path = backup(tmp_path)
    Organisation.objects.create(name="Hillside", slug="hillside")
    with pytest.raises(CommandError, match="already holds data"):
        call_command("restore", str(path))
    assert Organisation.objects.count() == 2


@pytest.mark.django_db
def test_it_knows_whether_the_database_holds_data() -> None:
    assert not dumps.holds_data()
    Organisation.objects.create(name="Riverside NHS Trust", slug="riverside")
    assert dumps.holds_data()


@pytest.mark.django_db
def test_it_keeps_only_the_newest_backups(tmp_path: Path) -> None:
    suffix = dumps.SUFFIXES[connection.vendor]
    for day in range(1, 6):
        (tmp_path / f"kaizen-2026010{day}-020000{suffix}").write_bytes(b"old")
    (tmp_path / "notes.txt").write_text("not a backup")
    deleted = dumps.prune(tmp_path, keep=2)
    assert [path.name[7:15] for path in deleted] == ["20260101", "20260102", "20260103"]
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        f"kaizen-20260104-020000{suffix}",
        f"kaizen-20260105-020000{suffix}",
        "notes.txt",
    ]


@needs_pg_dump
@pytest.mark.django_db(transaction=True)
def test_a_backup_is_named_by_its_date_and_prunes_the_oldest(tmp_path: Path) -> None:
    suffix = dumps.SUFFIXES[connection.vendor]
    old = tmp_path / f"kaizen-20200101-000000{suffix}"
    old.write_bytes(b"old")
    path = dumps.backup(tmp_path, keep=1, now=datetime(2026, 12, 4, 2, 30))
    assert path.name == f"kaizen-20261204-023000{suffix}"
    assert not old.exists()
    assert not list(tmp_path.glob("*.partial"))


@pytest.mark.django_db
def test_it_refuses_a_file_that_is_not_a_backup(tmp_path: Path) -> None:
    missing = tmp_path / "nothing.sqlite3"
    with pytest.raises(CommandError, match="no backup file"):
        call_command("restore", str(missing))
    wrong = tmp_path / "notes.txt"
    wrong.write_text("hello")
    with pytest.raises(CommandError, match="is not a backup"):
        call_command("restore", str(wrong), yes=True)


def test_it_will_not_keep_zero_backups(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="at least 1"):
        call_command("backup", dir=tmp_path, keep=0)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="an SQLite file")
@pytest.mark.django_db
def test_it_refuses_a_damaged_sqlite_file_and_keeps_the_data(tmp_path: Path) -> None:
    Organisation.objects.create(name="Riverside NHS Trust", slug="riverside")
    damaged = tmp_path / "kaizen-20260101-000000.sqlite3"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)
    with pytest.raises(CommandError, match=r"not a readable SQLite database|damaged"):
        call_command("restore", str(damaged), yes=True)
    assert Organisation.objects.filter(slug="riverside").exists()

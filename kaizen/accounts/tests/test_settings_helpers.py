"""The environment-driven helpers in kaizen/settings.py."""

from __future__ import annotations

import secrets
import stat
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from kaizen import settings


def test_it_reads_a_full_database_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://qi:p%40ss@db.example:6543/kaizen_prod")
    config = settings.database()
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["NAME"], config["USER"], config["PASSWORD"]) == ("kaizen_prod", "qi", "p@ss")
    assert (config["HOST"], config["PORT"]) == ("db.example", "6543")


def test_it_fills_in_a_short_database_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1")
    config = settings.database()
    assert (config["NAME"], config["USER"], config["PASSWORD"]) == ("kaizen", "postgres", "")
    assert config["PORT"] == ""


def test_it_refuses_another_kind_of_database_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "mysql://root@localhost/kaizen")
    with pytest.raises(ImproperlyConfigured):
        settings.database()


def test_it_defaults_to_sqlite_in_the_var_dir(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("DB", raising=False)
    monkeypatch.setattr(settings, "VAR_DIR", tmp_path / "var")
    config = settings.database()
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / "var" / "kaizen.sqlite3")


def test_it_creates_the_secret_key_once_readable_by_the_owner_only(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setattr(settings, "VAR_DIR", tmp_path)
    first = settings.secret_key()
    assert len(first) >= 50
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600
    assert settings.secret_key() == first


def test_the_secret_key_file_appears_only_once_written(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Parallel test workers start together: one must never read another's half-written key.
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setattr(settings, "VAR_DIR", tmp_path)
    visible_while_writing = []

    def token(nbytes: int) -> str:
        visible_while_writing.append((tmp_path / "secret_key").exists())
        return "k" * nbytes

    monkeypatch.setattr(secrets, "token_urlsafe", token)
    assert settings.secret_key() == "k" * 50
    assert visible_while_writing == [False]
    assert [path.name for path in tmp_path.iterdir()] == ["secret_key"]


def test_the_first_process_to_write_the_secret_key_wins(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setattr(settings, "VAR_DIR", tmp_path)

    def token_while_another_process_writes(nbytes: int) -> str:
        (tmp_path / "secret_key").write_text("theirs")
        return "ours"

    monkeypatch.setattr(secrets, "token_urlsafe", token_while_another_process_writes)
    assert settings.secret_key() == "theirs"
    assert [path.name for path in tmp_path.iterdir()] == ["secret_key"]


def test_it_prefers_the_secret_key_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    monkeypatch.setattr(settings, "VAR_DIR", tmp_path)
    assert settings.secret_key() == "from-the-environment"
    assert not (tmp_path / "secret_key").exists()


@pytest.mark.parametrize(("raw", "expected"), [("yes", True), ("0", False), ("", True)])
def test_it_reads_booleans(monkeypatch: pytest.MonkeyPatch, raw: str, expected: bool) -> None:
    monkeypatch.setenv("KAIZEN_TEST_FLAG", raw)
    assert settings.envbool("KAIZEN_TEST_FLAG", True) is expected


def test_it_refuses_an_unclear_boolean(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAIZEN_TEST_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured):
        settings.envbool("KAIZEN_TEST_FLAG", False)


def test_it_hashes_passwords_with_scrypt() -> None:
    # Tests swap in a fast hasher; the settings module itself must name a strong one first.
    assert settings.PASSWORD_HASHERS[0].endswith("ScryptPasswordHasher")

"""Settings from the environment: PostgreSQL from a URL, SQLite that cannot deadlock."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from jixiao_web.settings import _bytes, database_from_url, sqlite_database


def test_a_postgres_url_becomes_a_psycopg_database() -> None:
    database = database_from_url("postgres://jx:p%40ss@db.local:5433/jixiao")

    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["USER"], database["PASSWORD"]) == ("jx", "p@ss")
    assert (database["HOST"], database["PORT"], database["NAME"]) == ("db.local", "5433", "jixiao")


def test_a_url_of_another_database_is_refused() -> None:
    with pytest.raises(ImproperlyConfigured):
        database_from_url("mysql://x@y/z")


def test_sqlite_takes_the_write_lock_at_the_start_and_runs_in_wal_mode(tmp_path: Path) -> None:
    database = sqlite_database(tmp_path / "db.sqlite3")

    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]


def test_the_attachment_limit_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("JIXIAO_ATTACHMENT_MAX_BYTES", "1048576")
    assert _bytes("JIXIAO_ATTACHMENT_MAX_BYTES", 7) == 1048576
    monkeypatch.setenv("JIXIAO_ATTACHMENT_MAX_BYTES", "")
    assert _bytes("JIXIAO_ATTACHMENT_MAX_BYTES", 7) == 7


@pytest.mark.parametrize("value", ["20MB", "-5", "0"])
def test_an_attachment_limit_that_is_not_a_byte_count_is_refused(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("JIXIAO_ATTACHMENT_MAX_BYTES", value)
    with pytest.raises(ImproperlyConfigured, match="JIXIAO_ATTACHMENT_MAX_BYTES"):
        _bytes("JIXIAO_ATTACHMENT_MAX_BYTES", 7)


def test_sessions_and_cache_live_outside_the_process() -> None:
    from django.conf import settings

    from jixiao_web import settings as app_settings

    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"
    assert app_settings.CACHES["default"]["BACKEND"].endswith(("DatabaseCache", "RedisCache"))
    if app_settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache"):
        # room for every open draft's editor beside the sessions (Django's default is 300)
        assert app_settings.CACHES["default"]["OPTIONS"]["MAX_ENTRIES"] >= 5000
    assert settings.LANGUAGE_CODE == "zh-hans"


def test_the_production_settings_pass_djangos_deployment_checks(tmp_path: Path) -> None:
    environment = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "jixiao_web.settings",
        "JIXIAO_SECRET_KEY": secrets.token_urlsafe(50),
        "JIXIAO_ALLOWED_HOSTS": "jixiao.example.org",
        "JIXIAO_DATA_DIR": str(tmp_path),
    }
    command = [
        sys.executable,
        "-m",
        "jixiao_web.manage",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    ]

    result = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)

    assert result.returncode == 0, result.stderr

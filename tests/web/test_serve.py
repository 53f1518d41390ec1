"""The first command: migrate, demo data into an empty database, then serve on loopback."""

from __future__ import annotations

from typing import Any

import pytest

from jixiao_web import serve


def test_serve_migrates_loads_the_demo_if_empty_and_runs_on_loopback(
    monkeypatch: pytest.MonkeyPatch, db: None
) -> None:
    calls: list[tuple[str, dict[str, Any]]] = []

    def record(name: str, *args: Any, **options: Any) -> None:
        calls.append((name, options))

    monkeypatch.setattr("django.core.management.call_command", record)

    serve.main([])

    assert [name for name, _ in calls] == ["migrate", "createcachetable", "demo", "runserver"]
    assert calls[2][1] == {"if_empty": True}
    assert serve.ADDRESS == "127.0.0.1:8000"


def test_jixiao_web_serve_is_the_same_first_run_command(monkeypatch: pytest.MonkeyPatch) -> None:
    from jixiao_web import manage

    received: list[list[str]] = []
    monkeypatch.setattr(serve, "main", received.append)

    manage.main(["jixiao-web", "serve", "127.0.0.1:9000"])

    assert received == [["127.0.0.1:9000"]]

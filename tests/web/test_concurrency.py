"""Two editors saving the same draft at once through a real server: nothing is lost.

A gunicorn server (threaded workers in separate processes, as deployed) runs on a fresh
database: a temporary SQLite file, or — when the run has ``DATABASE_URL`` — a PostgreSQL
database of its own, created and dropped here. Two signed-in users who may both edit the demo
draft each make 200 saves through the API: read the current version, append their marker to
one field, save based on that version. A stale save must be answered 409 ``version-conflict``;
anything else that is not a success fails the test. The database then tells whether every
successful save made exactly one version that builds on the one before it.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlparse, urlunparse

import pytest

pytestmark = pytest.mark.slow

SAVES_PER_EDITOR = 200
EDITORS = ("zhujian-tianbao", "admin")  # the seed bureau's 填报人 and the administrator
DEMO_PASSWORD = "jixiao-demo"
FIELD = "deviation_reason"  # of the funds block: each save appends its marker here
STARTUP_SECONDS = 30


# -- the server ----------------------------------------------------------------------------------


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "jixiao_web.manage", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def database_url() -> Iterator[str | None]:
    """A PostgreSQL database of the server's own when the run uses PostgreSQL, else None."""
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        yield None
        return
    import psycopg

    name = f"jixiao_stress_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunparse(urlparse(url)._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def server_env(tmp_path: Path, database_url: str | None) -> dict[str, str]:
    """A production-like environment (debug off) on a fresh database with the demo data."""
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="jixiao_web.settings",
        JIXIAO_DATA_DIR=str(tmp_path / "data"),
        JIXIAO_DEBUG="0",
        JIXIAO_HTTPS="0",
        JIXIAO_ALLOWED_HOSTS="127.0.0.1",
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    manage(env, "migrate", "--verbosity", "0")
    manage(env, "createcachetable")
    manage(env, "demo")
    return env


@pytest.fixture
def server(server_env: dict[str, str], tmp_path: Path) -> Iterator[tuple[str, int]]:
    """gunicorn on a free loopback port: 2 processes × 2 threads. Yields (host, port)."""
    log_path = tmp_path / "gunicorn.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "jixiao_web.wsgi", "--bind", "127.0.0.1:0",
             "--workers", "2", "--worker-class", "gthread", "--threads", "2"],
            env=server_env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        port = _listening_port(log_path, process)
        _wait_until_healthy(port)
        yield "127.0.0.1", port
    finally:
        process.terminate()
        process.wait(timeout=30)


def _listening_port(log_path: Path, process: subprocess.Popen[bytes]) -> int:
    """The port gunicorn chose (bound to port 0: no race for a free port)."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        found = re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", log_path.read_text())
        if found:
            return int(found.group(1))
        assert process.poll() is None, log_path.read_text()
        time.sleep(0.05)
    raise AssertionError(f"gunicorn did not start:\n{log_path.read_text()}")


def _wait_until_healthy(port: int) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.05)
    raise AssertionError("the server never answered /healthz")


# -- an editor: one signed-in session ------------------------------------------------------------


@dataclass
class Editor:
    """A signed-in user with a keep-alive connection, its cookies and its CSRF token."""

    username: str
    connection: http.client.HTTPConnection
    cookies: dict[str, str] = field(default_factory=dict)

    def request(
        self, method: str, path: str, body: str = "", headers: dict[str, str] | None = None
    ) -> tuple[int, bytes]:
        sent = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if method != "GET":
            sent["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        self.connection.request(method, path, body.encode(), {**sent, **(headers or {})})
        response = self.connection.getresponse()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, response.read()

    def log_in(self) -> None:
        self.request("GET", "/login/")  # the CSRF cookie
        form = {
            "username": self.username,
            "password": DEMO_PASSWORD,
            "csrfmiddlewaretoken": self.cookies["csrftoken"],
        }
        form_type = {"Content-Type": "application/x-www-form-urlencoded"}
        status, _ = self.request("POST", "/login/", urlencode(form), form_type)
        assert status == 302, f"{self.username} not logged in"
        assert "sessionid" in self.cookies

    def read(self, document_id: int) -> dict[str, Any]:
        status, body = self.request("GET", f"/api/documents/{document_id}")
        assert status == 200, body[:500]
        document: dict[str, Any] = json.loads(body)
        return document


def editor(host: str, port: int, username: str) -> Editor:
    signed_in = Editor(username, http.client.HTTPConnection(host, port, timeout=60))
    signed_in.log_in()
    return signed_in


@dataclass
class Outcome:
    """What one editor saw: the version each successful save made, and every other answer."""

    marker_prefix: str
    created: dict[int, str] = field(default_factory=dict)  # version number → marker
    conflicts: int = 0
    unexpected: list[tuple[int, str]] = field(default_factory=list)


def edit_repeatedly(who: Editor, document_id: int, start: threading.Barrier, out: Outcome) -> None:
    """Read, append a marker, save based on what was read; on a conflict read again."""
    try:
        start.wait(timeout=STARTUP_SECONDS)
        _edit(who, document_id, out)
    except Exception as error:  # the main thread reports it with the other surprises
        out.unexpected.append((0, repr(error)))


def _edit(who: Editor, document_id: int, out: Outcome) -> None:
    for attempt in range(SAVES_PER_EDITOR):
        document = who.read(document_id)
        evaluation, based_on = document["evaluation"], document["version"]
        marker = f"{out.marker_prefix}{attempt}"
        evaluation["funds"][FIELD] = f"{evaluation['funds'][FIELD] or ''} {marker}"
        payload = json.dumps({"based_on": based_on, "evaluation": evaluation, "note": marker})
        status, body = who.request("PUT", f"/api/documents/{document_id}", payload)
        _record(out, status, body, based_on, marker)


def _record(out: Outcome, status: int, body: bytes, based_on: int, marker: str) -> None:
    answer = json.loads(body) if body.startswith(b"{") else {}
    if status == 200 and answer.get("version") == based_on + 1:
        out.created[answer["version"]] = marker
    elif status == 409 and _is_conflict(answer, based_on):
        out.conflicts += 1
    else:
        out.unexpected.append((status, body[:300].decode(errors="replace")))


def _is_conflict(answer: dict[str, Any], based_on: int) -> bool:
    detail = answer.get("detail", {})
    return (
        answer.get("code") == "version-conflict"
        and bool(answer.get("message"))
        and detail.get("based_on") == based_on
        and detail.get("current", 0) > based_on
    )


# -- what the database holds ---------------------------------------------------------------------

VERSIONS_SCRIPT = """
import json
from jixiao_web.evaluations.models import Document, Version
document = Document.objects.get(pk={pk})
rows = Version.objects.filter(document=document).order_by("number")
print(json.dumps({{
    "current": document.version,
    "versions": [
        [v.number, json.loads(v.evaluation_json)["funds"]["{field}"] or "",
         v.author.username if v.author else ""]
        for v in rows
    ],
}}))
"""


def stored_versions(env: dict[str, str], document_id: int) -> dict[str, Any]:
    script = VERSIONS_SCRIPT.format(pk=document_id, field=FIELD)
    output = manage(env, "shell", "--verbosity", "0", "--command", script)
    stored: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    return stored


def draft_of(who: Editor) -> int:
    status, body = who.request("GET", "/api/documents")
    assert status == 200
    drafts = [row["id"] for row in json.loads(body)["items"] if row["state"] == "draft"]
    assert drafts, "the demo gives the seed bureau's filler a draft"
    return int(drafts[0])


# -- the test ------------------------------------------------------------------------------------


def test_two_editors_saving_the_same_draft_lose_nothing_and_every_stale_save_is_a_conflict(
    server: tuple[str, int], server_env: dict[str, str]
) -> None:
    editors = [editor(*server, username) for username in EDITORS]
    document_id = draft_of(editors[0])
    first = editors[0].read(document_id)
    outcomes = [Outcome(marker_prefix=prefix) for prefix in ("A", "B")]
    start = threading.Barrier(len(editors))
    threads = [
        threading.Thread(target=edit_repeatedly, args=(who, document_id, start, out))
        for who, out in zip(editors, outcomes, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not any(thread.is_alive() for thread in threads), "an editor hung"
    assert [out.unexpected for out in outcomes] == [[], []]
    saved = sum(len(out.created) for out in outcomes)
    assert saved + sum(out.conflicts for out in outcomes) == SAVES_PER_EDITOR * len(editors)
    assert all(out.created for out in outcomes), "each editor got some saves through"
    assert any(out.conflicts for out in outcomes), "the editors really did collide"
    _assert_every_save_built_on_the_one_before(
        stored_versions(server_env, document_id),
        first_version=first["version"],
        first_text=first["evaluation"]["funds"][FIELD] or "",
        created={**outcomes[0].created, **outcomes[1].created},
        authors={"A": EDITORS[0], "B": EDITORS[1]},
    )


def _assert_every_save_built_on_the_one_before(
    stored: dict[str, Any],
    first_version: int,
    first_text: str,
    created: dict[int, str],
    authors: dict[str, str],
) -> None:
    numbers = [number for number, _, _ in stored["versions"]]
    assert numbers == list(range(1, first_version + len(created) + 1))
    assert stored["current"] == numbers[-1]
    assert sorted(created) == numbers[first_version:], "one version per successful save"
    text = first_text
    for number, stored_text, author in stored["versions"][first_version:]:
        marker = created[number]
        text = f"{text} {marker}"
        # No lost update: each version is the one before it plus exactly this save's marker.
        assert stored_text == text, f"version {number} lost or mixed up a change"
        assert author == authors[marker[0]]

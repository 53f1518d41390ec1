"""Fixtures for the browser tests: a small district, real logins, and Debian's chromium.

Playwright's sync API is used directly (no pytest-playwright fixtures) with the chromium that
Debian packages: ``playwright install`` downloads a browser and is neither needed nor wanted.
The app runs in pytest-django's ``live_server`` (a threaded server on the test database).

The sync API keeps an event loop running in the test's thread, where Django refuses ORM
calls; every fixture that touches the database is therefore set up before the browser starts
and torn down after it stops (``open_session`` depends on them), and the tests assert through
the pages only.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect, sync_playwright

REPO_ROOT = Path(__file__).resolve().parents[3]
SCREENSHOTS = REPO_ROOT / "test-output" / "browser"
PASSWORD = "browser-test-pw"

# Without these, chromium on a closed network stalls on connections it makes on its own.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str | None:
    """Debian's chromium (``JIXIAO_CHROMIUM`` names another binary)."""
    wanted = os.environ.get("JIXIAO_CHROMIUM", "/usr/bin/chromium")
    return wanted if Path(wanted).exists() else shutil.which("chromium")


@dataclass(frozen=True)
class District:
    """The seed's bureau under its finance bureau, with one account per role of the path."""

    bureau: str
    filler: str
    head: str
    finance: str


@pytest.fixture
def district(transactional_db: None) -> District:
    from django.contrib.auth.models import User

    from jixiao_web.demo import FINANCE, SEED_BUREAU
    from jixiao_web.orgs.models import Membership, OrgUnit, Role, UnitKind

    finance = OrgUnit.objects.create(name=FINANCE, kind=UnitKind.FINANCE)
    bureau = OrgUnit.objects.create(name=SEED_BUREAU, kind=UnitKind.DEPARTMENT, parent=finance)
    accounts = {
        "zhujian-tianbao": (Role.FILLER, bureau),
        "zhujian-fuze": (Role.HEAD, bureau),
        "caizheng": (Role.FINANCE, finance),
    }
    for username, (role, unit) in accounts.items():
        user = User.objects.create_user(username, password=PASSWORD)
        Membership.objects.create(user=user, unit=unit, role=role)
    return District(SEED_BUREAU, "zhujian-tianbao", "zhujian-fuze", "caizheng")


@dataclass
class Session:
    """A browser context of its own (its own cookies) on the live server, for one person."""

    page: Page
    base_url: str

    def go(self, path: str) -> None:
        self.page.goto(self.base_url + path)

    def log_in(self, username: str) -> None:
        """Through the real login page, as a person does."""
        self.go("/login/")
        self.page.get_by_label("用户名").fill(username)
        self.page.get_by_label("密码").fill(PASSWORD)
        self.page.get_by_role("button", name="登录").click()
        expect(self.page.locator("header .who")).to_contain_text(username)


@pytest.fixture
def open_session(
    request: pytest.FixtureRequest, live_server: Any, district: District, screenshots: Path
) -> Iterator[Callable[[], Session]]:
    """Opens a fresh session per person; a failing test leaves ``failure-N.png`` behind.

    Playwright starts here, after the database fixtures, and stops before they are torn down:
    while it runs, Django refuses ORM calls in this thread (see the module's docstring).
    """
    executable = chromium_path()
    if executable is None:
        pytest.skip("Debian chromium is not installed: apt-get install -y chromium")
    sessions: list[Session] = []
    expect.set_options(timeout=10_000)  # generous for a loaded CI machine; passing is fast
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)

        def open_one() -> Session:
            context = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 900})
            context.set_default_timeout(10_000)
            sessions.append(Session(context.new_page(), live_server.url))
            return sessions[-1]

        yield open_one
        if _failed(request):
            for number, session in enumerate(sessions, start=1):
                session.page.screenshot(path=screenshots / f"failure-{number}.png", full_page=True)
        browser.close()


_CALL_FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if report.when == "call":
        item.stash[_CALL_FAILED] = report.failed
    return report


def _failed(request: pytest.FixtureRequest) -> bool:
    failed: bool = request.node.stash.get(_CALL_FAILED, False)
    return failed


@pytest.fixture
def screenshots() -> Path:
    """``test-output/browser/`` at the repository root, emptied of the last run's pictures."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for old in SCREENSHOTS.glob("*.png"):
        old.unlink()
    return SCREENSHOTS

"""Web tests: Django is configured here, for this folder only.

The core suite (tests/core, tests/cli) runs without Django; this conftest is loaded only when
pytest collects tests/web, and then points pytest-django at the app's settings. The test
database is pytest-django's (SQLite in memory, or a ``test_…`` database when DATABASE_URL
names a PostgreSQL server).
"""

from __future__ import annotations

import os
import secrets
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest


def pytest_configure(config: pytest.Config) -> None:
    # The app's own settings (xdist workers inherit these variables and must find the module
    # before any conftest runs); test-only changes are made by the autouse fixture below.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao_web.settings")
    os.environ.setdefault("JIXIAO_SECRET_KEY", "tests-only-" + secrets.token_urlsafe(48))
    os.environ.setdefault("JIXIAO_DATA_DIR", tempfile.mkdtemp(prefix="jixiao-web-tests-"))
    os.environ.setdefault("JIXIAO_HTTPS", "0")  # the test client speaks plain HTTP
    import django

    django.setup()


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings: Any) -> None:
    """A fast password hasher and a per-process cache, as the web tests need no more; the
    cache starts empty, as a test's rolled-back rows are not in it either."""
    from django.core.cache import cache

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()


@dataclass
class Persona:
    """A named test user with a logged-in test client (anonymous: user is None)."""

    name: str
    user: Any
    client: Any

    @property
    def actor(self) -> Any:
        from jixiao_web.services.policy import actor_for

        return actor_for(self.user) if self.user is not None else _anonymous_actor()


def _anonymous_actor() -> Any:
    from django.contrib.auth.models import AnonymousUser

    from jixiao_web.services.policy import Actor

    return Actor(user=AnonymousUser())


@pytest.fixture
def org(db: None) -> dict[str, Any]:
    """财政局 → 主管部门 D (units A, B) and 主管部门 E (unit C)."""
    from jixiao_web.orgs.models import OrgUnit, UnitKind

    finance = OrgUnit.objects.create(name="测试财政局", kind=UnitKind.FINANCE)
    d = OrgUnit.objects.create(name="主管部门D", kind=UnitKind.DEPARTMENT, parent=finance)
    e = OrgUnit.objects.create(name="主管部门E", kind=UnitKind.DEPARTMENT, parent=finance)
    a = OrgUnit.objects.create(name="单位A", kind=UnitKind.UNIT, parent=d)
    b = OrgUnit.objects.create(name="单位B", kind=UnitKind.UNIT, parent=d)
    c = OrgUnit.objects.create(name="单位C", kind=UnitKind.UNIT, parent=e)
    return {"finance": finance, "D": d, "E": e, "A": a, "B": b, "C": c}


@pytest.fixture
def make_persona(org: dict[str, Any]) -> Callable[..., Persona]:
    from django.contrib.auth.models import User
    from django.test import Client

    from jixiao_web.orgs.models import Membership

    def make(name: str, role: str, unit: str, *, staff: bool = False) -> Persona:
        user = User.objects.create_user(name, password="pw", is_staff=staff)
        Membership.objects.create(user=user, unit=org[unit], role=role)
        client = Client()
        client.force_login(user)
        return Persona(name, user, client)

    return make


@pytest.fixture
def filler_a(make_persona: Callable[..., Persona]) -> Persona:
    return make_persona("filler-a", "filler", "A")


@pytest.fixture
def head_a(make_persona: Callable[..., Persona]) -> Persona:
    return make_persona("head-a", "head", "A")


@pytest.fixture
def filler_b(make_persona: Callable[..., Persona]) -> Persona:
    return make_persona("filler-b", "filler", "B")


@pytest.fixture
def supervisor(make_persona: Callable[..., Persona]) -> Persona:
    """主管部门审核 of department D (units A and B)."""
    return make_persona("supervisor-d", "supervisor", "D")


@pytest.fixture
def other_supervisor(make_persona: Callable[..., Persona]) -> Persona:
    """主管部门审核 of department E, which does not cover units A and B."""
    return make_persona("supervisor-e", "supervisor", "E")


@pytest.fixture
def finance(make_persona: Callable[..., Persona]) -> Persona:
    return make_persona("finance", "finance", "finance")


@pytest.fixture
def admin(make_persona: Callable[..., Persona]) -> Persona:
    return make_persona("admin", "admin", "finance", staff=True)


@pytest.fixture
def anonymous(db: None) -> Persona:
    from django.test import Client

    return Persona("anonymous", None, Client())


@pytest.fixture
def clean_evaluation() -> Any:
    from tests.factories import clean_department

    evaluation = clean_department()
    evaluation.year = 2023
    return evaluation


@pytest.fixture
def draft_a(org: dict[str, Any], admin: Persona, clean_evaluation: Any) -> Any:
    """A clean 2023 draft of unit A (version 1)."""
    from jixiao_web.services.documents import create_document

    clean_evaluation.unit = "单位A"
    return create_document(admin.actor, org["A"], clean_evaluation).document


@pytest.fixture
def advance(admin: Persona) -> Callable[[Any, str], Any]:
    """Move a document along the workflow to a state, as the administrator."""
    from jixiao_web.services import workflow

    steps = {
        "submitted": ["submit"],
        "signed": ["submit", "sign"],
        "reviewed": ["submit", "sign", "review"],
        "published": ["submit", "sign", "review", "publish"],
    }

    def move(document: Any, state: str) -> Any:
        for act in steps[state]:
            if act == "review":
                workflow.review(admin.actor, document.pk, {}, "")
            else:
                getattr(workflow, act)(admin.actor, document.pk)
        document.refresh_from_db()
        return document

    return move

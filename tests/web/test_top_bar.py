"""The header on every page: the menu a role may use, who is signed in, the language switch."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client


def header(client: Client, path: str = "/public/") -> str:
    html = client.get(path).content.decode()
    return html[html.index('<header class="top">') : html.index("</header>")]


def test_the_public_sees_the_portal_and_a_way_to_sign_in(anonymous: Any) -> None:
    top = header(anonymous.client)

    assert 'href="/public/"' in top
    assert 'href="/login/"' in top
    assert "退出" not in top
    assert "我的自评表" not in top


def test_a_filler_sees_their_documents_and_their_name_but_no_dashboard(filler_a: Any) -> None:
    top = header(filler_a.client)

    assert "我的自评表" in top
    assert filler_a.name in top
    assert 'action="/logout/"' in top
    assert "概览" not in top


@pytest.mark.parametrize("persona", ["finance", "supervisor"])
def test_reviewers_also_see_the_dashboard(persona: str, request: pytest.FixtureRequest) -> None:
    assert "概览" in header(request.getfixturevalue(persona).client)


def test_every_form_in_the_header_carries_the_csrf_token(filler_a: Any) -> None:
    top = header(filler_a.client)

    assert top.count('name="csrfmiddlewaretoken"') == 2  # sign out, and the language switch


def test_the_language_switch_returns_to_the_page_it_was_used_on(filler_a: Any) -> None:
    top = header(filler_a.client, "/documents/?year=2023")

    assert '<input type="hidden" name="next" value="/documents/?year=2023">' in top
    assert 'value="zh-hans" class="link" lang="zh-Hans" aria-pressed="true"' in top


def test_a_username_is_escaped_in_the_header(org: Any) -> None:
    user = User.objects.create_user('<b onclick="x">', password="pw")
    client = Client()
    client.force_login(user)

    top = header(client)

    assert "&lt;b onclick=&quot;x&quot;&gt;" in top
    assert "<b onclick" not in top

"""The edit page's editor is rendered once per version and language, and shared safely."""

from __future__ import annotations

import re
from typing import Any
from unittest import mock

import pytest

from jixiao_web.evaluations.models import Document
from jixiao_web.pages import editor_cache
from jixiao_web.pages.views import edit as edit_view
from tests.web.test_edit_page import edit_url, form_post

CSRF_INPUT = re.compile(r'<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)">')


def editor_of(html: str) -> str:
    return html[html.index('<div id="restore-banner"') :]


def editor_part(html: str) -> str:
    """The editor of a page, without its CSRF token (which is the request's own)."""
    return CSRF_INPUT.sub("<csrf>", editor_of(html))


def test_a_second_opening_of_the_same_version_renders_no_editor(
    filler_a: Any, draft_a: Document
) -> None:
    first = filler_a.client.get(edit_url(draft_a)).content.decode()
    with mock.patch.object(edit_view, "_editor", side_effect=AssertionError("rendered")):
        second = filler_a.client.get(edit_url(draft_a)).content.decode()

    assert editor_part(second) == editor_part(first)


def test_a_saved_version_is_shown_at_once_not_the_cached_one(
    filler_a: Any, draft_a: Document
) -> None:
    filler_a.client.get(edit_url(draft_a))  # version 1 is now in the cache

    filler_a.client.post(edit_url(draft_a), form_post(draft_a, **{"funds.executed": "4321.09"}))
    html = filler_a.client.get(edit_url(draft_a)).content.decode()

    assert 'name="funds.executed" value="4321.09"' in html
    assert 'name="based_on" value="2"' in html


def test_the_cached_editor_carries_nothing_of_the_user_who_first_opened_it(
    filler_a: Any, admin: Any, draft_a: Document
) -> None:
    filler_a.client.get(edit_url(draft_a))

    html = admin.client.get(edit_url(draft_a)).content.decode()

    assert filler_a.name not in editor_part(html)
    assert admin.name in html  # the header is the admin's own


def test_each_request_gets_its_own_csrf_token_and_a_save_with_it_passes(
    make_persona: Any, draft_a: Document
) -> None:
    from django.test import Client

    filler = make_persona("filler-csrf", "filler", "A")
    checked = Client(enforce_csrf_checks=True)
    checked.force_login(filler.user)
    filler.client.get(edit_url(draft_a))  # cached by another session

    html = checked.get(edit_url(draft_a)).content.decode()
    tokens = CSRF_INPUT.findall(editor_of(html))
    post = form_post(draft_a, **{"signoff.filler": "王五"})
    post["csrfmiddlewaretoken"] = [tokens[0]]
    response = checked.post(edit_url(draft_a), post)

    assert len(tokens) == 1
    assert response.status_code == 302


def test_typed_text_cannot_pose_as_the_csrf_marker(filler_a: Any, draft_a: Document) -> None:
    marker = editor_cache.CSRF_MARKER.decode()
    filler_a.client.post(edit_url(draft_a), form_post(draft_a, **{"signoff.filler": marker}))

    html = filler_a.client.get(edit_url(draft_a)).content.decode()

    assert len(CSRF_INPUT.findall(editor_of(html))) == 1
    assert 'name="signoff.filler" value="&lt;!--csrf--&gt;"' in html


def test_each_language_has_its_own_editor(filler_a: Any, draft_a: Document) -> None:
    chinese = filler_a.client.get(edit_url(draft_a)).content.decode()
    filler_a.client.post("/i18n/setlang/", {"language": "en"})

    english = filler_a.client.get(edit_url(draft_a)).content.decode()

    assert "预算资金（万元）" in chinese
    assert "预算资金（万元）" not in english


def test_the_page_just_saved_is_marked_and_the_next_opening_is_not(
    filler_a: Any, draft_a: Document
) -> None:
    saved = filler_a.client.get(edit_url(draft_a, "?saved=1")).content.decode()
    again = filler_a.client.get(edit_url(draft_a)).content.decode()

    assert "data-just-saved" in saved
    assert "data-just-saved" not in again


def test_the_key_names_revision_document_version_save_time_and_language(
    draft_a: Document,
) -> None:
    key = editor_cache.editor_key(draft_a, just_saved=False)

    assert key.startswith(f"editor:{editor_cache.revision()}:{draft_a.pk}:{draft_a.version}:")
    assert key.endswith(":zh-hans:0")


def test_a_page_without_the_editor_slot_is_refused() -> None:
    with pytest.raises(ValueError, match="slot"):
        editor_cache.page_with_editor("<html></html>", b"<div></div>")

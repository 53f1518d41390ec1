"""Every page of unit A's draft, for every persona: one table of who gets what."""

from __future__ import annotations

from typing import Any

import pytest

from jixiao_web.evaluations.models import Document

PAGES = ["", "edit/", "versions/1/", "changes/"]
# persona → status for each page above (302: sent to log in; 403: refused; 409: locked)
EXPECTED = {
    "filler_a": [200, 200, 200, 200],
    "head_a": [200, 403, 200, 200],
    "filler_b": [403, 403, 403, 403],
    "supervisor": [200, 403, 200, 200],
    "other_supervisor": [403, 403, 403, 403],
    "finance": [200, 403, 200, 200],
    "admin": [200, 200, 200, 200],
    "anonymous": [302, 302, 302, 302],
}


@pytest.mark.parametrize(("persona", "statuses"), EXPECTED.items())
def test_each_persona_gets_exactly_what_the_policy_allows_on_a_draft(
    persona: str, statuses: list[int], request: pytest.FixtureRequest, draft_a: Document
) -> None:
    client = request.getfixturevalue(persona).client

    got = [client.get(f"/documents/{draft_a.pk}/{page}").status_code for page in PAGES]

    assert got == statuses


@pytest.mark.parametrize("persona", EXPECTED)
def test_nobody_opens_the_edit_page_of_a_published_document(
    persona: str, request: pytest.FixtureRequest, draft_a: Document, advance: Any
) -> None:
    advance(draft_a, "published")

    status = (
        request.getfixturevalue(persona).client.get(f"/documents/{draft_a.pk}/edit/").status_code
    )

    assert status in {302, 409}  # anonymous: log in first; everyone else: locked

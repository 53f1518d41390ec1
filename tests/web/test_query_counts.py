"""Pages cost a fixed number of queries, however many indicator lines a table has."""

from __future__ import annotations

from typing import Any

import pytest

from jixiao_web.evaluations.models import Document
from jixiao_web.services.documents import create_document


@pytest.fixture
def long_draft(org: dict[str, Any], admin: Any, clean_evaluation: Any) -> Document:
    """Unit A's draft with 60 indicator lines instead of 15."""
    rows = clean_evaluation.indicators
    clean_evaluation.indicators = [row.model_copy() for _ in range(4) for row in rows]
    clean_evaluation.year = 2022
    return create_document(admin.actor, org["A"], clean_evaluation).document


@pytest.mark.parametrize(
    "url", ["/documents/", "/documents/{pk}/", "/documents/{pk}/edit/", "/public/"]
)
def test_a_page_needs_the_same_queries_for_a_long_table_as_for_a_short_one(
    url: str,
    filler_a: Any,
    draft_a: Document,
    long_draft: Document,
    django_assert_max_num_queries: Any,
) -> None:
    filler_a.client.get(url.format(pk=draft_a.pk))  # the session and the first visit mark
    filler_a.client.get(url.format(pk=long_draft.pk))

    with django_assert_max_num_queries(12) as short:
        filler_a.client.get(url.format(pk=draft_a.pk))
    with django_assert_max_num_queries(12) as long:
        filler_a.client.get(url.format(pk=long_draft.pk))

    assert len(long.captured_queries) == len(short.captured_queries)

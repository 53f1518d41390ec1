"""The list filters are answered from an index, not by reading every document."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from jixiao_web.evaluations.models import Document, State


def plan(queryset: Any) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            return " ".join(str(row[-1]) for row in cursor.fetchall())
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny test table is scanned anyway
        cursor.execute(f"EXPLAIN {sql}", params)
        return " ".join(str(row[0]) for row in cursor.fetchall())


@pytest.mark.parametrize(
    ("filters", "index"),
    [
        ({"state": State.PUBLISHED, "year": 2023}, "document_state_year"),
        ({"year": 2023, "state": State.DRAFT}, "document_"),
        ({"year": 2023}, "document_year_state"),
    ],
)
def test_a_list_filter_uses_an_index(db: None, filters: dict[str, Any], index: str) -> None:
    assert index in plan(Document.objects.filter(**filters).values("pk"))

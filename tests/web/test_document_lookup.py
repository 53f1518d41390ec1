"""The document every page looks up first: the same instance the ORM would make, in one query."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jixiao_web.evaluations.models import Document
from jixiao_web.services.documents import readable_document
from jixiao_web.services.errors import NotAllowed


def test_the_document_and_its_unit_equal_what_the_orm_reads(
    filler_a: Any, draft_a: Document
) -> None:
    orm = Document.objects.select_related("unit").get(pk=draft_a.pk)
    actor = filler_a.actor  # (its roles are one query of their own)

    with CaptureQueriesContext(connection) as queries:
        found = readable_document(actor, draft_a.pk)
        title = str(found)  # names the unit: no query for it

    assert len(queries) == 1
    for field in Document._meta.concrete_fields:
        assert getattr(found, field.attname) == getattr(orm, field.attname), field.name
    assert (found.unit.pk, found.unit.name, found.unit.kind, found.unit.parent_id) == (
        orm.unit.pk,
        orm.unit.name,
        orm.unit.kind,
        orm.unit.parent_id,
    )
    assert title == str(orm)


def test_a_document_that_does_not_exist_is_refused_like_one_not_allowed(filler_a: Any) -> None:
    with pytest.raises(NotAllowed):
        readable_document(filler_a.actor, 987654)

"""The notes the app writes on versions are shown in the reader's language; typed ones as typed."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from jixiao_web.evaluations.models import Document, Version
from jixiao_web.evaluations.notes import AppNote, shown_note
from jixiao_web.services.documents import create_document


def test_an_app_note_is_stored_in_chinese_with_its_code_and_arguments(
    org: dict[str, Any], admin: Any, clean_evaluation: Any
) -> None:
    with translation.override("en"):  # whoever saves it, the stored text is Chinese
        saved = create_document(
            admin.actor, org["A"], clean_evaluation, AppNote("imported", {"name": "表.docx"})
        )

    version = saved.version
    assert (version.note, version.note_code, version.note_args) == (
        "导入 表.docx",
        "imported",
        {"name": "表.docx"},
    )


def test_a_document_created_without_a_note_is_noted_as_created(draft_a: Document) -> None:
    version = Version.objects.get(document=draft_a, number=1)

    with translation.override("en"):
        assert version.shown_note == "Created"
    with translation.override("zh-hans"):
        assert version.shown_note == "新建"


def test_the_document_page_shows_an_app_note_in_english(
    filler_a: Any, org: dict[str, Any], admin: Any, clean_evaluation: Any
) -> None:
    saved = create_document(
        admin.actor, org["A"], clean_evaluation, AppNote("carried-over", {"year": "2022"})
    )
    filler_a.client.post("/i18n/setlang/", {"language": "en"})

    html = filler_a.client.get(f"/documents/{saved.document.pk}/").content.decode()

    assert "Indicators carried over from 2022" in html
    assert "沿用" not in html


def test_a_typed_note_is_shown_as_typed_in_every_language() -> None:
    with translation.override("en"):
        assert shown_note("按审核意见修改", "", {}) == "按审核意见修改"


def test_an_unknown_note_code_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown note code"):
        AppNote("made-up")

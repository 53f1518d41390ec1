"""Starting a document: blank, from last year's indicators, or from an uploaded file."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jixiao.demo import demo_bytes
from jixiao_web.evaluations.models import Document
from jixiao_web.services.documents import current_version, load_evaluation


def start(persona: Any, org: dict[str, Any], **data: Any) -> Any:
    return persona.client.post("/documents/new/", {"unit": org["A"].pk, "year": "2024", **data})


def test_the_new_page_offers_only_units_the_user_may_fill_in(
    filler_a: Any, org: dict[str, Any]
) -> None:
    html = filler_a.client.get("/documents/new/").content.decode()

    assert "单位A" in html
    assert "单位B" not in html


def test_a_blank_document_has_the_reports_parts_from_the_rule_profile(
    filler_a: Any, org: dict[str, Any]
) -> None:
    response = start(filler_a, org, start="blank")

    document = Document.objects.get(unit=org["A"], year=2024)
    assert response["Location"] == f"/documents/{document.pk}/edit/"
    report = load_evaluation(current_version(document)).report
    assert report is not None
    assert [s.title for s in report.sections][:2] == ["基本情况", "支出情况"]


def test_a_year_starts_from_last_years_indicators_without_last_years_results(
    filler_a: Any, org: dict[str, Any], draft_a: Document
) -> None:
    start(filler_a, org, start="previous")

    last = load_evaluation(current_version(draft_a))
    new = load_evaluation(current_version(Document.objects.get(unit=org["A"], year=2024)))
    assert [i.name for i in new.indicators] == [i.name for i in last.indicators]
    assert [i.target for i in new.indicators] == [i.target for i in last.indicators]
    assert all(i.actual is None and i.score is None for i in new.indicators)
    assert new.funds.executed is None
    assert new.year == 2024


def test_without_a_previous_year_the_page_says_so(filler_a: Any, org: dict[str, Any]) -> None:
    response = start(filler_a, org, start="previous")

    assert response.status_code == 400
    assert "没有 2024 年以前的自评表" in response.content.decode()


def test_a_document_starts_from_an_uploaded_file(filler_a: Any, org: dict[str, Any]) -> None:
    upload = SimpleUploadedFile("自评表.txt", demo_bytes())

    response = start(filler_a, org, start="upload", file=upload)

    assert response.status_code == 302
    document = Document.objects.get(unit=org["A"])
    assert document.year == 2023  # the year printed in the file
    assert len(load_evaluation(current_version(document)).indicators) == 15


def test_an_unreadable_file_gives_the_importers_message_and_saves_nothing(
    filler_a: Any, org: dict[str, Any]
) -> None:
    upload = SimpleUploadedFile("junk.bin", b"\x00\x01\x02 not a table" * 10)

    response = start(filler_a, org, start="upload", file=upload)

    assert response.status_code == 400
    assert "无法读取文件“junk.bin”" in response.content.decode()
    assert not Document.objects.exists()


def test_an_upload_never_replaces_an_existing_document(
    filler_a: Any, org: dict[str, Any], draft_a: Document
) -> None:
    upload = SimpleUploadedFile("自评表.txt", demo_bytes())

    response = start(filler_a, org, start="upload", file=upload)

    assert response.status_code == 400
    assert "已经存在" in response.content.decode()
    draft_a.refresh_from_db()
    assert draft_a.version == 1


@pytest.mark.parametrize("persona", ["filler_b", "head_a", "supervisor"])
def test_nobody_else_starts_a_document_for_unit_a(
    persona: str, request: pytest.FixtureRequest, org: dict[str, Any]
) -> None:
    response = start(request.getfixturevalue(persona), org, start="blank")

    assert response.status_code == 400
    assert not Document.objects.exists()

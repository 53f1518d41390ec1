"""Rendering many evaluations: every file named, failures kept per file, PDFs in one pool."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from docx import Document

from jixiao.errors import JixiaoError
from jixiao.office import ConverterPool, office_error
from jixiao.render.base import RenderContext
from jixiao.render.batch import Job, Output, parse_formats, render_all
from jixiao.rules import load_profile
from tests.factories import clean_department, seedlike_department

CONTEXT = RenderContext(load_profile())


class FakePool:
    """Stands in for LibreOffice: a "PDF" is the Word file's size, and one file may fail."""

    def __init__(self, fail_at: int | None = None) -> None:
        self.calls: list[int] = []
        self.fail_at = fail_at

    def convert_many(
        self,
        items: Sequence[tuple[bytes, str]],
        to: str,
        progress: Callable[[int], None] | None = None,
    ) -> list[bytes | JixiaoError]:
        assert to == "pdf"
        self.calls.append(len(items))
        if progress is not None:
            progress(len(items))
        return [
            office_error("office-failed") if n == self.fail_at else f"%PDF {len(d)}".encode()
            for n, (d, _) in enumerate(items)
        ]


def _names(outputs: list[Output]) -> list[str]:
    return [output.name for output in outputs]


def test_formats_are_read_from_the_to_option():
    assert parse_formats("all") == ["docx", "xlsx", "pdf"]
    assert parse_formats("pdf, DOCX") == ["docx", "pdf"]
    for bad, named in (("odt", "odt"), ("docx,png", "png"), ("", "")):
        with pytest.raises(ValueError, match=f"^{named}$"):
            parse_formats(bad)


def test_word_and_excel_files_are_named_for_the_input_and_the_part():
    outputs = render_all([Job("住建局", clean_department())], ["docx", "xlsx"], CONTEXT)
    assert _names(outputs) == ["住建局-自评表.docx", "住建局-自评报告.docx", "住建局-自评表.xlsx"]
    assert all(output.data and output.data.startswith(b"PK") for output in outputs)


def test_the_pdfs_of_a_batch_go_to_libreoffice_in_one_call():
    pool = FakePool()
    jobs = [Job("甲", clean_department()), Job("乙", seedlike_department())]
    outputs = render_all(jobs, ["pdf"], CONTEXT, pool=pool)  # type: ignore[arg-type]
    assert pool.calls == [4]
    assert _names(outputs) == [
        "甲-自评表.pdf",
        "甲-自评报告.pdf",
        "乙-自评表.pdf",
        "乙-自评报告.pdf",
    ]
    assert all(output.data and output.data.startswith(b"%PDF") for output in outputs)


def test_a_pdf_is_made_from_the_same_word_file_that_is_written():
    pool = FakePool()
    outputs = render_all([Job("甲", clean_department())], ["docx", "pdf"], CONTEXT, pool=pool)  # type: ignore[arg-type]
    by_name = {output.name: output.data for output in outputs}
    assert by_name["甲-自评表.pdf"] == f"%PDF {len(by_name['甲-自评表.docx'] or b'')}".encode()


def test_a_file_libreoffice_rejects_fails_alone():
    outputs = render_all(
        [Job("甲", clean_department())],
        ["pdf"],
        CONTEXT,
        pool=FakePool(fail_at=1),  # type: ignore[arg-type]
    )
    assert [(o.name, o.error.code if o.error else None) for o in outputs] == [
        ("甲-自评表.pdf", None),
        ("甲-自评报告.pdf", "office-failed"),
    ]


def _broken_template(tmp_path: Path) -> bytes:
    document = Document()
    document.add_paragraph("{{ unit ")
    path = tmp_path / "broken.docx"
    document.save(str(path))
    return path.read_bytes()


def test_a_broken_report_template_fails_its_report_and_the_table_is_still_written(tmp_path):
    context = RenderContext(load_profile(), template=_broken_template(tmp_path))
    pool = FakePool()
    outputs = render_all([Job("甲", clean_department())], ["docx", "pdf"], context, pool=pool)  # type: ignore[arg-type]
    failed = {o.name: o.error.code for o in outputs if o.error}
    assert failed == {
        "甲-自评报告.docx": "render-template-invalid",
        "甲-自评报告.pdf": "render-template-invalid",
    }
    assert pool.calls == [1]  # only the table went to LibreOffice


def test_progress_counts_each_evaluation_and_each_pdf():
    told: list[tuple[str, int]] = []
    jobs = [Job("甲", clean_department()), Job("乙", clean_department())]
    render_all(jobs, ["docx", "pdf"], CONTEXT, pool=FakePool(), progress=lambda *a: told.append(a))  # type: ignore[arg-type]
    assert sum(n for stage, n in told if stage == "render") == 2
    assert sum(n for stage, n in told if stage == "pdf") == 4


def test_without_libreoffice_pdfs_stop_at_once_naming_the_package(tmp_path):
    pool = ConverterPool(1, soffice=str(tmp_path / "no-soffice"))
    with pytest.raises(JixiaoError) as caught:
        render_all([Job("甲", clean_department())], ["pdf"], CONTEXT, pool=pool)
    assert caught.value.code == "office-missing"
    assert "libreoffice-writer-nogui" in caught.value.message

"""The seed-like table, rendered to .docx, .xlsx, .pdf and .html, imports as its text form does.

Two renderings of ``tests/data/department-seedlike.txt``: the text form's own cells
(:func:`~tests.corpus.document.from_text_form`: merged cells as the empty cells the text shows)
and the model the text importer reads, printed again by :func:`tests.corpus.layouts.printed`
in the seed's layout with real merges (一级 / 二级 指标 spanning their rows, the funds and goals
blocks under their side labels). Every format must import to the very model the text importer
gives, provenance aside.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from jixiao.importers import import_bytes, import_path
from jixiao.model import Evaluation
from tests.corpus.accuracy import Accuracy, file_name, writer
from tests.corpus.document import PrintedDocument, from_text_form
from tests.corpus.layouts import printed

SEEDLIKE = Path(__file__).parent.parent / "data" / "department-seedlike.txt"

FORMATS = [
    pytest.param("docx", id="docx"),
    pytest.param("xlsx", id="xlsx"),
    pytest.param("pdf", id="pdf"),
    pytest.param("html", id="html"),
]


@pytest.fixture(scope="module")
def truth() -> Evaluation:
    (evaluation,) = import_path(SEEDLIKE).evaluations
    return evaluation


def _renderings(truth: Evaluation) -> dict[str, PrintedDocument]:
    return {
        "text-form cells": from_text_form(SEEDLIKE.read_text(encoding="utf-8")),
        "printed with real merges": printed(truth, "department-seed", random.Random(2023)),
    }


def _without_provenance(evaluation: Evaluation) -> dict[str, Any]:
    return evaluation.model_dump(mode="json", exclude={"provenance"})


@pytest.mark.parametrize("format_name", FORMATS)
@pytest.mark.parametrize("rendering", ["text-form cells", "printed with real merges"])
def test_the_seedlike_table_imports_from_every_format_as_from_its_text(
    truth: Evaluation, format_name: str, rendering: str
) -> None:
    write = writer(format_name)
    if write is None:
        pytest.skip(f"the {format_name} corpus writer is not written yet")
    data = write(_renderings(truth)[rendering])
    result = import_bytes(data, file_name("department-seedlike", format_name))
    tally = Accuracy()
    tally.compare_documents([truth], result.evaluations, document=format_name)
    assert tally.rate == 1.0, tally.summary()
    assert [_without_provenance(e) for e in result.evaluations] == [_without_provenance(truth)]


def test_the_printed_rendering_really_merges_the_levels(truth: Evaluation) -> None:
    document = _renderings(truth)["printed with real merges"]
    (table,) = document.tables
    spans = [cell.rowspan for row in table.rows for cell in row if cell is not None]
    # 产出指标 spans its ten lines; 数量指标 its four.
    assert 10 in spans
    assert 4 in spans

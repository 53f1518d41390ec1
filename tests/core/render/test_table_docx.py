"""The 自评表 as a Word file: it imports back to the model it was written from, and prints as
an official form (fonts, page, merged levels, a header row repeated on every page)."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings

from jixiao.importers import import_bytes
from jixiao.model import Evaluation
from jixiao.render.table_docx import table_docx
from jixiao.render.table_layout import table_layout
from tests.core.render.strategies import comparable, evaluations, read_back, sample_project
from tests.factories import clean_department, seedlike_department

EXAMPLES: dict[str, Callable[[], Evaluation]] = {
    "seed-like department": seedlike_department,
    "clean department": clean_department,
    "project": sample_project,
}


def _imported(evaluation: Evaluation) -> Evaluation:
    (read,) = import_bytes(table_docx(evaluation), "自评表.docx").evaluations
    return read


def _part(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read(name).decode("utf-8")


@pytest.mark.parametrize("make", EXAMPLES.values(), ids=EXAMPLES.keys())
def test_the_word_table_imports_back_as_the_model_it_was_written_from(
    make: Callable[[], Evaluation],
) -> None:
    evaluation = make()
    assert read_back(_imported(evaluation)) == comparable(evaluation)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(evaluations(max_indicators=15))
def test_any_evaluation_survives_the_word_table(evaluation: Evaluation) -> None:
    assert read_back(_imported(evaluation)) == comparable(evaluation)


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(evaluations(max_indicators=60))
def test_many_evaluations_with_up_to_sixty_indicators_survive_the_word_table(
    evaluation: Evaluation,
) -> None:
    assert read_back(_imported(evaluation)) == comparable(evaluation)


def test_the_indicator_header_repeats_on_every_page_and_no_row_splits() -> None:
    xml = _part(table_docx(seedlike_department()), "word/document.xml")
    first, indicators = re.findall(r"<w:tbl>.*?</w:tbl>", xml)
    rows = re.findall(r"<w:tr>.*?</w:tr>", indicators)
    assert "<w:tblHeader/>" in rows[0]
    assert "三级指标" in rows[0]
    assert all("<w:tblHeader/>" not in row for row in rows[1:])
    every_row = re.findall(r"<w:tr>.*?</w:tr>", first) + rows
    assert all("<w:cantSplit/>" in row for row in every_row)


def test_fonts_are_named_for_chinese_text_not_only_latin() -> None:
    data = table_docx(seedlike_department())
    styles = _part(data, "word/styles.xml")
    assert 'w:eastAsia="宋体"' in styles
    document = _part(data, "word/document.xml")
    title = re.search(r"<w:p>(?:(?!</w:p>).)*部门整体支出绩效自评表</w:t>", document)
    assert title is not None
    assert 'w:eastAsia="黑体"' in title.group(0)


def test_the_page_is_a4_landscape() -> None:
    document = _part(table_docx(clean_department()), "word/document.xml")
    assert '<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>' in document


def test_first_and_second_levels_are_merged_down_over_their_rows() -> None:
    layout = table_layout(seedlike_department())
    cells = [cell for row in layout.rows for cell in row]
    spans = {(cell.text, cell.rowspan) for cell in cells if cell.key in ("level1", "level2")}
    assert ("产出指标（50分）", 10) in spans
    assert ("数量指标", 4) in spans
    assert ("满意度指标（10分）", 1) in spans


def test_header_fields_the_model_keeps_in_extra_are_printed_and_read_back() -> None:
    evaluation = clean_department()
    evaluation.extra = {"项目负责人": "张三", "项目类别": "专项资金\n跨年度"}
    document = _part(table_docx(evaluation), "word/document.xml")
    assert "项目负责人" in document
    assert _imported(evaluation).extra == evaluation.extra


def test_text_a_spreadsheet_would_take_for_a_formula_stays_text_in_word() -> None:
    evaluation = clean_department()
    evaluation.indicators[0].name = "=1+1"
    evaluation.indicators[0].deviation_reason = "@SUM(A1)\n+2"
    assert read_back(_imported(evaluation)) == comparable(evaluation)


@pytest.mark.parametrize("kind", ["department", "project"])
def test_a_blank_form_reads_back_as_an_empty_evaluation(kind: str) -> None:
    blank = Evaluation.model_validate({"kind": kind})
    assert read_back(_imported(blank)) == comparable(blank)


def test_a_total_with_its_weight_left_blank_keeps_the_score_as_the_score() -> None:
    evaluation = seedlike_department()
    evaluation.total.weight = None
    read = _imported(evaluation)
    assert (read.total.weight, read.total.score) == (None, evaluation.total.score)

"""The ``|``-separated text form, and the two text writers of the test corpus."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from jixiao.errors import ImportError_
from jixiao.importers import ImportResult, import_bytes, import_path
from jixiao.importers.base import choose
from jixiao.importers.cells import Prose, Table
from jixiao.importers.pipe_text import PipeTextImporter, lex, split_row
from tests.corpus.document import PrintedCell, PrintedDocument, from_text_form
from tests.corpus.write_text import pipe_text, tab_text, write_pipe_text, write_text

DATA = Path(__file__).parent.parent / "data"
SEEDLIKE = DATA / "department-seedlike.txt"
PROJECT = DATA / "project-basic.txt"
SPLIT = DATA / "split-target-columns.txt"


def _model(result: ImportResult) -> list[dict[str, Any]]:
    return [e.model_dump(exclude={"provenance"}) for e in result.evaluations]


def _code_of(text: str) -> str:
    with pytest.raises(ImportError_) as caught:
        import_bytes(text.encode(), "t.md")
    return caught.value.code


def _tables(text: str) -> list[list[list[str]]]:
    return [
        [[cell.text for cell in row] for row in block.rows]
        for block in lex(text)
        if isinstance(block, Table)
    ]


# --- the writers, checked against the text importer ---------------------------------------------


@pytest.mark.parametrize("path", [SEEDLIKE, PROJECT, SPLIT], ids=lambda p: p.stem)
def test_a_text_fixture_written_back_by_the_tab_writer_imports_the_same(path):
    truth = import_path(path)
    document = from_text_form(path.read_text(encoding="utf-8"))
    assert _model(import_bytes(write_text(document), path.name)) == _model(truth)


@pytest.mark.parametrize("path", [SEEDLIKE, PROJECT, SPLIT], ids=lambda p: p.stem)
def test_a_text_fixture_in_the_pipe_form_imports_as_its_text_form(path):
    truth = import_path(path)
    data = write_pipe_text(from_text_form(path.read_text(encoding="utf-8")))
    assert choose(data[:65536]).name == "pipe-text"
    result = import_bytes(data, path.name)
    assert _model(result) == _model(truth)
    assert result.findings == truth.findings


def test_the_tab_writer_prints_covered_positions_as_empty_cells_and_rows_apart():
    document = PrintedDocument()
    document.paragraph("附件1")
    table = document.table()
    table.add_row(PrintedCell("年度\n总体目标", rowspan=2), "预期目标", "实际完成情况")
    table.add_row(None, "甲\n\n乙", "丙")
    assert (
        tab_text(document)
        == "附件1\n\t年度\n总体目标\n\t预期目标\n\t实际完成情况\n\n\t\n\t甲\n乙\n\t丙\n\n"
    )


def test_the_pipe_writer_escapes_pipes_and_joins_paragraphs_with_br():
    document = PrintedDocument()
    table = document.table()
    table.add_row(PrintedCell("预算申请", colspan=2), None, "A|B")
    table.add_row("甲\n乙", "", "丙")
    document.paragraph("说明|一|二")
    assert pipe_text(document) == (
        "| 预算申请 |  | A\\|B |\n|---|---|---|\n| 甲<br>乙 |  | 丙 |\n\n说明\\|一\\|二\n"
    )


# --- reading the form ---------------------------------------------------------------------------


def test_outer_pipes_are_optional_and_separator_rows_are_skipped_anywhere():
    text = "一级指标 | 二级指标 | 三级指标\n:--- | :---: | ---:\n| 产出指标 | 数量指标 | 户数 |\n|---|---|---|\n"
    assert _tables(text) == [
        [["一级指标", "二级指标", "三级指标"], ["产出指标", "数量指标", "户数"]]
    ]


def test_br_in_a_cell_separates_its_paragraphs_and_escaped_pipes_stay_text():
    assert _tables("| 甲<br>乙<BR/>丙<br />丁 | a\\|b |\n") == [[["甲\n乙\n丙\n丁", "a|b"]]]


def test_empty_cells_keep_their_positions():
    assert split_row("|  | 产出指标 |  |") == ["  ", " 产出指标 ", "  "]
    assert _tables("| | a | |\n| b | c | d |\n") == [[["", "a", ""], ["b", "c", "d"]]]


def test_a_blank_line_or_a_prose_line_ends_a_table():
    text = "| a | b |\n| c | d |\n\n| e | f |\n说明\n| g | h |\n"
    assert len(_tables(text)) == 3


def test_pipes_in_a_sentence_are_prose_when_no_row_has_two_cells():
    blocks = lex("报告正文\n| 注：以上数据未经审计 |\n下一段\n")
    (prose,) = blocks
    assert isinstance(prose, Prose)
    assert prose.lines == ["报告正文", "| 注：以上数据未经审计 |", "下一段"]


def test_a_gb18030_pipe_file_reads_like_a_utf8_one():
    text = pipe_text(from_text_form(PROJECT.read_text(encoding="utf-8")))
    assert _model(import_bytes(text.encode("gb18030"), "t.txt")) == _model(
        import_bytes(text.encode(), "t.txt")
    )


# --- sniffing -----------------------------------------------------------------------------------


def test_pipe_rows_are_claimed_above_any_text_and_below_a_sure_format():
    importer = PipeTextImporter()
    rows = "| a | b |\n" * 3
    assert 0.1 < importer.sniff(rows.encode(), "") < 0.5
    assert 0.5 < importer.sniff(("| 一级指标 | 三级指标 |\n" + rows).encode(), "") < 0.9


def test_two_pipe_rows_or_text_without_pipes_are_not_claimed():
    importer = PipeTextImporter()
    assert importer.sniff(b"| a | b |\n| c | d |\n", "") == 0.0
    assert importer.sniff(SEEDLIKE.read_bytes()[:65536], "") == 0.0


def test_the_tab_form_still_wins_on_a_tab_file_that_mentions_pipes():
    text = SEEDLIKE.read_text(encoding="utf-8") + "\n".join(["| 注 | 一 |"] * 4)
    assert choose(text.encode()[:65536]).name == "text"


# --- refusals -----------------------------------------------------------------------------------


def test_pipe_tables_without_indicators_have_no_indicators():
    assert _code_of("| 项目 | 金额 |\n|---|---|\n| 办公费 | 12.5 |\n| 差旅费 | 3 |\n") == (
        "import-no-indicators"
    )


def test_indicator_words_outside_an_indicator_table_are_unrecognised():
    text = "绩效自评表\n| 项目 | 金额 |\n| 办公费 | 12.5 |\n| 差旅费 | 3 |\n一级指标见附件。\n"
    assert _code_of(text) == "import-unrecognised"


def test_blank_lines_between_two_projects_do_not_make_the_second_title_a_report():
    one = from_text_form(PROJECT.read_text(encoding="utf-8"))
    two = PrintedDocument([*one.blocks, *one.blocks])
    result = import_bytes(write_pipe_text(two), "t.md")
    assert [e.report for e in result.evaluations] == [None, None]
    assert _model(result) == _model(import_bytes(write_text(two), "t.txt"))

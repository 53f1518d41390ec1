"""Workbooks (.xlsx, .xls, .ods): sheets read into prose and tables, numbers as printed."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import struct
import subprocess
import time
import zipfile
from collections.abc import Callable
from decimal import Decimal as D
from pathlib import Path

import pytest
from openpyxl import Workbook

from jixiao.errors import ImportError_
from jixiao.importers import ImportResult, import_bytes, import_path
from jixiao.importers.base import choose
from jixiao.importers.cells import Prose, Table
from jixiao.importers.xlsx import (
    CELL_CAP,
    XlsxImporter,
    cell_address,
    number_shape,
    number_text,
    read_sheets,
    sheet_blocks,
)
from jixiao.model import Evaluation
from tests.corpus.accuracy import score_format
from tests.corpus.document import PrintedCell, PrintedDocument, from_text_form
from tests.corpus.layouts import FAMILIES, Sample, samples
from tests.corpus.layouts import sample as corpus_sample
from tests.corpus.write_docx import write_ole2
from tests.corpus.write_text import tab_text
from tests.corpus.write_xlsx import write_xlsx

DATA = Path(__file__).parent.parent / "data"
SEEDLIKE = DATA / "department-seedlike.txt"
PROJECT = DATA / "project-basic.txt"


def _without_provenance(result: ImportResult) -> list[dict[str, object]]:
    return [e.model_dump(exclude={"provenance"}) for e in result.evaluations]


def _seedlike_xlsx() -> bytes:
    return write_xlsx(from_text_form(SEEDLIKE.read_text(encoding="utf-8")))


def _only(result: ImportResult) -> Evaluation:
    (evaluation,) = result.evaluations
    return evaluation


def _code(data: bytes, name: str = "hostile.xlsx") -> str:
    with pytest.raises(ImportError_) as caught:
        import_bytes(data, name)
    return caught.value.code


# --- the same truth as the text form --------------------------------------------------------------


@pytest.mark.parametrize("source", [SEEDLIKE, PROJECT], ids=["department", "project"])
@pytest.mark.parametrize("layout", ["one-sheet", "sheet-per-table"])
@pytest.mark.parametrize("numbers", [True, False], ids=["numbers", "text-cells"])
def test_a_workbook_reads_like_the_text_form_it_was_printed_from(source, layout, numbers):
    data = write_xlsx(from_text_form(source.read_text(encoding="utf-8")), layout, numbers=numbers)
    got = import_bytes(data, "book.xlsx")
    assert _without_provenance(got) == _without_provenance(import_path(source))
    assert got.findings == []


def test_every_layout_family_of_the_corpus_reads_back_exactly():
    corpus = samples(len(FAMILIES) * 2, seed=7)
    tally = score_format(corpus, "xlsx")
    assert tally.rate == 1.0, tally.worst(5)


def test_one_table_per_sheet_gives_one_evaluation_per_project():
    corpus = [s for s in samples(len(FAMILIES) * 3, seed=3) if s.family == "multi-project"]
    assert corpus
    for sample in corpus:
        data = write_xlsx(sample.document, "sheet-per-table")
        assert len(read_sheets(data)) == len(sample.document.tables)
        got = import_bytes(data, "projects.xlsx").evaluations
        assert [e.project for e in got] == [t.project for t in sample.truths]
        # Each table is the first on its sheet.
        assert {e.provenance["indicators[0].name"].table for e in got} == {0}


def _merged_department() -> PrintedDocument:
    """A department table with real merged cells: 一级 / 二级 merged down, labels across."""
    doc = PrintedDocument()
    doc.paragraph("附件1")
    doc.paragraph("部门整体支出绩效自评表")
    doc.paragraph("填报单位：（盖章）        （2023年度）")
    t = doc.table()
    span, _ = PrintedCell, None
    t.add_row("预算部门名称", span("某市某区住房和城乡建设局", colspan=8), *[_] * 7)
    t.add_row(span("年度预算申请（万元）", rowspan=2), "", "年初预算数", "全年预算数",
              "全年执行数", "分值", "执行率", span("得分", colspan=2), _)  # fmt: skip
    t.add_row(_, "年度资金总额", "300", "320.5", "310.2", "10", "96.79%",
              span("9.68", colspan=2), _)  # fmt: skip
    t.add_row(span("年度总体目标", rowspan=2), span("预期目标", colspan=4), _, _, _,
              span("实际完成情况", colspan=4), _, _, _)  # fmt: skip
    t.add_row(_, span("完成城乡危房改造", colspan=4), _, _, _,
              span("完成危房改造22户", colspan=4), _, _, _)  # fmt: skip
    t.add_row(span("绩效指标", rowspan=7), "一级指标", "二级指标", "三级指标", "年度指标值",
              "实际完成值", "分值", "得分", "偏差原因分析及改进措施")  # fmt: skip
    t.add_row(_, span("产出指标（50分）", rowspan=3), span("数量指标", rowspan=2),
              "危房改造户数", "19户", "22户", "20", "20", "")  # fmt: skip
    t.add_row(_, _, _, "培训工匠人数", "225名", "225名", "20", "20", "")
    t.add_row(_, _, "时效指标", "污水处理及时性", "及时", "及时", "10", "10", "")
    t.add_row(_, span("效益指标（30分）", rowspan=2), "社会效益指标", "居民生活污水处理率",
              "≥95%", "96%", "15", "15", "")  # fmt: skip
    t.add_row(_, _, "生态效益指标", "环境效益", "改善", "改善", "15", "14",
              "部分区域整治未完成，明年继续推进")  # fmt: skip
    t.add_row(_, "满意度指标（10分）", "服务对象满意度指标", "群众满意度", "≥90%", "92%",
              "10", "10", "")  # fmt: skip
    t.add_row(span("总分", colspan=6), _, _, _, _, _, "100", "98.68", "")
    doc.paragraph("填报人：张三    联系电话：0731-2345678   填报日期：2024.04.12  单位负责人签字：")
    return doc


def test_real_merged_cells_read_like_the_text_form_of_the_same_table():
    doc = _merged_department()
    data = write_xlsx(doc)
    got = _only(import_bytes(data, "merged.xlsx"))
    want = _only(import_bytes(tab_text(doc).encode("utf-8"), "merged.txt"))
    assert got.model_dump(exclude={"provenance"}) == want.model_dump(exclude={"provenance"})
    assert [(i.level1, i.level2, i.name) for i in got.indicators][1:3] == [
        ("产出指标", "数量指标", "培训工匠人数"),
        ("产出指标", "时效指标", "污水处理及时性"),
    ]
    assert got.unit == "某市某区住房和城乡建设局"
    assert (got.funds.executed, got.funds.execution_rate) == (D("310.2"), D("96.79"))
    assert (got.total.weight, got.total.score) == (D("100"), D("98.68"))


def test_merged_ranges_read_as_the_top_left_value_and_empty_cells():
    (sheet,) = read_sheets(write_xlsx(_merged_department()))
    assert sheet.grid[5][1:5] == ["年度资金总额", "300", "320.5", "310.2"]
    assert sheet.grid[10][1:3] == ["", ""]  # 产出指标 / 数量指标 merged down from row 9
    assert sheet.merges[(9, 1)] == (11, 1)


def test_provenance_is_the_sheet_row_and_column_of_the_cell():
    data = _seedlike_xlsx()
    evaluation = _only(import_bytes(data, "seed.xlsx"))
    (sheet,) = read_sheets(data)
    ref = evaluation.provenance["funds.initial_budget"]
    assert (ref.file, ref.table) == ("seed.xlsx", 0)
    assert sheet.grid[ref.row][ref.column] == "5025.23"
    assert cell_address(ref.row, ref.column) == "C6"  # what the reviewer looks up in Sheet1


def test_cell_addresses_are_excel_style():
    assert [cell_address(0, 0), cell_address(6, 3), cell_address(0, 25), cell_address(0, 26)] == [
        "A1",
        "D7",
        "Z1",
        "AA1",
    ]
    assert cell_address(1048575, 16383) == "XFD1048576"


# --- numbers as a person sees them ------------------------------------------------------------------


def _one_row_workbook(*cells: tuple[object, str | None]) -> list[str]:
    """The texts read back from a sheet whose first row holds ``cells`` (value, format)."""
    book = Workbook()
    sheet = book.active
    for column, (value, number_format) in enumerate(cells, start=1):
        cell = sheet.cell(row=1, column=column, value=value)
        if number_format:
            cell.number_format = number_format
    out = io.BytesIO()
    book.save(out)
    (read,) = read_sheets(out.getvalue())
    return read.grid[0]


def test_numbers_stored_as_numbers_come_back_as_printed():
    assert _one_row_workbook(
        (5025.23, None),
        (17511.79, None),
        (0.1 + 0.2, None),
        (1e-05, None),
        (10.0, None),
        (225, None),
        (-0.0, None),
    ) == ["5025.23", "17511.79", "0.3", "0.00001", "10", "225", "0"]


def test_number_formats_give_decimals_percent_signs_and_units():
    assert _one_row_workbook(
        (1.0, "0%"),
        (0.9679, "0.00%"),
        (97.6, "0.00"),
        (10, '0"分"'),
        (5025.23, '#,##0.00"万元"'),
        (0.125, "0.0#"),
        (3.14159, "General"),
    ) == ["100%", "96.79%", "97.60", "10分", "5025.23万元", "0.13", "3.14159"]


def test_dates_and_booleans_read_as_text():
    assert _one_row_workbook(
        (dt.date(2024, 4, 12), "yyyy-mm-dd"),
        (dt.datetime(2024, 4, 12, 9, 30), "yyyy-mm-dd hh:mm"),
        (True, None),
    ) == ["2024-04-12", "2024-04-12 09:30:00", "TRUE"]


@pytest.mark.parametrize(
    ("code", "value", "shown"),
    [
        ("0.00_ ", 5025.2, "5025.20"),
        ("#,##0.00;[Red]-#,##0.00", -3.5, "-3.50"),
        ("[$¥-804]#,##0.00", 12.0, "¥12.00"),
        ("0.0%", 0.76, "76.0%"),
        ("0", 2.5, "3"),  # Excel rounds half away from zero
        ("0.00", 1.005, "1.01"),  # the 15 digits a person typed, not the binary float below
    ],
)
def test_number_shapes_print_like_excel(code, value, shown):
    assert number_text(value, number_shape(code)) == shown


@pytest.mark.parametrize("code", ["General", "@", "yyyy-mm-dd", "0.00E+00", "# ?/?", ""])
def test_formats_that_are_not_plain_numbers_have_no_shape(code):
    assert number_shape(code) is None


# --- rows into prose and tables -------------------------------------------------------------------


def test_single_cells_are_prose_and_rows_of_several_cells_are_tables():
    grid = [
        ["部门整体支出绩效自评表", "", ""],
        ["一级指标", "三级指标", "分值"],
        ["", "上年结转资金", ""],  # one filled cell right of the table's first column
        ["产出指标", "危房改造户数", "20"],
        ["填报人：张三", "", ""],
        ["", "", ""],
        ["一、基本情况", "", ""],
    ]
    blocks = sheet_blocks(grid)
    assert [type(b) for b in blocks] == [Prose, Table, Prose]
    assert isinstance(blocks[1], Table)
    assert [[c.text for c in row] for row in blocks[1].rows][1] == ["", "上年结转资金", ""]
    assert isinstance(blocks[2], Prose)
    assert blocks[2].lines == ["填报人：张三", "一、基本情况"]


def test_a_label_merged_across_part_of_a_table_stays_in_the_table():
    grid = [
        ["年度资金总额", "", "300", "320"],
        ["上年结转资金", "", "", ""],
        ["合计", "", "1", "2"],
    ]
    blocks = sheet_blocks(grid, {(1, 0): (1, 1)})
    assert [type(b) for b in blocks] == [Table]


def test_a_title_merged_across_the_whole_table_is_prose():
    grid = [
        ["项目名称", "甲", "", ""],
        ["项目支出绩效自评表", "", "", ""],
        ["项目名称", "乙", "", ""],
    ]
    blocks = sheet_blocks(grid, {(1, 0): (1, 3)})
    assert [type(b) for b in blocks] == [Table, Prose, Table]
    assert [b.index for b in blocks if isinstance(b, Table)] == [0, 1]


def _split_table(last_part: list[list[str]]) -> list[list[str]]:
    """A table, a blank row, "续表", and its second part (no header repeated)."""
    return [
        ["一级指标", "三级指标", "分值", "偏差原因"],
        ["产出指标", "危房改造户数", "20", "未完成"],
        ["", "", "", ""],
        ["续表", "", "", ""],
        *last_part,
    ]


def test_the_second_part_of_a_split_table_keeps_its_blank_last_column():
    grid = _split_table([["效益指标", "居民满意度", "10", ""], ["", "污水处理率", "10", ""]])
    first, _, second = sheet_blocks(grid)
    assert isinstance(first, Table)
    assert isinstance(second, Table)
    assert [len(row) for row in second.rows] == [4, 4]
    assert [c.text for c in second.rows[0]] == ["效益指标", "居民满意度", "10", ""]
    assert second.rows[0][3].column == 3


def test_a_table_part_on_the_next_sheet_keeps_the_width_of_the_part_before():
    (second,) = sheet_blocks([["效益指标", "居民满意度", "10", ""]], columns_before=(0, 4))
    assert isinstance(second, Table)
    assert [c.text for c in second.rows[0]] == ["效益指标", "居民满意度", "10", ""]


def test_a_table_that_starts_in_another_column_does_not_take_the_width_before():
    (other,) = sheet_blocks([["", "居民满意度", "10", ""]], columns_before=(0, 4))
    assert isinstance(other, Table)
    assert [c.text for c in other.rows[0]] == ["居民满意度", "10"]


def test_a_range_merged_into_blank_columns_widens_its_table():
    grid = [["项目名称", "甲", "", ""], ["分值", "10", "", ""]]
    (table,) = sheet_blocks(grid, {(0, 1): (0, 3)})
    assert isinstance(table, Table)
    assert [len(row) for row in table.rows] == [4, 4]


@pytest.mark.parametrize("layout", ["one-sheet", "sheet-per-table"])
def test_a_split_table_whose_second_part_has_no_deviation_reasons_reads_back_exactly(layout):
    # The second part's 偏差原因 column is blank: cut off, the part's rows would align to
    # the right of the 9-column header (二级指标 read as "效益指标（30分）").
    sample = _split_table_without_deviations()
    tally = score_format([sample], "xlsx", lambda document: write_xlsx(document, layout))
    assert tally.rate == 1.0, tally.worst(5)


def _split_table_without_deviations() -> Sample:
    found = corpus_sample(2061, "split-table")
    last = found.document.tables[-1]
    assert not any(row[-1] and row[-1].text for row in last.rows)  # the defect it carries
    return found


# --- choosing the importer --------------------------------------------------------------------------


def test_the_registry_gives_workbooks_to_the_xlsx_importer():
    importer = choose(_seedlike_xlsx()[:65536], "renamed.docx")
    assert importer is not None
    assert importer.name == "xlsx"


def test_it_does_not_claim_text_or_word_files():
    assert XlsxImporter().sniff(SEEDLIKE.read_bytes()[:65536], "x.xlsx") == 0.0
    assert XlsxImporter().sniff(b"PK\x03\x04\x14\x00word/document.xml", "x.xlsx") == 0.0


# --- hostile and broken files ----------------------------------------------------------------------

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
        'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
        'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
        'worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    ),
    "xl/workbook.xml": (
        f'<?xml version="1.0"?><workbook xmlns="{_MAIN}" xmlns:r="http://schemas.openxmlformats'
        '.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" '
        'r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        "</Relationships>"
    ),
}


def _hand_made_xlsx(rows: str, prolog: str = "", strings: str | None = None) -> bytes:
    """A minimal workbook whose one sheet has ``rows`` (``<row>`` elements) as its data, and
    ``strings`` as its shared-string part when given."""
    sheet = (
        f'<?xml version="1.0"?>{prolog}<worksheet xmlns="{_MAIN}"><sheetData>{rows}'
        "</sheetData></worksheet>"
    )
    parts = {**_PARTS, "xl/worksheets/sheet1.xml": sheet}
    if strings is not None:
        parts["xl/sharedStrings.xml"] = f'<?xml version="1.0"?>{strings}'
        parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
            "</Relationships>",
            '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, text in parts.items():
            archive.writestr(member, text)
    return out.getvalue()


def _text_cell(address: str, text: str) -> str:
    return f'<c r="{address}" t="inlineStr"><is><t>{text}</t></is></c>'


def _with_sheet_rows(data: bytes, extra_rows: str) -> bytes:
    """``data`` (a one-sheet workbook) with ``extra_rows`` added at the end of its sheet."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as copy:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(b"</sheetData>", extra_rows.encode() + b"</sheetData>")
            copy.writestr(info, content)
    return out.getvalue()


def _timed(read: Callable[[], object]) -> float:
    start = time.perf_counter()
    read()
    return time.perf_counter() - start


def test_an_empty_file_is_empty():
    assert _code(b"") == "import-empty"
    with pytest.raises(ImportError_) as caught:
        XlsxImporter().read(b"", "empty.xlsx")
    assert caught.value.code == "import-empty"


def test_a_truncated_workbook_is_corrupt():
    data = _seedlike_xlsx()
    assert _code(data[: len(data) // 2]) == "import-corrupt"


def test_a_lone_cell_at_the_last_address_is_read_without_building_the_grid():
    data = _hand_made_xlsx(f'<row r="1048576">{_text_cell("XFD1048576", "x")}</row>')
    assert _code(data) == "import-no-indicators"


def test_cells_at_a1_and_xfd1048576_do_not_allocate_the_sheet():
    # Calamine would ask for 16384 x 1048576 cells here and abort the whole process.
    rows = f'<row r="1">{_text_cell("A1", "a")}{_text_cell("B1", "b")}</row>'
    rows += f'<row r="1048576">{_text_cell("XFD1048576", "x")}</row>'
    data = _hand_made_xlsx(rows)
    (sheet,) = read_sheets(data)
    assert sheet.truncated
    assert sheet.grid == [["a", "b"]]


_A1 = f'<row r="1">{_text_cell("A1", "a")}</row>'


@pytest.mark.parametrize(
    "rows",
    [
        _A1 + f'<row r="2">{_text_cell("xfd1048576", "x")}</row>',  # lower case
        _A1 + '<row r="1048576"><c t="inlineStr"><is><t>x</t></is></c></row>',  # placed by row
        _A1 + '<row r="99999999"><c t="inlineStr"><is><t>x</t></is></c></row>',
        _A1 + f'<row r="2">{_text_cell("ZZZZ99999999", "x")}</row>',
        '<row r="1"><c r="A1" foo="a>b"/>' + _text_cell("XFD1048576", "x") + "</row>",
        _A1 + '<row r="2"><c r="XFD1048576" r="A2" t="inlineStr"><is><t>x</t></is></c></row>',
        _A1
        + '<row r="2"><c foo=" r=\'A2\'" r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>',
        _A1 + f'<row r="2">{_text_cell("A0", "x")}</row>',
        _A1 + '<row r="0"><c t="inlineStr"><is><t>x</t></is></c></row>',
        _A1 + '<row r="1"><c t="inlineStr"><is><t>x</t></is></c>' + "<c/>" * 20_000 + "</row>",
    ],
    ids=[
        "lower-case-address",
        "far-row-without-cell-address",
        "row-past-excel",
        "column-past-excel",
        "gt-inside-an-attribute",
        "address-given-twice",
        "address-inside-another-attribute",
        "row-zero-address",
        "row-zero",
        "cells-without-address",
    ],
)
def test_no_cell_address_trick_makes_calamine_build_a_huge_grid(rows):
    (sheet,) = read_sheets(_hand_made_xlsx(rows))
    assert len(sheet.grid) <= 2
    assert all(len(row) <= 2 for row in sheet.grid)


def test_a_shared_string_table_that_claims_billions_of_strings_still_reads():
    strings = f'<sst xmlns="{_MAIN}" count="4000000000" uniqueCount="4000000000"><si><t>hello</t></si></sst>'
    rows = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
    (sheet,) = read_sheets(_hand_made_xlsx(rows, strings=strings))
    assert sheet.grid == [["hello"]]


def test_an_xml_part_in_utf16_is_corrupt():
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(_hand_made_xlsx(_A1))) as source,
        zipfile.ZipFile(out, "w") as copy,
    ):
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = (
                    content.decode()
                    .replace('version="1.0"', 'version="1.0" encoding="UTF-16"')
                    .encode("utf-16")
                )
            copy.writestr(info, content)
    assert _code(out.getvalue()) == "import-corrupt"


def test_a_table_with_a_far_away_cell_is_read_with_a_truncation_finding():
    far = f'<row r="1048576">{_text_cell("XFD1048576", "x")}</row>'
    data = _with_sheet_rows(_seedlike_xlsx(), far)
    assert _timed(lambda: import_bytes(data, "far.xlsx")) < 5
    result = import_bytes(data, "far.xlsx")
    assert _without_provenance(result) == _without_provenance(import_path(SEEDLIKE))
    assert [f.code for f in result.findings] == ["import-table-truncated"]
    assert "5000" in result.findings[0].message


def test_a_sheet_of_countless_empty_cells_is_cut_at_the_cell_budget():
    rows = "".join(f'<row r="{n}"><c r="A{n}" s="1"></c></row>' for n in range(200, 200 + CELL_CAP))
    data = _with_sheet_rows(_seedlike_xlsx(), rows)
    assert _timed(lambda: import_bytes(data, "empty-cells.xlsx")) < 5
    result = import_bytes(data, "empty-cells.xlsx")
    assert len(_only(result).indicators) == 15
    assert [f.code for f in result.findings] == ["import-table-truncated"]


_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
)
_EXTERNAL = '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'


@pytest.mark.parametrize(
    ("prolog", "text"), [(_LAUGHS, "&lol3;"), (_EXTERNAL, "&e;")], ids=["laughs", "external"]
)
def test_entity_tricks_in_a_sheet_are_refused(prolog, text):
    rows = f'<row r="1">{_text_cell("A1", text)}{_text_cell("B1", "b")}</row>'
    assert _code(_hand_made_xlsx(rows, prolog)) == "import-unsafe-xml"


def test_a_zip_bomb_is_refused_before_it_inflates():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, text in _PARTS.items():
            archive.writestr(member, text)
        archive.writestr("xl/worksheets/sheet1.xml", b"<" + b" " * (8 << 20) + b">")
    assert _code(out.getvalue()) == "import-zip-bomb"


def test_a_zip_that_holds_no_workbook_is_not_a_workbook():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("xl/readme.txt", "no workbook here")
    assert _code(out.getvalue()) == "import-unrecognised"


def _hand_made_ods(rows: str) -> bytes:
    content = (
        '<?xml version="1.0"?><office:document-content'
        ' xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
        f'<office:spreadsheet><table:table table:name="S">{rows}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
    return out.getvalue()


def test_an_ods_cell_repeated_across_the_whole_sheet_is_cut_at_the_caps():
    cell = '<table:table-cell table:number-columns-repeated="16384"><text:p>x</text:p></table:table-cell>'
    rows = f'<table:table-row table:number-rows-repeated="1048576">{cell}</table:table-row>'
    data = _hand_made_ods(rows)
    assert _timed(lambda: read_sheets(data)) < 5
    (sheet,) = read_sheets(data)
    assert sheet.truncated
    assert len(sheet.grid) * len(sheet.grid[0]) <= CELL_CAP


def test_an_ods_shows_what_its_cells_print_and_keeps_its_merges():
    rows = (
        "<table:table-row>"
        '<table:table-cell table:number-columns-spanned="2"><text:p>总分</text:p></table:table-cell>'
        "<table:covered-table-cell/>"
        '<table:table-cell office:value-type="percentage" office:value="1"><text:p>100%</text:p>'
        "</table:table-cell>"
        '<table:table-cell office:value-type="float" office:value="0.1"/>'
        "</table:table-row>"
    )
    (sheet,) = read_sheets(_hand_made_ods(rows))
    assert sheet.grid == [["总分", "", "100%", "0.1"]]
    assert sheet.merges == {(0, 0): (0, 1)}


# --- legacy .xls: the cell records measured first ---------------------------------------------------


def _record(kind: int, body: bytes = b"") -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def _biff_workbook(
    *sheet_records: bytes, encrypted: bool = False, globals_extra: bytes = b"", sheet_type: int = 0
) -> bytes:
    """A BIFF8 workbook stream: globals naming one sheet "S", then that sheet's records."""
    bof = _record(0x0809, struct.pack("<HH", 0x0600, 0x0005) + b"\0" * 12)
    filepass = _record(0x002F, b"\x01\x00" + b"\0" * 52) if encrypted else b""
    filepass += globals_extra
    name = b"\x01\x00S"
    globals_size = len(bof) + len(filepass) + len(_record(0x0085, b"\0" * 6 + name)) + 4
    boundsheet = _record(0x0085, struct.pack("<IBB", globals_size, 0, sheet_type) + name)
    sheet = _record(0x0809, struct.pack("<HH", 0x0600, 0x0010) + b"\0" * 12)
    return (
        bof + filepass + boundsheet + _record(0x000A) + sheet + b"".join(sheet_records)
    ) + _record(0x000A)


def _number(row: int, column: int, value: float) -> bytes:
    return _record(0x0203, struct.pack("<HHHd", row, column, 0, value))


@pytest.mark.parametrize("sheet_type", [0, 2], ids=["worksheet", "chart-sheet"])
def test_an_xls_sheet_beyond_the_caps_is_refused_before_calamine_sees_it(sheet_type):
    # Calamine loads every sheet on opening, a chart sheet's records too.
    stream = _biff_workbook(_number(0, 0, 1.0), _number(65535, 255, 2.0), sheet_type=sheet_type)
    data = write_ole2({"Workbook": stream})
    assert choose(data[:65536], "far.xls").name == "xlsx"  # type: ignore[union-attr]
    assert _code(data, "far.xls") == "import-memory"


@pytest.mark.parametrize(
    "dimensions",
    [struct.pack("<IIHHH", 0, 0xFFFFFFF0, 0, 256, 0), struct.pack("<IIHHH", 9, 2, 0, 5, 0)],
    ids=["billions-of-rows", "last-row-before-first"],
)
def test_an_xls_whose_dimensions_record_claims_too_much_is_refused(dimensions):
    stream = _biff_workbook(_record(0x0200, dimensions), _number(0, 0, 1.0))
    assert _code(write_ole2({"Workbook": stream}), "dims.xls") == "import-memory"


def test_an_xls_string_table_that_claims_too_many_strings_is_corrupt():
    sst = _record(0x00FC, struct.pack("<ii", 0x7FFFFFFF, 0x7FFFFFFF))
    stream = _biff_workbook(globals_extra=sst)
    assert _code(write_ole2({"Workbook": stream}), "sst.xls") == "import-corrupt"


def test_a_password_protected_xls_is_encrypted():
    data = write_ole2({"Workbook": _biff_workbook(encrypted=True)})
    assert _code(data, "secret.xls") == "import-encrypted"


def test_a_password_protected_xlsx_is_encrypted():
    data = write_ole2({"EncryptionInfo": b"\x04\x00\x04\x00", "EncryptedPackage": b"\0" * 64})
    assert _code(data, "secret.xlsx") == "import-encrypted"
    with pytest.raises(ImportError_) as caught:
        XlsxImporter().read(data, "secret.xlsx")
    assert caught.value.code == "import-encrypted"


def test_a_workbook_stream_that_ends_early_is_corrupt():
    data = bytearray(write_ole2({"Workbook": _biff_workbook(_number(0, 0, 1.0))}))
    struct.pack_into("<Q", data, 512 + 512 + 128 + 0x78, 1 << 20)  # the stream claims 1 MiB
    assert _code(bytes(data), "short.xls") == "import-corrupt"


# --- the real thing: files saved by LibreOffice ----------------------------------------------------


def _convert(tmp_path: Path, data: bytes, to: str) -> bytes:
    source = tmp_path / "book.xlsx"
    source.write_bytes(data)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is listed in ./dev's SYSTEM_PACKAGES"
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
         "--convert-to", to, "--outdir", str(tmp_path / "out"), str(source)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    return (tmp_path / "out" / f"book.{to}").read_bytes()


@pytest.mark.slow
@pytest.mark.parametrize("to", ["xls", "ods", "xlsx"])
@pytest.mark.parametrize("source", [SEEDLIKE, PROJECT], ids=["department", "project"])
def test_a_workbook_saved_by_libreoffice_reads_like_the_text_form(tmp_path, to, source):
    document = from_text_form(source.read_text(encoding="utf-8"))
    data = _convert(tmp_path, write_xlsx(document), to)
    got = import_bytes(data, f"book.{to}")
    assert _without_provenance(got) == _without_provenance(import_path(source))


@pytest.mark.slow
def test_an_xls_with_real_merges_keeps_them(tmp_path):
    data = _convert(tmp_path, write_xlsx(_merged_department()), "xls")
    (sheet,) = read_sheets(data)
    assert sheet.merges[(9, 1)] == (11, 1)
    assert sheet.grid[5][7] == "9.68"
    assert sheet.grid[5][6] == "96.79%"  # the percent format, read from the .xls cell records


@pytest.mark.slow
def test_an_xls_marked_as_encrypted_is_refused(tmp_path):
    data = bytearray(_convert(tmp_path, _seedlike_xlsx(), "xls"))
    # Turn the globals' WRITEACCESS record into FILEPASS: same length, so nothing else moves.
    at = data.find(b"\x5c\x00\x70\x00")
    assert at > 0
    data[at : at + 2] = b"\x2f\x00"
    assert _code(bytes(data), "secret.xls") == "import-encrypted"


def test_provenance_names_the_sheet_of_a_workbook_cell():
    from tests.corpus.document import from_text_form

    text = (Path(__file__).parent.parent / "data" / "department-seedlike.txt").read_text("utf-8")
    (evaluation,) = import_bytes(write_xlsx(from_text_form(text)), "seed.xlsx").evaluations
    source = evaluation.provenance["funds.initial_budget"]
    assert source.sheet is not None
    assert source.row is not None
    assert source.column is not None
    sheets = read_sheets(write_xlsx(from_text_form(text)))
    (sheet,) = [s for s in sheets if s.name == source.sheet]
    assert sheet.grid[source.row][source.column] == "5025.23"

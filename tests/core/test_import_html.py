"""HTML pages: portal columns, Word's "Save as HTML", merged cells, and hostile pages.

The truth for a page is the text form of the same printed document: every writer renders one
:class:`~tests.corpus.document.PrintedDocument`, so a page must import to exactly what the
tab-per-cell text importer makes of it.
"""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest

from jixiao.errors import ImportError_
from jixiao.importers import ImportResult, import_bytes, import_path
from jixiao.importers.base import choose
from jixiao.importers.cells import Prose, Table
from jixiao.importers.html import HtmlImporter, decode_html, html_blocks
from tests.corpus.document import PrintedCell, PrintedDocument, check_spans, from_text_form
from tests.corpus.write_html import write_html
from tests.corpus.write_text import write_pipe_text, write_text

DATA = Path(__file__).parent.parent / "data"
SEEDLIKE = DATA / "department-seedlike.txt"
WORD_SAVED = DATA / "html" / "word-saved-project.htm"


def _model(result: ImportResult) -> list[dict[str, Any]]:
    return [e.model_dump(exclude={"provenance"}) for e in result.evaluations]


def _code_of(data: bytes) -> str:
    with pytest.raises(ImportError_) as caught:
        import_bytes(data, "page.html")
    return caught.value.code


def _tables(page: str) -> list[Table]:
    return [block for block in html_blocks(page) if isinstance(block, Table)]


def _texts(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row] for row in table.rows]


@pytest.fixture(scope="module")
def seedlike_document() -> PrintedDocument:
    return from_text_form(SEEDLIKE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seedlike_truth() -> list[dict[str, Any]]:
    return _model(import_path(SEEDLIKE))


# --- a project table with real spans, built by hand ---------------------------------------------

_ = None


def spanned_project(name: str = "农村供水保障提升工程", signer: str = "张敏") -> PrintedDocument:
    """A 项目支出绩效自评表 on a 9-column grid: 一级/二级 and the side labels span rows; the
    funds block's last column, the goal texts and 总分 span columns."""
    C = PrintedCell
    doc = PrintedDocument()
    for line in ("附件3", "项目支出绩效自评表", "（2023年度）"):
        doc.paragraph(line)
    t = doc.table()
    t.add_row("项目名称", C(name, colspan=8), _, _, _, _, _, _, _)
    t.add_row(
        "主管部门",
        C("某市某区水利局", colspan=3), _, _,
        C("实施单位", colspan=2), _,
        C("某区农村供水服务中心", colspan=3), _, _,
    )  # fmt: skip
    t.add_row(
        C("项目资金\n（万元）", rowspan=5), "", "年初\n预算数", "全年\n预算数", "全年\n执行数",
        "分值", "执行率", C("得分", colspan=2), _,
    )  # fmt: skip
    for label, *amounts, last in (
        ("年度资金总额", "300", "320.5", "310.2", "10", "96.79%", "9.68"),
        ("其中：当年财政拨款", "300", "300", "290.7", "—", "—", "—"),
        ("上年结转资金", "", "20.5", "19.5", "—", "—", "—"),
        ("其他资金", "", "", "", "—", "—", "—"),
    ):
        t.add_row(_, label, *amounts, C(last, colspan=2), _)
    t.add_row(
        C("年度\n总体\n目标", rowspan=2),
        C("预期目标", colspan=4), _, _, _, C("实际完成情况", colspan=4), _, _, _,
    )  # fmt: skip
    t.add_row(
        _,
        C("完成3处农村集中供水工程改造，新增受益人口5000人，供水水质稳定达标。", colspan=4),
        _, _, _,
        C("3处工程全部完工通水，\n受益人口5200人，水质抽检全部合格。", colspan=4), _, _, _,
    )  # fmt: skip
    t.add_row(
        C("绩效\n指标", rowspan=9), "一级指标", "二级指标", "三级指标", "年度指标值",
        "实际完成值", "分值", "得分", "偏差原因分析及改进措施",
    )  # fmt: skip
    late = "受汛期影响工期推迟半个月。\n今后提前安排施工计划，避开汛期。"
    t.add_row(_, C("产出指标", rowspan=5), C("数量指标", rowspan=2),
              "改造供水工程数量", "3处", "3处", "10", "10", "")  # fmt: skip
    t.add_row(_, _, _, "新建供水管网长度", "≥12公里", "12.6公里", "5", "5", "")
    t.add_row(_, _, "质量指标", "水质检测合格率", "≥95%", "98%", "15", "15", "")
    t.add_row(_, _, "时效指标", "工程完工时间", "2023年10月底前", "2023年11月15日", "10", "8", late)
    t.add_row(_, _, "成本指标", "单处工程平均造价", "≤100万元", "96.9万元", "10", "10", "")
    t.add_row(_, C("效益指标", rowspan=2), "社会效益\n指标",
              "新增受益人口", "≥5000人", "5200人", "20", "20", "")  # fmt: skip
    t.add_row(_, _, "可持续影\n响指标", "工程设计使用年限", "≥15年", "15年", "10", "10", "")
    t.add_row(
        _, "满意度指标", "服务对象满意度指标", "受益群众满意度", "≥90%", "95%", "10", "10", ""
    )
    t.add_row(C("总分", colspan=6), _, _, _, _, _, "100", "97.68", "")
    check_spans(t)
    doc.paragraph(
        f"填报人：{signer}    联系电话：0731-22334455   填报日期：2024年3月28日  单位负责人签字：李强"
    )
    return doc


SPANNED_LEVELS = [
    ("产出指标", "数量指标", "改造供水工程数量"),
    ("产出指标", "数量指标", "新建供水管网长度"),
    ("产出指标", "质量指标", "水质检测合格率"),
    ("产出指标", "时效指标", "工程完工时间"),
    ("产出指标", "成本指标", "单处工程平均造价"),
    ("效益指标", "社会效益指标", "新增受益人口"),
    ("效益指标", "可持续影响指标", "工程设计使用年限"),
    ("满意度指标", "服务对象满意度指标", "受益群众满意度"),
]


# --- the seed-like document, page by page -------------------------------------------------------


@pytest.mark.parametrize("flavour", ["plain", "portal", "word"])
def test_a_seedlike_page_imports_exactly_as_its_text_form(
    seedlike_document, seedlike_truth, flavour
):
    page = write_html(seedlike_document, flavour=flavour)
    result = import_bytes(page, "page.html")
    assert _model(result) == seedlike_truth
    assert result.findings == []


def test_the_seedlike_text_rendered_by_the_tab_writer_imports_the_same(
    seedlike_document, seedlike_truth
):
    assert _model(import_bytes(write_text(seedlike_document), "t.txt")) == seedlike_truth


# --- real spans ---------------------------------------------------------------------------------


def test_rowspans_and_colspans_expand_into_empty_cells_where_they_cover():
    page = write_html(spanned_project()).decode()
    (table,) = _tables(page)
    rows = _texts(table)
    assert all(len(row) == 9 for row in rows)
    assert rows[0][:3] == ["项目名称", "农村供水保障提升工程", ""]
    assert [row[0] for row in rows[2:4]] == ["项目资金\n（万元）", ""]
    assert rows[2][7:] == ["得分", ""]
    assert rows[10][:3] == ["", "产出指标", "数量指标"]
    assert rows[11][:4] == ["", "", "", "新建供水管网长度"]
    assert rows[18][:7] == ["总分", "", "", "", "", "", "100"]


@pytest.mark.parametrize("flavour", ["plain", "word"])
def test_a_spanned_project_page_imports_as_its_text_form(flavour):
    document = spanned_project()
    truth = import_bytes(write_text(document), "t.txt")
    result = import_bytes(write_html(document, flavour=flavour), "page.html")
    assert _model(result) == _model(truth)
    (evaluation,) = result.evaluations
    levels = [(i.level1, i.level2, i.name) for i in evaluation.indicators]
    assert levels == SPANNED_LEVELS
    assert evaluation.project == "农村供水保障提升工程"
    assert evaluation.implementing_unit == "某区农村供水服务中心"
    assert (evaluation.funds.full_year_budget, evaluation.funds.score) == (D("320.5"), D("9.68"))
    assert evaluation.total.score == D("97.68")


def test_a_spanned_project_in_the_pipe_form_imports_as_its_text_form():
    document = spanned_project()
    truth = import_bytes(write_text(document), "t.txt")
    assert _model(import_bytes(write_pipe_text(document), "t.md")) == _model(truth)


def test_head_rows_come_first_and_foot_rows_last_and_rowspans_stop_at_their_group():
    page = """<table>
      <tfoot><tr><td>总分</td><td>100</td><td>98</td></tr></tfoot>
      <thead><tr><td rowspan="9">甲</td><td>乙</td><td>丙</td></tr></thead>
      <tbody><tr><td>a</td><td rowspan="0">b</td><td>c</td></tr><tr><td>d</td><td>e</td></tr></tbody>
    </table>"""
    (table,) = _tables(page)
    assert _texts(table) == [
        ["甲", "乙", "丙"],
        ["a", "b", "c"],
        ["d", "", "e"],
        ["总分", "100", "98"],
    ]


def test_a_small_grid_inside_a_cell_stays_text_of_that_cell():
    page = """<table><tr><td>三级指标</td><td>年度指标值</td><td>
      <table><tr><td>上半年</td><td>50%</td></tr></table></td></tr></table>"""
    (table,) = _tables(page)
    assert _texts(table) == [["三级指标", "年度指标值", "上半年\n50%"]]


def test_line_breaks_in_the_source_between_chinese_characters_are_not_spaces():
    page = "<table><tr><td>统筹推进\n  城乡建设 and\nmore</td><td>a&nbsp;&nbsp;b<br>\u3000c\u3000</td></tr></table>"
    (table,) = _tables(page)
    assert _texts(table) == [["统筹推进城乡建设 and more", "a  b\nc"]]


# --- pages as published -------------------------------------------------------------------------


def test_a_portal_page_in_gb18030_that_says_gb2312_imports_without_its_chrome(seedlike_document):
    # A name outside GB2312 (堃 is GBK) proves the page is decoded as GB18030, its superset.
    document = from_text_form(SEEDLIKE.read_text(encoding="utf-8").replace("罗海霞", "罗堃"))
    title = "株洲市渌口区住房和城乡建设局2023年度部门整体支出绩效自评报告"
    page = write_html(document, flavour="portal", encoding="gb18030", charset="gb2312", title=title)
    with pytest.raises(UnicodeDecodeError):
        page.decode("gb2312")
    assert choose(page[:65536]).name == "html"
    result = import_bytes(page, "index.html")
    assert _model(result) == _model(import_bytes(write_text(document), "t.txt"))
    (evaluation,) = result.evaluations
    assert evaluation.signoff.filler == "罗堃"
    report_text = evaluation.report.model_dump_json() if evaluation.report else ""
    # The footer's phone and the menus are page furniture, not the document.
    assert "0731-00000000" not in report_text
    assert "办事服务" not in report_text


def test_a_portal_page_keeps_the_layout_table_out_of_the_tables(seedlike_document):
    page = write_html(seedlike_document, flavour="portal").decode()
    tables = _tables(page)
    assert len(tables) == 1
    assert _texts(tables[0])[0] == ["预算部门名称", "株洲市渌口区住房和城乡建设局"]
    prose = [
        line for block in html_blocks(page) if isinstance(block, Prose) for line in block.lines
    ]
    assert "访问统计" not in "".join(prose)  # the script's table
    assert not any("当前位置" in line or "首页" in line for line in prose)


def test_a_page_saved_by_word_reads_its_merged_cells_and_numbers():
    result = import_path(WORD_SAVED)
    assert result.findings == []
    (evaluation,) = result.evaluations
    assert evaluation.kind == "project"
    assert (evaluation.project, evaluation.department, evaluation.implementing_unit) == (
        "城区老旧供水管网改造",
        "某区住房和城乡建设局",
        "某区自来水公司",
    )
    assert evaluation.year == 2023
    funds = evaluation.funds
    assert (funds.initial_budget, funds.executed, funds.execution_rate, funds.score) == (
        D("180"),
        D("171"),
        D("95"),
        D("9.5"),
    )
    assert funds.weight is None  # the table prints no 分值 for the funds
    rows = [
        (i.level1, i.level2, i.name, i.target.text, i.actual.text, i.weight, i.score)
        for i in evaluation.indicators
    ]
    assert rows == [
        ("产出指标", "数量指标", "改造管网长度", "≥8公里", "8.4公里", D(50), D(50)),
        ("产出指标", "时效指标", "完工时间", "2023年11月底前", "2023年11月20日", D(10), D(10)),
        ("效益指标", "社会效益指标", "管网漏损率", "≤12%", "10.5%", D(20), D(20)),
        ("满意度指标", "服务对象满意度指标", "用户满意度", "≥90%", "93%", D(10), D(9)),
    ]
    assert (evaluation.total.weight, evaluation.total.score) == (D(100), D("98.5"))
    assert evaluation.signoff.filler == "王堃"
    assert evaluation.signoff.phone == "0731-23456789"


def test_two_project_tables_on_one_page_are_two_evaluations():
    first, second = spanned_project("农村供水保障提升工程"), spanned_project("城区排水管网改造")
    both = PrintedDocument([*first.blocks, *second.blocks])
    result = import_bytes(write_html(both, flavour="portal"), "page.html")
    assert [e.project for e in result.evaluations] == ["农村供水保障提升工程", "城区排水管网改造"]
    assert _model(result) == _model(import_bytes(write_text(both), "t.txt"))


def test_a_page_cut_off_inside_its_table_is_read_with_a_truncation_finding(seedlike_document):
    page = write_html(seedlike_document).decode()
    cut = page[: page.index("环境效益")]
    result = import_bytes(cut.encode(), "page.html")
    assert "import-table-truncated" in [f.code for f in result.findings]


# --- bytes to text ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ('<meta charset="gb2312"><p>绩效</p>'.encode("gb18030"), "绩效"),
        ('<meta http-equiv="Content-Type" content="text/html; charset=GBK"><p>堃</p>'.encode("gbk"), "堃"),
        ('<?xml version="1.0" encoding="gb2312"?><html><p>自评</p></html>'.encode("gb18030"), "自评"),
        ('<meta charset="gb2312"><p>自评</p>'.encode(), "自评"),  # says GB, is UTF-8
        ('<meta charset="utf-8"><p>自评</p>'.encode("gb18030"), "自评"),  # says UTF-8, is GB
        ('<meta charset="iso-8859-1"><p>自评</p>'.encode("gb18030"), "自评"),  # an editor default
        ('<meta charset="big5"><p>績效</p>'.encode("big5"), "績效"),
        ("\ufeff<p>自评</p>".encode("utf-16-le"), "自评"),
        ("<p>自评</p>".encode("utf-8-sig"), "自评"),
    ],
    ids=["gb2312", "gbk-http-equiv", "xml-declaration", "mislabelled-utf8", "mislabelled-gb",
         "latin-default", "big5", "utf16-bom", "utf8-bom"],
)  # fmt: skip
def test_a_page_is_decoded_by_its_declaration_its_bom_or_the_usual_guesses(data, text):
    assert text in decode_html(data)


def test_html_is_chosen_over_the_text_form_even_when_indented_with_tabs(seedlike_document):
    page = write_html(seedlike_document, flavour="portal")
    assert page.count(b"\n\t") > 3
    assert choose(page[:65536]).name == "html"


def test_text_without_markup_is_not_claimed_as_html():
    importer = HtmlImporter()
    assert importer.sniff(SEEDLIKE.read_bytes()[:65536], "a.html") == 0.0
    assert importer.sniff(b"MIME-Version: 1.0\r\n\r\n<html>", "a.mht") == 0.0


# --- pages that must be refused, or survived ----------------------------------------------------


def test_an_empty_page_has_no_indicators():
    assert _code_of(b"<!DOCTYPE html><html><head></head><body></body></html>") == (
        "import-no-indicators"
    )


def test_a_page_without_a_table_has_no_indicators():
    page = (
        "<html><body><h1>2023年度部门整体支出绩效自评报告</h1><p>一级指标说明。</p></body></html>"
    )
    assert _code_of(page.encode()) == "import-no-indicators"


def test_a_page_of_nothing_but_whitespace_is_empty():
    assert _code_of("\ufeff  \n".encode()) == "import-empty"


def test_billion_laughs_in_an_xhtml_page_are_never_expanded(seedlike_document, seedlike_truth):
    entities = "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i else "lol"}">\n' for i in range(10)
    )
    body = write_html(seedlike_document).decode().split("<body>", 1)[1]
    page = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<!DOCTYPE html [\n{entities}]>\n<html xmlns="http://www.w3.org/1999/xhtml"><body>'
        f"<p>&lol9;</p>{body}"
    )
    result = import_bytes(page.encode(), "page.xhtml")
    assert _model(result) == seedlike_truth
    prose = [
        line for block in html_blocks(page) if isinstance(block, Prose) for line in block.lines
    ]
    assert prose[0] == "&lol9;"


def test_a_huge_rowspan_is_capped_to_the_rows_the_table_has():
    page = """<table><tr><td rowspan="100000">绩效指标</td><td>一级指标</td><td>三级指标</td></tr>
      <tr><td>产出指标</td><td>数量</td></tr></table>"""
    (table,) = _tables(page)
    assert _texts(table) == [["绩效指标", "一级指标", "三级指标"], ["", "产出指标", "数量"]]


def test_a_huge_colspan_is_capped_to_the_width_the_table_has():
    page = """<table><tr><td colspan="999999">部门整体支出绩效自评表</td></tr>
      <tr><td>一级指标</td><td>二级指标</td><td>三级指标</td></tr>
      <tr><td>总分</td><td colspan="999999">100</td></tr></table>"""
    (table,) = _tables(page)
    assert [len(row) for row in table.rows] == [3, 3, 3]
    assert _texts(table)[2] == ["总分", "100", ""]


def test_many_huge_spans_stay_within_a_budget():
    rows = "".join(
        f'<tr><td rowspan="65534" colspan="1000">{i}</td>' + "<td>x</td>" * 40 + "</tr>"
        for i in range(300)
    )
    # The budget bounds the grid, and so the time: no timing assertion needed here.
    tables = _tables(f"<table>{rows}</table>")
    assert sum(len(row) for row in tables[0].rows) < 200_000


def test_a_page_nested_deeper_than_python_recursion_does_not_crash():
    page = "<div>" * 5000 + "<p>text</p>" + "</div>" * 5000
    assert _code_of(page.encode()) == "import-no-indicators"


def test_a_caption_is_the_line_before_its_table_and_pre_keeps_its_lines():
    page = """<body><pre>附件3
  说明</pre><table><caption>项目支出绩效自评表</caption>
      <tr><td>一级指标</td><td>三级指标</td></tr></table></body>"""
    prose, table = html_blocks(page)
    assert isinstance(prose, Prose)
    assert prose.lines == ["附件3", "说明", "项目支出绩效自评表"]
    assert isinstance(table, Table)

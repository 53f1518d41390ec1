"""The findings report (问题清单) a reviewer sends back, as HTML, Excel and Word."""

from __future__ import annotations

import html
import io
import re

import openpyxl
import pytest
from docx import Document

import jixiao
from jixiao.model import Justification
from jixiao.render.findings_report import (
    findings_docx,
    findings_html,
    findings_view,
    findings_xlsx,
    location_label,
)
from tests.factories import clean_department, seedlike_department

PROFILE = jixiao.load_profile()
ANSWER = "年中追加了政府性基金项目，成本指标按年初预算设定。"


def seedlike_report(unit: str | None = None) -> jixiao.CheckReport:
    evaluation = seedlike_department()
    if unit is not None:
        evaluation.unit = unit
    evaluation.justifications = [
        Justification(code="target-missed-full-score", path="indicators[8].score", text=ANSWER)
    ]
    return jixiao.check(evaluation, PROFILE)


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines += ["\t".join(cell.text for cell in row.cells) for row in table.rows]
    return "\n".join(lines)


def test_a_path_is_labelled_with_the_words_of_the_evaluation():
    evaluation = seedlike_department()

    assert location_label(evaluation, "indicators[3].actual") == "指标“培训工匠人数” · 实际完成值"
    assert location_label(evaluation, "funds.by_source") == "资金 · 按收入性质分"
    assert location_label(evaluation, "report.sections[1].text") == (
        "自评报告 · “一般公共预算支出情况”部分 · 正文"
    )
    assert location_label(evaluation, "signoff.phone") == "填报信息 · 联系电话"
    assert location_label(evaluation, "indicators[99].actual") == "绩效指标第100项 · 实际完成值"


def test_the_view_groups_findings_errors_first_and_counts_them():
    report = seedlike_report()

    view = findings_view(report)

    assert [label for label, _ in view.groups] == ["错误", "警告", "提示"]
    assert sum(len(rows) for _, rows in view.groups) == len(report.findings)
    assert view.counts == (("错误", 1), ("警告", 23), ("提示", 2))
    assert (view.self_total, view.recomputed_total) == ("98分", "94.43分")


def test_the_html_shows_every_finding_code_grouped_by_severity_errors_first():
    report = seedlike_report()

    page = findings_html(report)

    for finding in report.findings:
        assert finding.code in page
    assert page.index("错误（1 项）") < page.index("警告（23 项）") < page.index("提示（2 项）")
    assert page.index("target-missed-full-score") < page.index("funds-budget-adjusted")
    assert page.rindex("privacy-phone") < page.index("score-recomputed-differs")


def test_the_html_states_the_unit_year_kind_and_both_totals():
    page = findings_html(seedlike_report())

    assert "株洲市渌口区住房和城乡建设局" in page
    assert "2023年度" in page
    assert "部门整体支出绩效自评表" in page
    assert "自评总分：98分（优）" in page
    assert "复算总分：94.43分（优）" in page


def test_the_html_is_self_contained_and_escapes_what_the_unit_wrote():
    page = findings_html(seedlike_report(unit="<script>alert(1)</script>局"))

    assert '<html lang="zh-CN">' in page
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;局" in page
    assert not re.search(r"<link|src=|@import|https?://", page)
    assert "<style>" in page


def test_the_html_shows_a_justification_beside_its_finding():
    page = findings_html(seedlike_report())

    row = next(row for row in page.split("<tr>") if "target-missed-full-score" in row)
    assert ANSWER in row


def test_every_format_lists_the_recomputed_line_scores_with_their_explanations():
    report = seedlike_report()
    cost = report.score.lines[9]  # the cost line that the rules score 1.43

    page = findings_html(report)
    text = docx_text(findings_docx(report))
    sheet = openpyxl.load_workbook(io.BytesIO(findings_xlsx(report)))["复算得分"]
    cells = [cell.value for row in sheet.iter_rows() for cell in row]

    assert html.escape(cost.explanation) in page  # "B > A" is escaped in HTML
    for shown in (page, text, "\n".join(str(cell) for cell in cells)):
        assert "1.43" in shown
        assert "预算执行率" in shown
    for shown in (text, "\n".join(str(cell) for cell in cells)):
        assert cost.explanation in shown


def test_the_workbook_lists_one_finding_a_row_under_a_frozen_filtered_header():
    report = seedlike_report()

    workbook = openpyxl.load_workbook(io.BytesIO(findings_xlsx(report)))

    sheet = workbook["问题清单"]
    assert workbook.sheetnames[0] == "问题清单"
    header = [cell.value for cell in sheet[1]]
    assert header[:2] == ["严重程度", "代码"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:H{len(report.findings) + 1}"
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows[0][1] == "target-missed-full-score"
    assert [row[0] for row in rows] == sorted(
        (row[0] for row in rows), key=["错误", "警告", "提示"].index
    )
    assert {row[1] for row in rows} == {finding.code for finding in report.findings}
    assert sheet.column_dimensions["F"].width >= 40


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_the_workbook_writes_text_starting_like_a_formula_as_text(start):
    unit = f'{start}HYPERLINK("http://x","局")'
    report = seedlike_report(unit=unit)
    report.evaluation.justifications[0].text = f"{start}1+1"

    workbook = openpyxl.load_workbook(io.BytesIO(findings_xlsx(report)))

    summary = workbook["概况"]
    unit_cell = next(c for row in summary.iter_rows() for c in row if unit in str(c.value))
    assert unit_cell.data_type == "s"
    assert unit_cell.value == f"单位：{unit}"
    answer = next(
        c for row in workbook["问题清单"].iter_rows() for c in row if c.value == f"{start}1+1"
    )
    assert answer.data_type == "s"


def test_the_word_report_shows_heading_groups_codes_and_justification():
    report = seedlike_report()

    text = docx_text(findings_docx(report))

    assert text.startswith("绩效自评复核问题清单")
    assert "单位：株洲市渌口区住房和城乡建设局" in text
    assert text.index("错误（1 项）") < text.index("警告（23 项）") < text.index("提示（2 项）")
    for finding in report.findings:
        assert finding.code in text
    row = next(line for line in text.splitlines() if "target-missed-full-score" in line)
    assert ANSWER in row
    assert "指标“全年预算数” · 得分" in row


def test_a_clean_evaluation_reports_that_nothing_was_found():
    report = jixiao.check(clean_department(), PROFILE)
    assert report.findings == []

    assert "未发现问题。" in findings_html(report)
    assert "未发现问题。" in docx_text(findings_docx(report))
    sheet = openpyxl.load_workbook(io.BytesIO(findings_xlsx(report)))["问题清单"]
    assert sheet.max_row == 1

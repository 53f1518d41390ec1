"""The findings report a reviewer sends back to a unit (问题清单), as .docx, .xlsx or HTML.

All three show the same things, read once from a :class:`~jixiao.report.CheckReport` by
:func:`findings_view`: a heading (unit, year, table kind, the self-reported total and grade
beside the recomputed ones, the count of findings by severity); the findings grouped by
severity, errors first, each with its code, where it is (the model path and a label a person
reads, such as 指标“供水率” · 实际完成值), its message, its evidence and the unit's written
justification when one answers it (same code and path); and the recomputed line scores with
their rule, inputs and explanation.

Everything a unit wrote is data, never markup or a formula: the HTML escapes it, the
workbook stores it as text (a name starting with "=" stays a name), and characters XML
cannot hold are dropped.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.styles.style import ParagraphStyle
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from jixiao.findings import CATALOGUE, SEVERITY_ORDER, EvidenceValue, Finding, Severity
from jixiao.model import Evaluation
from jixiao.model.labels import field_label
from jixiao.render.report_docx import set_font, xml_safe
from jixiao.report import CheckReport
from jixiao.scoring import LineScore, round2

TITLE = "绩效自评复核问题清单"
SEVERITY_LABELS = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}
KIND_LABELS = {"department": "部门整体支出绩效自评表", "project": "项目支出绩效自评表"}
NOTHING = "—"
# Words for the fields of a model path, so "funds.by_source" reads 资金 · 按收入性质分.
_SEGMENT = re.compile(r"([A-Za-z_]+)(?:\[(\d+)\])?")
# Text a spreadsheet program would read as a formula if it were typed in.
_FORMULA_START = ("=", "+", "-", "@")


@dataclass(frozen=True, slots=True)
class FindingRow:
    """One finding as the report shows it."""

    severity: Severity
    code: str
    title: str
    path: str
    place: str
    message: str
    evidence: tuple[tuple[str, str], ...]
    justification: str

    @property
    def severity_label(self) -> str:
        return SEVERITY_LABELS[self.severity]

    @property
    def evidence_text(self) -> str:
        return "；".join(f"{key}：{value}" for key, value in self.evidence)


@dataclass(frozen=True, slots=True)
class ScoreRow:
    """One recomputed line: what it is, by which rule, from what, and why."""

    name: str
    path: str
    rule: str
    inputs: str
    weight: str
    self_score: str
    recomputed: str
    explanation: str


@dataclass(frozen=True, slots=True)
class FindingsView:
    """Everything the three formats show, in the order they show it."""

    unit: str
    year: str
    kind: str
    self_total: str
    self_grade: str
    recomputed_total: str
    recomputed_grade: str
    counts: tuple[tuple[str, int], ...]
    groups: tuple[tuple[str, tuple[FindingRow, ...]], ...]
    scores: tuple[ScoreRow, ...]

    @property
    def heading_lines(self) -> list[str]:
        counts = "，".join(f"{label} {count} 项" for label, count in self.counts)
        return [
            f"单位：{self.unit}",
            f"年度：{self.year}　表式：{self.kind}",
            f"自评总分：{self.self_total}（{self.self_grade}）　"
            f"复算总分：{self.recomputed_total}（{self.recomputed_grade}）",
            f"发现问题：{counts}",
        ]


def findings_view(report: CheckReport) -> FindingsView:
    """What a findings report shows, read from the check report."""
    evaluation, result, stats = report.evaluation, report.score, report.stats
    rows = [finding_row(finding, evaluation) for finding in report.findings]
    groups = tuple(
        (SEVERITY_LABELS[severity], tuple(row for row in rows if row.severity is severity))
        for severity in sorted(SEVERITY_LABELS, key=SEVERITY_ORDER.__getitem__)
    )
    return FindingsView(
        unit=evaluation.unit or evaluation.project or NOTHING,
        year=NOTHING if evaluation.year is None else f"{evaluation.year}年度",
        kind=KIND_LABELS.get(evaluation.kind, evaluation.kind),
        self_total=_shown(result.self_reported),
        self_grade=result.grade_self_reported or NOTHING,
        recomputed_total=_shown(result.recomputed),
        recomputed_grade=result.grade_recomputed or NOTHING,
        counts=(("错误", stats.errors), ("警告", stats.warnings), ("提示", stats.infos)),
        groups=tuple(group for group in groups if group[1]),
        scores=tuple(score_row(line) for line in result.lines),
    )


def _shown(value: Decimal | None) -> str:
    return NOTHING if value is None else f"{round2(value).normalize():f}分"


def finding_row(finding: Finding, evaluation: Evaluation) -> FindingRow:
    kind = CATALOGUE.get(finding.code)
    return FindingRow(
        severity=finding.severity,
        code=finding.code,
        title=kind.title if kind is not None else "",
        path=finding.path,
        place=location_label(evaluation, finding.path),
        message=finding.message,
        evidence=tuple(
            (key, evidence_text(value))
            for key, value in finding.evidence.items()
            if not key.endswith("_en")  # the English twin of a Chinese value
        ),
        justification=justification_for(finding, evaluation),
    )


def evidence_text(value: EvidenceValue) -> str:
    if value is None:
        return NOTHING
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(value)
    return str(value)


def justification_for(finding: Finding, evaluation: Evaluation) -> str:
    """The unit's written answers to this finding (same code and path), joined."""
    return "\n".join(
        f"{answer.text}（{answer.author}）" if answer.author else answer.text
        for answer in evaluation.justifications
        if answer.code == finding.code and answer.path == finding.path
    )


def location_label(evaluation: Evaluation, path: str) -> str:
    """A model path in words: "indicators[3].actual" → 指标“培训工匠人数” · 实际完成值."""
    return " · ".join(_path_words(evaluation, path)) or path


def _path_words(evaluation: Evaluation, path: str) -> Iterator[str]:
    owner = ""
    for found in _SEGMENT.finditer(path):
        field, index = found.group(1), found.group(2)
        if index is None:
            word = field_label(field, owner)
            if word:
                yield word
        else:
            yield _indexed(evaluation, owner, field, int(index))
        owner = field


def _indexed(evaluation: Evaluation, owner: str, field: str, index: int) -> str:
    """The words for the ``index``-th item of a list in the model."""
    if owner == "" and field == "indicators" and index < len(evaluation.indicators):
        return f"指标“{evaluation.indicators[index].name.strip()}”"
    report = evaluation.report
    if field == "sections" and report is not None and index < len(report.sections):
        return f"“{report.sections[index].title.strip()}”部分"
    if field == "lines" and index < len(evaluation.funds.lines):
        return f"资金“{evaluation.funds.lines[index].label.strip()}”行"
    return f"{field_label(field, owner)}第{index + 1}项"


def score_row(line: LineScore) -> ScoreRow:
    inputs = "；".join(
        f"{field_label(key)}：{NOTHING if value is None else value}"
        for key, value in line.inputs.items()
    )
    return ScoreRow(
        name=line.name,
        path=line.path,
        rule=line.rule,
        inputs=inputs,
        weight=_number(line.weight),
        self_score=_number(line.self_score),
        recomputed=_number(line.recomputed),
        explanation=line.explanation,
    )


def _number(value: Decimal | None) -> str:
    return NOTHING if value is None else f"{round2(value).normalize():f}"


FINDING_COLUMNS = ("严重程度", "代码", "问题类型", "位置", "路径", "问题说明", "依据", "单位说明")
SCORE_COLUMNS = ("项目", "路径", "规则", "输入", "分值", "自评得分", "复算得分", "说明")


def _finding_cells(row: FindingRow) -> tuple[str, ...]:
    return (
        row.severity_label,
        row.code,
        row.title,
        row.place,
        row.path,
        row.message,
        row.evidence_text,
        row.justification,
    )


def _score_cells(row: ScoreRow) -> tuple[str, ...]:
    return (
        row.name,
        row.path,
        row.rule,
        row.inputs,
        row.weight,
        row.self_score,
        row.recomputed,
        row.explanation,
    )


# --- HTML -----------------------------------------------------------------------------------

_CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:2em;
color:#222;line-height:1.5}
h1{font-size:1.5em;margin-bottom:.3em}h2{font-size:1.2em;margin-top:1.5em}
table{border-collapse:collapse;width:100%;margin:.5em 0}
th,td{border:1px solid #bbb;padding:4px 6px;vertical-align:top;text-align:left}
th{background:#f0f0f0}td.code{font-family:monospace;white-space:nowrap}
.error h2{color:#b00020}.warning h2{color:#a15c00}.info h2{color:#1a5fb4}
.summary p{margin:.2em 0}.justification{background:#eef7ee}
"""
_GROUP_CLASSES = {"错误": "error", "警告": "warning", "提示": "info"}


def findings_html(report: CheckReport) -> str:
    """A self-contained HTML page: inline CSS, no scripts, no outside assets."""
    view = findings_view(report)
    body = [f"<h1>{_esc(TITLE)}</h1>", '<div class="summary">']
    body += [f"<p>{_esc(line)}</p>" for line in view.heading_lines]
    body.append("</div>")
    for label, rows in view.groups:
        body.append(f'<section class="{_GROUP_CLASSES[label]}">')
        body.append(f"<h2>{_esc(label)}（{len(rows)} 项）</h2>")
        body.append(_html_table(FINDING_COLUMNS[1:], [_finding_cells(row)[1:] for row in rows]))
        body.append("</section>")
    if not view.groups:
        body.append("<p>未发现问题。</p>")
    body.append("<h2>复算得分明细</h2>")
    body.append(_html_table(SCORE_COLUMNS, [_score_cells(row) for row in view.scores]))
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_esc(TITLE)} · {_esc(view.unit)}</title>\n<style>{_CSS}</style>\n</head>\n"
        "<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _html_table(columns: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    head = "".join(f"<th>{_esc(column)}</th>" for column in columns)
    body = "".join(
        "<tr>"
        + "".join(_html_cell(column, cell) for column, cell in zip(columns, row, strict=True))
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _html_cell(column: str, text: str) -> str:
    shown = _esc(text).replace("\n", "<br>")
    if column == "代码":
        return f'<td class="code">{shown}</td>'
    if column == "单位说明" and text:
        return f'<td class="justification">{shown}</td>'
    return f"<td>{shown}</td>"


# --- Excel ----------------------------------------------------------------------------------

FINDING_WIDTHS = (8, 26, 22, 30, 28, 60, 40, 40)
SCORE_WIDTHS = (28, 16, 22, 40, 8, 10, 10, 60)
_HEADER_FILL = PatternFill("solid", fgColor="DDDDDD")


def findings_xlsx(report: CheckReport) -> bytes:
    """A workbook: 问题清单 (one finding a row), 复算得分, and 概况 (the heading)."""
    view = findings_view(report)
    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)
    sheet.title = "问题清单"
    rows = [_finding_cells(row) for _, group in view.groups for row in group]
    _fill_sheet(sheet, FINDING_COLUMNS, rows, FINDING_WIDTHS)
    scores = workbook.create_sheet("复算得分")
    _fill_sheet(scores, SCORE_COLUMNS, [_score_cells(row) for row in view.scores], SCORE_WIDTHS)
    summary = workbook.create_sheet("概况")
    for number, line in enumerate([TITLE, *view.heading_lines], start=1):
        _text_cell(summary, number, 1, line)
    summary.column_dimensions["A"].width = 80
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _fill_sheet(
    sheet: Worksheet, columns: tuple[str, ...], rows: list[tuple[str, ...]], widths: tuple[int, ...]
) -> None:
    """Header row, frozen and filtered; one text cell per value; widths that fit the text."""
    for column, name in enumerate(columns, start=1):
        cell = _text_cell(sheet, 1, column, name)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            cell = _text_cell(sheet, number, column, value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(len(rows) + 1, 1)}"


def _text_cell(sheet: Worksheet, row: int, column: int, text: str) -> Cell:
    """A cell holding ``text`` as text: openpyxl reads a leading "=" as a formula, so the
    type is set back to string and the cell marked as text (quote prefix)."""
    cell = sheet.cell(row=row, column=column)
    cell.value = xml_safe(text)
    if text.startswith(_FORMULA_START):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


# --- Word -----------------------------------------------------------------------------------

WORD_FONT = "宋体"
WORD_SIZE = Pt(10.5)  # 五号
# Column widths in cm, filling the 25.7 cm between the margins of landscape A4.
WORD_FINDING_WIDTHS = (3.4, 3.0, 3.6, 2.8, 6.4, 4.0, 2.5)
WORD_SCORE_WIDTHS = (4.0, 2.4, 3.0, 4.6, 1.5, 1.7, 1.7, 6.8)


def findings_docx(report: CheckReport) -> bytes:
    """A landscape A4 Word document: heading, findings by severity, recomputed scores."""
    view = findings_view(report)
    document = Document()
    _landscape(document)
    normal = document.styles["Normal"]
    assert isinstance(normal, ParagraphStyle)
    set_font(normal, WORD_FONT, WORD_SIZE)
    for style_name in ("Title", "Heading 1", "Heading 2"):
        style = document.styles[style_name]
        assert isinstance(style, ParagraphStyle)
        style.font.name = "黑体"
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "黑体")
    document.add_heading(TITLE, level=0)
    for line in view.heading_lines:
        document.add_paragraph(xml_safe(line))
    for label, rows in view.groups:
        document.add_heading(f"{label}（{len(rows)} 项）", level=1)
        cells = [_finding_cells(row)[1:] for row in rows]
        _word_table(document, FINDING_COLUMNS[1:], cells, WORD_FINDING_WIDTHS)
    if not view.groups:
        document.add_paragraph("未发现问题。")
    document.add_heading("复算得分明细", level=1)
    cells = [_score_cells(row) for row in view.scores]
    _word_table(document, SCORE_COLUMNS, cells, WORD_SCORE_WIDTHS)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _landscape(document: WordDocument) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21)
    for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(section, side, Cm(2))


def _word_table(
    document: WordDocument,
    columns: tuple[str, ...],
    rows: list[tuple[str, ...]],
    widths: tuple[float, ...],
) -> None:
    """A grid table; widths in cm on every cell, as Word reads them from the cells."""
    table = document.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    table.autofit = False
    for cell, name in zip(table.rows[0].cells, columns, strict=True):
        cell.text = name
        for run in cell.paragraphs[0].runs:
            run.font.bold = True
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = xml_safe(text)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
    for table_row in table.rows:
        for cell, width in zip(table_row.cells, widths, strict=True):
            cell.width = Cm(width)

"""The 自评表 as a workbook: the layout of :mod:`jixiao.render.table_layout` on a sheet 自评表,
and the rule profile it is scored by on a sheet 评分规则.

- Numbers are numbers, with a number format that shows exactly the model's decimals
  ("16800.00" as 16800 in ``0.00``), so what a reviewer sees is what the importer reads. A
  number a spreadsheet cannot hold exactly (more than 15 significant digits) is written as
  text: a 万元 amount must never lose a digit.
- The 执行率 and the 总分 are live formulas where they give the printed figure (``=IF(C6=0,"",
  E6/D6)``, ``=SUM(...)``); a printed figure the formula would not give stays a plain number.
  openpyxl writes no cached result for a formula, and the importer (calamine) reads cached
  results only, so each formula's result is written into the sheet XML after saving.
- Text is text: a user's "=1+1" or "@SUM(A1)" is stored as a string, never as a formula.
- The sheet is protected without a password, as a guide: the cells a unit or a reviewer fills
  in (实际完成值, 得分, 偏差原因, 实际完成情况, 全年执行数) are unlocked, the labels locked.
- Printing: A4 landscape, fitted to the page width, the indicator header repeated on every page.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from jixiao.model import Evaluation
from jixiao.render.table_layout import (
    NUMERIC_ROLES,
    Formula,
    LayoutCell,
    TableLayout,
    table_layout,
)
from jixiao.rules import Profile

SHEET = "自评表"
RULES_SHEET = "评分规则"
FIRST_TABLE_ROW = 4  # 附件1, the title and the 填报单位 line above it
_MAX_DIGITS = 15  # what a spreadsheet's double keeps, and what the importer reads
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_TABLE_FONT = Font(name="宋体", size=10)
_BOLD_FONT = Font(name="宋体", size=10, bold=True)
_TITLE_FONT = Font(name="黑体", size=16)
_LINE_FONT = Font(name="宋体", size=11)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
_UNLOCKED = Protection(locked=False)
_CHARS_PER_WEIGHT = 1.45  # column width (characters) per layout width unit
_LINE_HEIGHT = 13.5  # points per wrapped line of 10 pt text


def table_xlsx(evaluation: Evaluation, profile: Profile) -> bytes:
    """The 自评表 of ``evaluation`` (scored by ``profile``) as the bytes of an .xlsx file."""
    layout = table_layout(evaluation)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    cached = _write_form(sheet, layout)
    _write_rules(workbook.create_sheet(RULES_SHEET), profile)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _with_cached_results(buffer.getvalue(), cached)


# --- the form -----------------------------------------------------------------------------------


def _write_form(sheet: Worksheet, layout: TableLayout) -> dict[str, str]:
    """Write the form; return each formula cell's cached result, by its address."""
    last_column = layout.width
    _line(sheet, 1, layout.attachment, _TITLE_FONT, last_column, _LEFT)
    _line(sheet, 2, layout.title, _TITLE_FONT, last_column, _CENTER)
    _line(sheet, 3, layout.subtitle, _LINE_FONT, last_column, _LEFT)
    addresses: dict[str, str] = {}
    formulas: list[tuple[str, LayoutCell]] = []
    for number, row in enumerate(layout.rows):
        for cell in row:
            address = _write_cell(sheet, FIRST_TABLE_ROW + number, cell)
            if address is not None and cell.key is not None:
                addresses[cell.key] = address
            if address is not None and cell.formula is not None:
                formulas.append((address, cell))
    last_row = FIRST_TABLE_ROW + len(layout.rows) - 1
    _frame(sheet, FIRST_TABLE_ROW, last_row, last_column)
    _line(sheet, last_row + 2, layout.signoff, _LINE_FONT, last_column, _LEFT)
    sheet.cell(last_row + 2, 1).protection = _UNLOCKED
    _size(sheet, layout)
    _print_setup(sheet, layout, last_row + 2)
    sheet.protection.sheet = True  # no password: a guide to what is filled in, not a lock
    return _formulas(sheet, formulas, addresses)


def _line(sheet: Worksheet, row: int, text: str, font: Font, width: int, align: Alignment) -> None:
    """A paragraph outside the table: one cell merged across the table's width."""
    cell = sheet.cell(row, 1)
    _set_text(cell, text)
    cell.font, cell.alignment = font, align
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)


def _write_cell(sheet: Worksheet, row: int, cell: LayoutCell) -> str | None:
    """Write one layout cell at its place; its address when it holds a number."""
    target = sheet.cell(row, cell.column + 1)
    numeric = cell.role in NUMERIC_ROLES and cell.value is not None
    written = numeric and _set_number(target, cell)
    if not written:
        _set_text(target, cell.text)
    target.font = _BOLD_FONT if cell.role in ("header", "label", "side") else _TABLE_FONT
    target.alignment = _CENTER if cell.role != "text" else _LEFT
    if cell.editable:
        target.protection = _UNLOCKED
    if cell.rowspan > 1 or cell.colspan > 1:
        sheet.merge_cells(
            start_row=row,
            start_column=cell.column + 1,
            end_row=row + cell.rowspan - 1,
            end_column=cell.column + cell.colspan,
        )
    return str(target.coordinate) if written else None


def _set_text(target: object, text: str) -> None:
    clean = _NOT_XML.sub("", text)
    if not clean:
        return
    target.value = clean  # type: ignore[attr-defined]
    # openpyxl takes a string starting with "=" for a formula: users' text stays text.
    target.data_type = "s"  # type: ignore[attr-defined]


def _set_number(target: object, cell: LayoutCell) -> bool:
    """Write the cell's value as a number showing exactly its decimals; False when a
    spreadsheet number cannot carry it (then it is written as text)."""
    assert cell.value is not None
    value = cell.value / 100 if cell.role == "percent" else cell.value
    places = _places(cell.value)
    if places is None or not _exact_as_float(value, places + 2 * (cell.role == "percent")):
        return False
    target.value = float(value)  # type: ignore[attr-defined]
    decimals = "." + "0" * places if places else ""
    percent = "%" if cell.role == "percent" else ""
    target.number_format = f"0{decimals}{percent}"  # type: ignore[attr-defined]
    return True


def _places(value: Decimal) -> int | None:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent <= 0 else None


def _exact_as_float(value: Decimal, places: int) -> bool:
    """Whether the importer reads ``value`` back from a double (15 digits, then the format)."""
    if len(value.as_tuple().digits) > _MAX_DIGITS:
        return False
    shown = Decimal(f"{float(value):.15g}")
    step = Decimal(1).scaleb(-places)
    return shown.quantize(step, rounding=ROUND_HALF_UP) == value.quantize(step)


def _frame(sheet: Worksheet, first_row: int, last_row: int, last_column: int) -> None:
    """Borders on every cell of the table, merged positions included (Excel draws those)."""
    for row in sheet.iter_rows(min_row=first_row, max_row=last_row, min_col=1, max_col=last_column):
        for cell in row:
            cell.border = _BORDER


def _size(sheet: Worksheet, layout: TableLayout) -> None:
    widths = [weight * _CHARS_PER_WEIGHT for weight in layout.widths]
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = max(width, 2.5)
    # Excel grows no row for wrapped text in a merged cell: estimate the lines it needs.
    lines = [
        max((_lines(cell, widths) for cell in row if cell.rowspan == 1), default=1)
        for row in layout.rows
    ]
    for number, row in enumerate(layout.rows):
        for cell in (c for c in row if c.rowspan > 1):
            covered = range(number, min(number + cell.rowspan, len(lines)))
            missing = _lines(cell, widths) - sum(lines[r] for r in covered)
            for r in covered:  # shared out, so a tall side label does not stretch one row
                lines[r] += -(-max(missing, 0) // len(covered))
    for number, count in enumerate(lines):
        sheet.row_dimensions[FIRST_TABLE_ROW + number].height = count * _LINE_HEIGHT + 4


def _lines(cell: LayoutCell, widths: list[float]) -> int:
    """Lines a cell's text wraps to in its width (a CJK character is two characters wide)."""
    if not cell.text:
        return 1
    room = max(int(sum(widths[cell.column : cell.column + cell.colspan])) - 1, 2)
    return sum(max(1, -(-2 * len(line) // room)) for line in cell.text.split("\n"))


def _print_setup(sheet: Worksheet, layout: TableLayout, last_row: int) -> None:
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    header = FIRST_TABLE_ROW + layout.header_row
    sheet.print_title_rows = f"{header}:{header}"
    sheet.print_area = f"A1:{get_column_letter(layout.width)}{last_row}"


# --- formulas and their cached results ----------------------------------------------------------


def _formulas(
    sheet: Worksheet, cells: list[tuple[str, LayoutCell]], addresses: dict[str, str]
) -> dict[str, str]:
    cached: dict[str, str] = {}
    for address, cell in cells:
        assert cell.formula is not None
        assert cell.value is not None
        text = _formula_text(cell.formula, addresses)
        if text is None:
            continue
        sheet[address] = text
        value = cell.value / 100 if cell.role == "percent" else cell.value
        cached[address] = format(value, "f")
    return cached


def _formula_text(formula: Formula, addresses: dict[str, str]) -> str | None:
    """The formula over the cells of its keys; None when one of them is not a number cell."""
    if any(key not in addresses for key in formula.keys):
        return None
    places = [addresses[key] for key in formula.keys]
    if formula.op == "ratio":
        executed, budget = places
        return f'=IF({budget}=0,"",{executed}/{budget})'
    return f"=SUM({','.join(_ranges(places))})"


def _ranges(addresses: Iterable[str]) -> list[str]:
    """Addresses with runs down one column joined ("G14,G15,G16" → "G14:G16")."""
    runs: list[list[tuple[str, int]]] = []
    for address in addresses:
        match = re.fullmatch(r"([A-Z]+)(\d+)", address)
        assert match is not None
        column, row = match[1], int(match[2])
        if runs and runs[-1][-1][0] == column and runs[-1][-1][1] == row - 1:
            runs[-1].append((column, row))
        else:
            runs.append([(column, row)])
    return [
        f"{run[0][0]}{run[0][1]}" + (f":{run[-1][0]}{run[-1][1]}" if len(run) > 1 else "")
        for run in runs
    ]


_FORMULA_CELL = re.compile(
    r'(?P<head><c r="(?P<ref>[A-Z]+[0-9]+)"[^>]*><f>[^<]*</f>)(?:<v\s*/>|<v></v>)'
)


def _with_cached_results(data: bytes, cached: dict[str, str]) -> bytes:
    """Put each formula's result into the first sheet's XML (openpyxl leaves ``<v>`` empty)."""
    if not cached:
        return data
    source = zipfile.ZipFile(io.BytesIO(data))
    part = "xl/worksheets/sheet1.xml"
    xml = source.read(part).decode("utf-8")

    def fill(match: re.Match[str]) -> str:
        value = cached.get(match["ref"])
        return match[0] if value is None else f"{match['head']}<v>{value}</v>"

    xml = _FORMULA_CELL.sub(fill, xml)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = xml.encode() if item.filename == part else source.read(item.filename)
            target.writestr(item, content)
    return buffer.getvalue()


# --- the rules sheet ----------------------------------------------------------------------------


def _write_rules(sheet: Worksheet, profile: Profile) -> None:
    for number, row in enumerate(rule_rows(profile), start=1):
        for column, text in enumerate(row, start=1):
            cell = sheet.cell(number, column)
            _set_text(cell, text)
            cell.font = _BOLD_FONT if column == 1 else _TABLE_FONT
            cell.alignment = _LEFT
    for letter, width in (("A", 28), ("B", 44), ("C", 36)):
        sheet.column_dimensions[letter].width = width
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


_METHODS = {"proportional": "按比例：分值 × min(执行率, 上限)", "interval": "按区间：每低一档扣分"}
_REVERSE = {
    "ratio": "比值法：分值 × 指标值 / 实际值",
    "linear": "线性法：超出部分线性扣至 2 倍指标值为零",
}


def rule_rows(profile: Profile) -> list[tuple[str, ...]]:
    """The rule profile as rows of a sheet: what a reviewer needs to redo the scoring.

    Its words stay clear of the table's own labels (no 指标名称, no 填报人…), so importing
    the workbook reads this sheet as the text it is."""
    execution, weights = profile.execution, profile.weights
    rows: list[tuple[str, ...]] = [
        ("评分规则", profile.name),
        ("规则编号", profile.id, profile.name_en),
        ("继承", profile.extends or "无"),
        ("满分", _number(weights.total)),
        ("预算执行率分值", _number(weights.execution)),
    ]
    rows += [(f"一级：{name}", _number(weight)) for name, weight in weights.level1.items()]
    rows += [
        ("执行率计分", _METHODS[execution.method]),
        ("执行率计分上限", f"{_number(execution.cap * 100)}%"),
        (
            "区间法每档",
            f"{_number(execution.interval_step)}个百分点，扣{_number(execution.interval_points)}分",
        ),
        ("执行率低于此值须说明", f"{_number(execution.explain_below)}%"),
        ("反向指标计分", _REVERSE[profile.quantitative.reverse_method]),
        ("超额完成须说明（倍）", _number(profile.quantitative.over_completion_ratio)),
    ]
    rows += [
        (f"定性档次：{tier.name}", f"{_number(tier.low * 100)}%–{_number(tier.high * 100)}%")
        for tier in profile.qualitative.tiers
    ]
    rows += [(f"等级：{grade.name}", f"{_number(grade.low)}分及以上") for grade in profile.grades]
    return rows


def _number(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text

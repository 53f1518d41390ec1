"""Spreadsheets: .xlsx / .xlsm, .xls and .ods self-evaluations, sheet by sheet.

Offices keep the self-evaluation in a workbook too: the table on a sheet with merged cells;
the title, 填报单位 and sign-off in single cells above and below it; sometimes the report
pasted in as one paragraph per row; sometimes one table per sheet. Each visible worksheet is
read, in workbook order, into prose lines and tables of cells
(:mod:`jixiao.importers.cells`), which :func:`~jixiao.importers.layout.evaluations_from_blocks`
understands:

- a run of rows with two or more filled cells is a table; a row with one filled cell is prose
  (a title, a paragraph, the sign-off), unless a table is open and that cell sits right of the
  table's first column, or is merged down or across part of the table (a row label such as
  "上年结转资金" with blank amounts); a blank row or the end of the sheet closes a table;
- a merged range reads as its value in the top-left cell and empty cells elsewhere;
- a number reads as the text a person sees: its number format's decimals, percent sign and
  literal text applied (1 shown as "100%", 97.6 shown as "97.60", 10 with ``0"分"`` as "10分"),
  never more than 15 significant digits (Excel's precision, so a computed 0.1+0.2 shows "0.3");
  digit grouping ("17,511.79") is left out. Dates read as ISO text.

Where a value came from: ``table`` is the index of the table on its sheet, ``row`` and
``column`` the 0-based row and column of the sheet (:func:`cell_address` turns them into
"D7").

Calamine reads the values of .xlsx and .xls. It builds a dense grid from the first to the last
filled cell, and sets aside room for counts a file declares (an .xls sheet's DIMENSIONS, the
number of shared strings), so a sheet with cells at A1 and XFD1048576, or one lying count,
would make it ask for terabytes and abort the whole process: no exception, no finding. Every
sheet is therefore measured first, by this module, from the file's own structure (the cell
elements of each .xlsx sheet part, the cell records of each .xls sheet), which also yields each
number's format, something calamine does not report. Only :data:`ROW_CAP` rows,
:data:`COLUMN_CAP` columns and :data:`CELL_CAP` cells per workbook are read. An .xlsx is handed
to calamine as a copy made of the measured parts only, cut down to the caps (with an
``import-table-truncated`` finding) and with shared-string counts removed; an .xls beyond the
caps is refused (``import-memory``), as its records cannot be cut without rewriting the file.
An .ods is read here directly from its ``content.xml`` (calamine would expand its repeated cells
into the same dense grid), which also carries the text each cell shows.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import struct
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from lxml import etree

from jixiao.findings import Finding
from jixiao.importers.base import TABLE_TRUNCATED, ImportResult, import_error
from jixiao.importers.cells import Block, Cell, Prose, Table, make_cell
from jixiao.importers.doc import ENCRYPTED_STREAM, OleEntry, OleFile, read_ole2
from jixiao.importers.docx import OLE2_MAGIC, parse_xml
from jixiao.importers.layout import evaluations_from_blocks
from jixiao.importers.safezip import SafeZip, ZipLimits, is_zip

# What is read of a sheet; a self-evaluation has a few hundred rows at most. 5,000 x 200
# cells keep calamine's dense grid under 100 MB.
ROW_CAP = 5000
COLUMN_CAP = 200
# Cells (filled or not) looked at in one workbook: keeps a hostile file under a few seconds.
CELL_CAP = 250_000

# Spreadsheets are small: inflating more than this is not a self-evaluation.
_ZIP_LIMITS = ZipLimits(max_read=64 << 20)
_UNSAFE_MARKUP = (b"<!DOCTYPE", b"<!ENTITY", "<!DOCTYPE".encode("utf-16-le"))
_BOOK_STREAMS = ("Workbook", "Book")  # BIFF8, BIFF5
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


def cell_address(row: int, column: int) -> str:
    """The A1-style address of a 0-based row and column: (6, 3) → "D7"."""
    letters = ""
    number = column + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"{letters}{row + 1}"


# --- the importer -------------------------------------------------------------------------------


class XlsxImporter:
    """Excel (.xlsx, .xlsm, .xls) and OpenDocument (.ods) workbooks."""

    name = "xlsx"

    def sniff(self, head: bytes, name: str) -> float:
        if is_zip(head):
            # Member names sit in the local headers near the start; read() decides for certain.
            if b"word/document" in head:
                # A Word document. Asked first: its name comes early in the file, while a
                # search for "xl/" that fails reads the whole head, slowly (a short needle).
                return 0.0
            if b"xl/workbook." in head or _ODS_MIMETYPE in head[:200]:
                return 0.95
            return 0.9 if b"xl/" in head else 0.0
        if head.startswith(OLE2_MAGIC):
            if any(f"{n}\0".encode("utf-16-le") in head for n in _BOOK_STREAMS):
                return 0.95
            # The directory may lie beyond the head. Claim a little more than the .doc
            # importer does; read() hands anything but a workbook back to it.
            return 0.35
        return 0.0

    def read(self, data: bytes, name: str) -> ImportResult:
        if data.startswith(OLE2_MAGIC) and _workbook_stream(data) is None:
            return read_ole2(data, name)  # a .doc or an encrypted Office file: not ours to say
        return _evaluations(read_sheets(data), name)


def read_sheets(data: bytes) -> list[Sheet]:
    """The text of every visible worksheet of a workbook, in order.

    Raises ``ImportError_``: ``import-empty``, ``import-corrupt``, ``import-zip-bomb``,
    ``import-unsafe-xml``, ``import-encrypted``, ``import-memory`` (an .xls sheet beyond the
    caps) or ``import-unrecognised`` (not a workbook).
    """
    if not data:
        raise import_error("import-empty")
    if data.startswith(OLE2_MAGIC):
        ole, entries = _ole_workbook(data)
        return _xls_sheets(data, ole, entries)
    if not is_zip(data):
        raise import_error("import-unrecognised", "不是电子表格文件", "not a spreadsheet")
    archive = SafeZip(data, _ZIP_LIMITS)
    if "xl/workbook.xml" in archive:
        return _xlsx_sheets(archive)
    if _is_ods(archive):
        return _ods_sheets(archive)
    if "xl/workbook.bin" in archive:
        raise import_error(
            "import-unrecognised",
            "不支持二进制工作簿（.xlsb），请另存为 .xlsx",
            "binary workbooks (.xlsb) are not read: save as .xlsx",
        )
    raise import_error("import-unrecognised", "压缩包中没有工作簿", "no workbook in the zip")


def _workbook_stream(data: bytes) -> OleEntry | None:
    """The workbook stream of an OLE2 file; None for other (or encrypted) Office files."""
    try:
        ole = OleFile(data)
    except (ValueError, struct.error):
        return None  # read_ole2 says what is wrong
    if ole.entry(ENCRYPTED_STREAM) is not None:
        return None
    return next((e for n in _BOOK_STREAMS if (e := ole.entry(n)) is not None), None)


def _ole_workbook(data: bytes) -> tuple[OleFile, list[OleEntry]]:
    try:
        ole = OleFile(data)
    except (ValueError, struct.error) as exc:
        raise import_error("import-corrupt", "OLE2 复合文件结构损坏", str(exc)) from exc
    if ole.entry(ENCRYPTED_STREAM) is not None:
        raise import_error("import-encrypted", "加密的 Office 文档", "an encrypted Office file")
    if any(e.size > len(data) for e in ole.entries if e.kind in (_STREAM, _ROOT)):
        # Calamine sets aside room for the size a stream claims: more than the file is a lie.
        raise import_error(
            "import-corrupt", "OLE2 目录中的流长度有误", "a stream longer than the file"
        )
    entries = [e for n in _BOOK_STREAMS if (e := ole.entry(n)) is not None]
    if not entries:
        raise import_error("import-unrecognised", "不是 Excel 工作簿", "no workbook stream")
    return ole, entries


# --- sheets → blocks → evaluations ----------------------------------------------------------------


@dataclass(slots=True)
class Sheet:
    """The text of one sheet's cells from A1 (``grid[row][column]``, 0-based);
    ``truncated`` when rows or columns beyond the caps were not read."""

    name: str
    grid: list[list[str]]
    truncated: bool = False
    # Merged ranges: top-left (row, column) → (last row, last column).
    merges: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)


def _evaluations(sheets: list[Sheet], name: str) -> ImportResult:
    blocks: list[Block] = []
    columns: tuple[int, int] | None = None  # of the last table, for a part on the next sheet
    for sheet in sheets:
        found = sheet_blocks(
            sheet.grid,
            sheet.merges,
            complete=not sheet.truncated,
            sheet=sheet.name,
            columns_before=columns,
        )
        columns = _columns_of_last_table(found) or columns
        blocks.extend(found)
    result = evaluations_from_blocks(blocks, name)
    result.findings.extend(_truncated(sheet) for sheet in sheets if sheet.truncated)
    return result


def _truncated(sheet: Sheet) -> Finding:
    return TABLE_TRUNCATED.make(
        "",
        reason=(
            f"工作表“{sheet.name}”超过 {ROW_CAP} 行、{COLUMN_CAP} 列或 {CELL_CAP} 个单元格的"
            "读取上限，超出部分未读取"
        ),
        reason_en=(
            f"sheet “{sheet.name}” goes beyond {ROW_CAP} rows, {COLUMN_CAP} columns or"
            f" {CELL_CAP} cells; the rest was not read"
        ),
        sheet=sheet.name,
        evaluation=None,
    )


def sheet_blocks(
    grid: list[list[str]],
    merges: dict[tuple[int, int], tuple[int, int]] | None = None,
    *,
    complete: bool = True,
    sheet: str | None = None,
    columns_before: tuple[int, int] | None = None,
) -> list[Block]:
    """The prose lines and tables of one sheet: ``grid`` holds its cells' text from A1,
    ``merges`` its merged ranges (top-left → last row and column).

    Tables are numbered from 0 on each sheet; their cells keep the sheet's row and column.
    A table spans from its first filled column to its last filled or merged one, and is never
    narrower than the table before it that starts in the same column (``columns_before``:
    the first and past-the-last column of the last table of the sheet before): a table split
    in two parts keeps its width in the second even when that part's last column is blank
    (a 偏差原因 column with nothing to explain).
    """
    builder = _SheetBlocks(merges or {}, sheet, columns_before)
    for row, values in enumerate(grid):
        builder.feed(row, values)
    return builder.finish(complete=complete)


class _SheetBlocks:
    def __init__(
        self,
        merges: dict[tuple[int, int], tuple[int, int]],
        sheet: str | None,
        columns_before: tuple[int, int] | None = None,
    ) -> None:
        self.merges = merges
        self.sheet = sheet
        self.blocks: list[Block] = []
        self.prose: list[str] = []
        self.rows: list[tuple[int, list[str]]] = []
        self.left = 0  # the open table's first and last filled columns
        self.right = 0
        self.columns_before = columns_before  # the last table's first and past-the-last
        # Merged ranges by their top row: (first column, last column).
        self.merged: dict[int, list[tuple[int, int]]] = {}
        for (row, column), (_, last_column) in merges.items():
            self.merged.setdefault(row, []).append((column, last_column))

    def feed(self, row: int, values: list[str]) -> None:
        filled = [column for column, text in enumerate(values) if text.strip()]
        if not filled:
            self._close_table(complete=True)
        elif self.rows and (len(filled) > 1 or self._in_table(row, filled[0])):
            self.rows.append((row, values))
            self.left, self.right = min(self.left, filled[0]), max(self.right, filled[-1])
        elif len(filled) > 1:
            self._flush_prose()
            self.rows, self.left, self.right = [(row, values)], filled[0], filled[-1]
        else:
            self._close_table(complete=True)
            self.prose.extend(values[filled[0]].split("\n"))

    def _in_table(self, row: int, column: int) -> bool:
        """Whether the only filled cell of a row belongs to the open table: it sits right of
        the table's first column (the cells before it are blank or merged from above), or it
        is merged down, or across part of the table (a row label: "上年结转资金" with
        blank amounts). Anything else (a title, a paragraph, a title merged across the whole
        table) is prose."""
        if column > self.left:
            return True
        last_row, last_column = self.merges.get((row, column), (row, column))
        return last_row > row or column < last_column < self.right

    def _flush_prose(self) -> None:
        if self.prose:
            self.blocks.append(Prose(self.prose))
            self.prose = []

    def _close_table(self, *, complete: bool) -> None:
        if not self.rows:
            return
        index = sum(isinstance(block, Table) for block in self.blocks)
        right = self._right_end()
        self.columns_before = (self.left, right)
        cells: list[list[Cell]] = []
        source: list[str] = []
        for row, values in self.rows:
            texts = (values + [""] * (right - len(values)))[self.left : right]
            cells.append(
                [
                    make_cell(text.split("\n"), index, row, self.left + offset, sheet=self.sheet)
                    if text
                    else Cell("", "", "", index, row, self.left + offset, sheet=self.sheet)
                    for offset, text in enumerate(texts)
                ]
            )
            source.extend(_source_lines(texts))
        self.blocks.append(Table(index, cells, source, complete))
        self.rows = []

    def _right_end(self) -> int:
        """Past the open table's last column: its last filled cell, or further right the end
        of a range merged from one of its rows, or of the table before it (same first
        column). Blank columns at the right are columns all the same: without them, the
        layout reader would align the part's rows to the right of the header."""
        filled = max(max(c for c, t in enumerate(v) if t.strip()) for _, v in self.rows) + 1
        width = max(len(values) for _, values in self.rows)  # the sheet's, within the caps
        right = filled
        for row, _ in self.rows:
            for column, last_column in self.merged.get(row, ()):
                if self.left <= column <= filled:
                    right = max(right, min(last_column + 1, width))
        if self.columns_before is not None and self.columns_before[0] == self.left:
            right = max(right, self.columns_before[1])
        return right

    def finish(self, *, complete: bool) -> list[Block]:
        self._close_table(complete=complete)
        self._flush_prose()
        return self.blocks


def _columns_of_last_table(blocks: list[Block]) -> tuple[int, int] | None:
    """The first and past-the-last sheet column of the last table among ``blocks``."""
    for block in reversed(blocks):
        if isinstance(block, Table) and block.rows and block.rows[0]:
            first = block.rows[0][0].column
            return first, first + len(block.rows[0])
    return None


def _source_lines(texts: list[str]) -> list[str]:
    """A row as the text form prints it: a tab before each filled cell, a blank line after."""
    lines: list[str] = []
    for text in texts:
        if text.strip():
            first, *rest = text.split("\n")
            lines.extend(["\t" + first, *rest])
    return [*lines, ""]


# --- what a person sees in a cell -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NumberShape:
    """How a number format prints a number: decimals, percent, literal text around it."""

    most: int = 0  # decimals shown at most ("0.0#" → 2)
    least: int = 0  # decimals always shown ("0.0#" → 1)
    percent: bool = False
    prefix: str = ""
    suffix: str = ""


# Excel's built-in number formats that change what a number looks like (ids 0 and 49 are
# General and text; the dates are left to calamine, which recognises them itself).
_BUILTIN_FORMATS = {
    1: "0",
    2: "0.00",
    3: "#,##0",
    4: "#,##0.00",
    9: "0%",
    10: "0.00%",
    37: "#,##0 ;(#,##0)",
    38: "#,##0 ;[Red](#,##0)",
    39: "#,##0.00;(#,##0.00)",
    40: "#,##0.00;[Red](#,##0.00)",
}
_PLACEHOLDERS = frozenset("0#?.,")
# Letters that make a format a date, a time, scientific, a fraction or text: not ours to print.
_NOT_NUMBER = frozenset("yYmMdDhHsSeEbBgG/@")


def number_shape(code: str | None) -> NumberShape | None:
    """The shape of a number format code; None for General and formats not understood."""
    if not code:
        return None
    section = _first_section(code)
    if section.strip().lower() in ("", "general"):
        return None
    prefix: list[str] = []
    suffix: list[str] = []
    digits: list[str] = []
    i = 0
    while i < len(section):
        char = section[i]
        if char == '"':
            end = section.find('"', i + 1)
            end = len(section) if end < 0 else end
            (suffix if digits else prefix).append(section[i + 1 : end])
            i = end + 1
        elif char == "\\":
            (suffix if digits else prefix).append(section[i + 1 : i + 2])
            i += 2
        elif char in "_*":
            i += 2  # "_)" pads with the width of ")", "*-" fills with "-": no visible text
        elif char == "[":
            end = section.find("]", i)
            end = len(section) if end < 0 else end
            if section.startswith("[$", i):  # a currency and locale: "[$¥-804]" shows "¥"
                (suffix if digits else prefix).append(section[i + 2 : end].partition("-")[0])
            i = end + 1  # a colour or a condition shows nothing
        elif char in _PLACEHOLDERS and not suffix:
            digits.append(char)
            i += 1
        elif char in _NOT_NUMBER:
            return None
        else:
            (suffix if digits else prefix).append(char)
            i += 1
    if not any(d in "0#?" for d in digits):
        return None
    decimals = "".join(digits).partition(".")[2]
    return NumberShape(
        most=sum(d in "0#?" for d in decimals),
        least=decimals.count("0"),
        percent="%" in "".join(prefix + suffix),
        prefix="".join(prefix),
        suffix="".join(suffix),
    )


def _first_section(code: str) -> str:
    """The part of a format code for positive numbers (sections split at unquoted ";")."""
    quoted = False
    for i, char in enumerate(code):
        if char == '"':
            quoted = not quoted
        elif char == ";" and not quoted:
            return code[:i]
    return code


def number_text(value: float | int, shape: NumberShape | None = None) -> str:
    """A number as a spreadsheet shows it: 5025.23 → "5025.23", 10.0 → "10", 1e-05 →
    "0.00001"; with a shape, 1.0 in "0%" → "100%" and 97.6 in "0.00" → "97.60"."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    # 15 significant digits: what Excel keeps and shows, without binary noise (0.1+0.2).
    digits = str(value) if isinstance(value, int) else f"{value:.15g}"
    if shape is None and "e" not in digits:
        return "0" if digits == "-0" else digits  # the common case, without Decimal
    number = Decimal(digits)
    if shape is None:
        return _plain(number)
    if shape.percent:
        number = number.scaleb(2)
    number = number.quantize(Decimal(1).scaleb(-shape.most), rounding=ROUND_HALF_UP)
    text = format(number, "f")
    if shape.most > shape.least:
        whole, _, decimals = text.partition(".")
        decimals = decimals[: shape.least] + decimals[shape.least :].rstrip("0")
        text = f"{whole}.{decimals}" if decimals else whole
    if text.startswith("-") and not text.strip("-0."):
        text = text[1:]  # "-0.00": rounding ate the whole number
    return f"{shape.prefix}{text}{shape.suffix}"


def _plain(number: Decimal) -> str:
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


CellValue = str | float | int | bool | dt.datetime | dt.date | dt.time | dt.timedelta | None


def cell_text(value: CellValue, shape: NumberShape | None = None) -> str:
    """The text a person sees for a value as calamine returns it."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n")
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return number_text(value, shape)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)  # a duration


# --- reading with calamine ----------------------------------------------------------------------


@dataclass(slots=True)
class _SheetPlan:
    """What the file's own structure says about a sheet before calamine reads it."""

    name: str
    rows: int = 0  # one past the last filled row
    columns: int = 0
    formats: dict[tuple[int, int], NumberShape] = field(default_factory=dict)
    truncated: bool = False  # cells beyond the caps were taken out before calamine read it
    declared: int = 0  # cells an .xls sheet's DIMENSIONS record declares

    @property
    def too_large(self) -> bool:
        return self.rows > ROW_CAP or self.columns > COLUMN_CAP

    def note(self, row: int, column: int) -> None:
        self.rows = max(self.rows, row + 1)
        self.columns = max(self.columns, column + 1)


def _calamine_sheets(data: bytes, plans: list[_SheetPlan]) -> list[Sheet]:
    """Read the visible worksheets of ``data`` whose plans say they fit the caps."""
    from python_calamine import (  # imported here: a native library, loaded when needed
        CalamineWorkbook,
        PasswordError,
        SheetTypeEnum,
        SheetVisibleEnum,
    )

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets: list[Sheet] = []
        for index, meta in enumerate(workbook.sheets_metadata):
            if meta.typ != SheetTypeEnum.WorkSheet or meta.visible != SheetVisibleEnum.Visible:
                continue  # chart and macro sheets; hidden sheets are not what was published
            plan = plans[index] if index < len(plans) else None
            if plan is None or plan.too_large:
                continue  # never measured: not safe to hand to calamine
            sheet = workbook.get_sheet_by_index(index)
            values = sheet.to_python(skip_empty_area=False)
            merges = dict(sheet.merged_cell_ranges or [])
            sheets.append(Sheet(meta.name, _texts(values, plan), plan.truncated, merges))
        return sheets
    except PasswordError as exc:
        raise import_error("import-encrypted", "工作簿设有密码", str(exc)) from exc
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except BaseException as exc:  # calamine's errors, and pyo3's PanicException (a BaseException)
        raise import_error("import-corrupt", "工作簿无法读取", str(exc)) from exc


def _texts(values: Sequence[Sequence[CellValue]], plan: _SheetPlan) -> list[list[str]]:
    formats = plan.formats
    return [
        [cell_text(value, formats.get((r, c))) for c, value in enumerate(row[:COLUMN_CAP])]
        for r, row in enumerate(values[:ROW_CAP])
    ]


def _refuse_unsafe(xml: bytes) -> None:
    if any(marker in xml for marker in _UNSAFE_MARKUP):
        raise import_error("import-unsafe-xml")
    if b"\0" in xml[:4]:
        # UTF-16 or UTF-32: legal XML that no spreadsheet program writes, and that the byte
        # scan below could not measure.
        raise import_error("import-corrupt", "XML 部件不是 UTF-8 编码", "an XML part not in UTF-8")


# --- .xlsx: the sheet XML measured (and trimmed) before calamine reads it -------------------------

_REL_NS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
)
# A <row> start tag, or a whole <c> element; any namespace prefix. Attribute values are
# skipped whole, so a ">" or an "r=" inside one cannot hide a cell from the scan.
_ATTRIBUTES = rb"""(?:[^>"']|"[^"]*"|'[^']*')*?"""
_ROW_OR_CELL = re.compile(
    rb"<(?:[\w.-]+:)?row\b(?P<row>" + _ATTRIBUTES + rb")>"
    rb"|<(?:[\w.-]+:)?c\b(?P<cell>" + _ATTRIBUTES + rb")(?:/>|>(?P<body>.*?)</(?:[\w.-]+:)?c>)",
    re.S,
)
_ATTRIBUTE = re.compile(rb"""(?P<name>[^\s=]+)\s*=\s*(?:"(?P<q>[^"]*)"|'(?P<a>[^']*)')""")
_SHEET_DATA = re.compile(rb"<(?:[\w.-]+:)?sheetData\b")
_SHEET_DATA_END = re.compile(rb"</(?:[\w.-]+:)?sheetData>")
_SHARED_STRINGS = re.compile(rb"<(?:[\w.-]+:)?sst\b" + _ATTRIBUTES + rb">")
_COUNT = re.compile(rb"""\s(?:count|uniqueCount)\s*=\s*(?:"[^"]*"|'[^']*')""")
_ADDRESS = re.compile(rb"(?P<column>[A-Za-z]+)(?P<row>[0-9]+)")
# An address or row number this module cannot place: the cell is dropped, never guessed at.
_NOWHERE = 1 << 40


def _xlsx_sheets(archive: SafeZip) -> list[Sheet]:
    """Measure and cut down every part that holds cells, then let calamine read a copy of the
    workbook made of those parts only: whatever calamine opens has been measured here."""
    parts = {m: archive.read(m) for m in archive.names() if m.endswith((".xml", ".rels"))}
    for xml in parts.values():
        _refuse_unsafe(xml)
    shapes = _xf_shapes(parts)
    measured: dict[str, _SheetPlan] = {}
    budget = _Budget()
    for path, xml in list(parts.items()):
        if _SHEET_DATA.search(xml):
            plan = measured[path] = _SheetPlan(path)
            kept = _measure_xlsx(xml, plan, shapes, budget)
            if kept is not None:
                parts[path], plan.truncated = kept, True
        elif match := _SHARED_STRINGS.search(xml):
            # Calamine reserves room for the count the part declares: a lie would abort.
            start, end = match.span()
            parts[path] = xml[:start] + _COUNT.sub(b"", match[0]) + xml[end:]
    plans = [
        replace(measured.get(path) or _SheetPlan(""), name=name)
        for name, path in _xlsx_sheet_parts(parts)
    ]
    return _calamine_sheets(_zipped(parts), plans)


def _xlsx_sheet_parts(parts: dict[str, bytes]) -> list[tuple[str, str]]:
    """(name, member path) of every sheet, in workbook order."""
    targets: dict[str, str] = {}
    if "xl/_rels/workbook.xml.rels" in parts:
        for rel in parse_xml(parts["xl/_rels/workbook.xml.rels"]):
            target = rel.get("Target") or ""  # resolved as calamine resolves it
            path = target[1:] if target.startswith("/") else target
            targets[rel.get("Id") or ""] = path if path.startswith("xl/") else "xl/" + path
    sheets: list[tuple[str, str]] = []
    for element in parse_xml(parts["xl/workbook.xml"]).iter():
        if etree.QName(element).localname != "sheet":
            continue
        rel_id = next(
            (element.get(f"{{{ns}}}id") for ns in _REL_NS if element.get(f"{{{ns}}}id")), ""
        )
        sheets.append((element.get("name") or "", targets.get(rel_id or "", "")))
    return sheets


def _xf_shapes(parts: dict[str, bytes]) -> dict[int, NumberShape]:
    """Number shape of each cell format (``s`` attribute) that has one."""
    if "xl/styles.xml" not in parts:
        return {}
    custom: dict[int, str] = {}
    formats: list[int] = []
    root = parse_xml(parts["xl/styles.xml"])
    for element in root.iter():
        tag = etree.QName(element).localname
        if tag == "numFmt":
            custom[_int(element.get("numFmtId"))] = element.get("formatCode") or ""
        elif tag == "xf" and etree.QName(element.getparent()).localname == "cellXfs":
            formats.append(_int(element.get("numFmtId")))
    shapes: dict[int, NumberShape] = {}
    for index, format_id in enumerate(formats):
        shape = number_shape(custom.get(format_id) or _BUILTIN_FORMATS.get(format_id))
        if shape is not None:
            shapes[index] = shape
    return shapes


def _int(text: str | bytes | None) -> int:
    try:
        return int(text or 0)
    except ValueError:
        return -1


def _xlsx_cells(xml: bytes) -> Iterator[tuple[re.Match[bytes], dict[bytes, bytes], int, int]]:
    """Each ``<row>`` start tag (column -1) and ``<c>`` element, its attributes and 0-based
    row and column, as a spreadsheet program places them (a row or cell without ``r`` follows
    the one before it). What cannot be placed is put at :data:`_NOWHERE`."""
    row, column = -1, -1
    for match in _ROW_OR_CELL.finditer(xml):
        if match["row"] is not None:
            attributes = _attributes(match["row"])
            given = attributes.get(b"r")
            row = row + 1 if given is None else _row_index(given)
            column = -1
            yield match, attributes, row, column
            continue
        attributes = _attributes(match["cell"])
        given = attributes.get(b"r")
        if given is None:
            column += 1
        elif address := _ADDRESS.fullmatch(given):
            row, column = _row_index(address["row"]), _column_index(address["column"])
        else:
            row, column = _NOWHERE, _NOWHERE
        yield match, attributes, row, column


def _row_index(number: bytes) -> int:
    index = int(number) - 1 if number.isdigit() else -1
    return index if 0 <= index < _NOWHERE else _NOWHERE


class _Budget:
    """Cells a workbook may make this module look at: past it, the rest is not read."""

    def __init__(self, cells: int = CELL_CAP) -> None:
        self.left = cells

    def take(self, cells: int = 1) -> bool:
        self.left -= cells
        return self.left >= 0


def _measure_xlsx(
    xml: bytes, plan: _SheetPlan, shapes: dict[int, NumberShape], budget: _Budget
) -> bytes | None:
    """Note the extent and number shapes of a sheet's filled cells. When the sheet goes
    beyond the caps, the sheet XML cut down to them; else None."""
    dropped: list[tuple[int, int]] = []  # cells right of the column cap
    cut: int | None = None  # where the rows past the row cap (or the budget) begin
    row_start = 0
    for match, attributes, row, column in _xlsx_cells(xml):
        if column < 0:
            row_start = match.start()
        if not budget.take() or (row >= ROW_CAP and column < 0):
            cut = row_start if column >= 0 else match.start()
            break
        if column < 0 or not (match["body"] or b"").strip():
            continue  # a row tag, or a formatted empty cell (calamine leaves it out too)
        if row >= ROW_CAP or column >= COLUMN_CAP:
            dropped.append(match.span())
            continue
        plan.note(row, column)
        if b"s" in attributes and attributes.get(b"t", b"n") == b"n":
            shape = shapes.get(_int(attributes[b"s"]))
            if shape is not None:
                plan.formats[(row, column)] = shape
    if cut is None and not dropped:
        return None
    return _trimmed(xml, dropped, cut)


def _trimmed(xml: bytes, dropped: list[tuple[int, int]], cut: int | None) -> bytes:
    """``xml`` without the ``dropped`` spans and, from ``cut``, the rest of its rows."""
    pieces: list[bytes] = []
    kept = 0
    for start, end in dropped:
        pieces.append(xml[kept:start])
        kept = end
    if cut is None:
        pieces.append(xml[kept:])
    else:
        pieces.append(xml[kept:cut])
        close = _SHEET_DATA_END.search(xml, cut)
        pieces.append(xml[close.start() :] if close else b"")
    return b"".join(pieces)


def _attributes(raw: bytes) -> dict[bytes, bytes]:
    """The attributes of a start tag; one given twice counts as unreadable (b"?")."""
    found: dict[bytes, bytes] = {}
    for match in _ATTRIBUTE.finditer(raw):
        value = match["q"] if match["q"] is not None else match["a"]
        found[match["name"]] = b"?" if match["name"] in found else value
    return found


def _column_index(letters: bytes) -> int:
    if len(letters) > 3:
        return _NOWHERE
    index = 0
    for letter in letters.upper():
        index = index * 26 + letter - ord("A") + 1
    return index - 1


def _zipped(parts: dict[str, bytes]) -> bytes:
    """A zip of ``parts``, stored: what calamine reads, nothing it has not been shown."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for member, content in parts.items():
            archive.writestr(member, content)
    return out.getvalue()


# --- .xls: the BIFF cell records measured before calamine reads them ----------------------------

_BOF, _EOF, _FILEPASS, _FORMAT, _XF, _BOUNDSHEET = 0x0809, 0x000A, 0x002F, 0x041E, 0x00E0, 0x0085
_NUMBER, _RK, _MULRK, _FORMULA = 0x0203, 0x027E, 0x00BD, 0x0006
_TEXT_CELLS = frozenset({0x00FD, 0x0204, 0x00D6, 0x0205})  # LABELSST, LABEL, RSTRING, BOOLERR
_DIMENSIONS, _SST = 0x0200, 0x00FC
_END_OF_CHAIN = 0xFFFFFFFA
_STREAM, _ROOT = 2, 5
# Calamine sets aside room for the cells a sheet's DIMENSIONS record declares.
_DIMENSION_CAP = 4 * ROW_CAP * COLUMN_CAP
_MINI_SECTOR = 64


def _xls_sheets(data: bytes, ole: OleFile, entries: list[OleEntry]) -> list[Sheet]:
    # A file holding both a "Workbook" and a "Book" stream has both measured: either may be
    # the one calamine reads.
    books = [_measured_book(ole, entry) for entry in entries]
    return _calamine_sheets(data, books[0].plans)


def _measured_book(ole: OleFile, entry: OleEntry) -> _XlsBook:
    try:
        book = _XlsBook(_stream(ole, entry))
    except (ValueError, struct.error, IndexError) as exc:
        raise import_error("import-corrupt", "Excel 97-2003 工作簿结构损坏", str(exc)) from exc
    if book.encrypted:
        raise import_error("import-encrypted", "工作簿设有密码", "an encrypted .xls")
    if book.budget.left < 0:
        raise import_error(
            "import-memory",
            f"工作簿的单元格超过 {CELL_CAP} 个的读取上限",
            f"the workbook holds more than {CELL_CAP} cells",
        )
    for plan in book.plans:
        if plan.too_large or plan.declared > _DIMENSION_CAP:
            raise import_error(
                "import-memory",
                f"工作表“{plan.name}”超过 {ROW_CAP} 行 × {COLUMN_CAP} 列的读取上限（数据区域"
                f" {plan.rows} × {plan.columns}，声明 {plan.declared} 个单元格）；"
                "请删去多余的单元格，或另存为 .xlsx",
                f"sheet “{plan.name}” is beyond the {ROW_CAP} x {COLUMN_CAP} read limit"
                f" ({plan.rows} x {plan.columns} used, {plan.declared} cells declared)",
            )
    return book


def _stream(ole: OleFile, entry: OleEntry) -> bytes:
    """The whole of a stream of an OLE2 file."""
    if entry.size >= ole.mini_cutoff:
        return _follow(ole.data, ole.fat, entry.start, entry.size, ole.sector_size, first=1)
    # Small streams live in 64-byte mini sectors inside the root entry's stream.
    root = ole.entries[0]
    minis = _follow(ole.data, ole.fat, root.start, root.size, ole.sector_size, first=1)
    first_mini, count = struct.unpack_from("<II", ole.data, 0x3C)
    table = _follow(
        ole.data, ole.fat, first_mini, count * ole.sector_size, ole.sector_size, first=1
    )
    mini_fat = list(struct.unpack(f"<{len(table) // 4}I", table[: len(table) // 4 * 4]))
    return _follow(minis, mini_fat, entry.start, entry.size, _MINI_SECTOR, first=0)


def _follow(
    data: bytes, table: list[int], start: int, size: int, sector: int, *, first: int
) -> bytes:
    """``size`` bytes along a sector chain; sector ``n`` starts at ``(n + first) * sector``."""
    chain = _chain(table, start, size // sector + 1)
    out = b"".join(data[(n + first) * sector : (n + first + 1) * sector] for n in chain)
    if len(out) < size:
        raise ValueError("stream shorter than its directory entry says")
    return out[:size]


def _chain(table: list[int], start: int, limit: int) -> list[int]:
    chain: list[int] = []
    sector = start
    while sector < _END_OF_CHAIN and len(chain) < min(limit, len(table)):
        if sector >= len(table):
            raise ValueError(f"sector {sector} outside the allocation table")
        chain.append(sector)
        sector = table[sector]
    return chain


class _XlsBook:
    """The globals of a BIFF workbook stream and a plan per sheet."""

    def __init__(self, stream: bytes) -> None:
        self.stream = stream
        self.encrypted = False
        self.formats: dict[int, str] = {}
        self.xf_formats: list[int] = []
        self.plans: list[_SheetPlan] = []
        self.budget = _Budget()
        offsets = self._globals()
        shapes = {
            index: shape
            for index, format_id in enumerate(self.xf_formats)
            if (
                shape := number_shape(
                    self.formats.get(format_id) or _BUILTIN_FORMATS.get(format_id)
                )
            )
        }
        for plan, offset in zip(self.plans, offsets, strict=True):
            self._measure(plan, offset, shapes)

    def _records(self, at: int) -> Iterator[tuple[int, bytes]]:
        stream = self.stream
        while at + 4 <= len(stream):
            kind, size = struct.unpack_from("<HH", stream, at)
            yield kind, stream[at + 4 : at + 4 + size]
            if kind == _EOF:
                return
            at += 4 + size

    def _globals(self) -> list[int]:
        offsets: list[int] = []
        biff8 = True
        for kind, body in self._records(0):
            if kind == _BOF and len(body) >= 2:
                biff8 = struct.unpack_from("<H", body)[0] == 0x0600
            elif kind == _FILEPASS:
                self.encrypted = True
            elif kind == _FORMAT and len(body) >= 4 and biff8:  # older strings differ: skip
                self.formats[struct.unpack_from("<H", body)[0]] = _biff_string(body[2:])
            elif kind == _XF and len(body) >= 4:
                self.xf_formats.append(struct.unpack_from("<H", body, 2)[0])
            elif kind == _SST and len(body) >= 8:
                (strings,) = struct.unpack_from("<i", body, 4)
                if not 0 <= strings <= len(self.stream) // 3:  # each takes three bytes at least
                    raise ValueError(f"the string table claims {strings} strings")
            elif kind == _BOUNDSHEET and len(body) >= 8:
                # Calamine loads every sheet when it opens the file, charts and hidden ones
                # too, so every one is measured.
                (offset,) = struct.unpack_from("<I", body)
                self.plans.append(_SheetPlan(_biff_string(body[6:], short=True)))
                offsets.append(offset)
        return offsets

    def _measure(self, plan: _SheetPlan, offset: int, shapes: dict[int, NumberShape]) -> None:
        for kind, body in self._records(offset):
            if not self.budget.take():
                return
            if kind == _DIMENSIONS:
                plan.declared = max(plan.declared, _declared_cells(body))
            elif kind in _TEXT_CELLS and len(body) >= 6:
                row, column = struct.unpack_from("<HH", body)
                plan.note(row, column)
            elif kind in (_NUMBER, _RK, _FORMULA) and len(body) >= 6:
                row, column, xf = struct.unpack_from("<HHH", body)
                plan.note(row, column)
                if xf in shapes and (kind != _FORMULA or body[12:14] != b"\xff\xff"):
                    plan.formats[(row, column)] = shapes[xf]
            elif kind == _MULRK and len(body) >= 6:
                row, first = struct.unpack_from("<HH", body)
                for i in range((len(body) - 6) // 6):
                    (xf,) = struct.unpack_from("<H", body, 4 + 6 * i)
                    plan.note(row, first + i)
                    if xf in shapes:
                        plan.formats[(row, first + i)] = shapes[xf]


def _declared_cells(body: bytes) -> int:
    """The cells a DIMENSIONS record declares, counted as calamine counts them (in 32 bits,
    so a last row before the first wraps round to billions)."""
    if len(body) == 14:
        first_row, last_row, first_column, last_column = struct.unpack_from("<IIHH", body)
    elif len(body) == 10:
        first_row, last_row, first_column, last_column = struct.unpack_from("<HHHH", body)
    else:
        return 0  # calamine refuses it
    if last_row < 1 or last_column < 1:
        return 1
    rows = (last_row - 1 - first_row + 1) % (1 << 32)
    columns = (last_column - 1 - first_column + 1) % (1 << 32)
    return int(rows * columns)


def _biff_string(body: bytes, *, short: bool = False) -> str:
    """A BIFF8 string: its length (one byte when ``short``, else two), a flags byte, the
    characters (UTF-16 when flag bit 0 is set, else one byte each)."""
    size = 1 if short else 2
    if len(body) < size + 1:
        return ""
    count = body[0] if short else struct.unpack_from("<H", body)[0]
    wide = body[size] & 1
    raw = body[size + 1 : size + 1 + count * (2 if wide else 1)]
    return raw.decode("utf-16-le" if wide else "latin-1", "replace")


# --- .ods: content.xml read directly -----------------------------------------------------------

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_T_TABLE, _T_ROW = f"{{{_TABLE}}}table", f"{{{_TABLE}}}table-row"
_T_CELL, _T_COVERED = f"{{{_TABLE}}}table-cell", f"{{{_TABLE}}}covered-table-cell"
_TEXT_P, _TEXT_H = f"{{{_TEXT}}}p", f"{{{_TEXT}}}h"
_TEXT_S, _TEXT_TAB, _TEXT_BREAK = f"{{{_TEXT}}}s", f"{{{_TEXT}}}tab", f"{{{_TEXT}}}line-break"
_ANNOTATION = f"{{{_OFFICE}}}annotation"


def _is_ods(archive: SafeZip) -> bool:
    if "content.xml" not in archive:
        return False
    return "mimetype" not in archive or archive.read("mimetype").strip() == _ODS_MIMETYPE


def _ods_sheets(archive: SafeZip) -> list[Sheet]:
    xml = archive.read("content.xml")
    _refuse_unsafe(xml)
    parser = etree.iterparse(
        io.BytesIO(xml),
        events=("start", "end"),
        tag=(_T_TABLE, _T_ROW),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
    )
    sheets: list[Sheet] = []
    reader: _OdsSheet | None = None
    budget = _Budget()
    try:
        for event, element in parser:
            if element.tag == _T_TABLE and _is_top_table(element):
                if event == "start":
                    reader = _OdsSheet(element.get(f"{{{_TABLE}}}name") or "", budget)
                elif reader is not None:
                    sheets.append(reader.sheet())
                    reader = None
            elif event == "end" and element.tag == _T_ROW and reader is not None:
                if _in_top_table(element):
                    reader.row(element)
                _forget(element)
    except etree.XMLSyntaxError as exc:
        raise import_error("import-corrupt", "content.xml 格式错误", str(exc)) from exc
    return sheets


def _forget(row: etree._Element) -> None:
    """Free a row once read, and the rows before it, so a long sheet streams by."""
    row.clear()
    parent = row.getparent()
    while parent is not None and (before := row.getprevious()) is not None:
        parent.remove(before)


def _is_top_table(element: etree._Element) -> bool:
    parent = element.getparent()
    return parent is not None and etree.QName(parent).localname == "spreadsheet"


def _in_top_table(row: etree._Element) -> bool:
    """Rows of a sheet, not of a table nested in a cell (their text is the cell's)."""
    parent = row.getparent()
    while parent is not None and parent.tag != _T_TABLE:
        if parent.tag in (_T_CELL, _T_COVERED):
            return False
        parent = parent.getparent()
    return parent is not None and _is_top_table(parent)


class _OdsSheet:
    """One sheet's rows as they stream by; repeated rows and cells expanded within the caps."""

    def __init__(self, name: str, budget: _Budget) -> None:
        self.name = name
        self.budget = budget
        self.cells: dict[tuple[int, int], str] = {}
        self.merges: dict[tuple[int, int], tuple[int, int]] = {}
        self.next_row = 0
        self.truncated = False

    def row(self, element: etree._Element) -> None:
        if not self.budget.take():
            self.truncated = True
            return
        repeat = _int(element.get(f"{{{_TABLE}}}number-rows-repeated")) or 1
        filled: list[tuple[int, str]] = []
        column = 0
        for cell in element:
            if cell.tag not in (_T_CELL, _T_COVERED):
                continue
            if not self.budget.take():
                self.truncated = True
                break
            span = _int(cell.get(f"{{{_TABLE}}}number-columns-repeated")) or 1
            self._note_merge(cell, column)
            text = _ods_cell_text(cell)
            if text:
                if column + span > COLUMN_CAP:
                    self.truncated = True
                filled.extend((c, text) for c in range(column, min(column + span, COLUMN_CAP)))
            column += max(span, 1)
        if filled:
            if self.next_row + repeat > ROW_CAP:
                self.truncated = True
            for row in range(self.next_row, min(self.next_row + repeat, ROW_CAP)):
                if not self.budget.take(len(filled)):
                    self.truncated = True
                    break
                for column, text in filled:
                    self.cells[(row, column)] = text
        self.next_row += max(repeat, 1)

    def _note_merge(self, cell: etree._Element, column: int) -> None:
        rows = _int(cell.get(f"{{{_TABLE}}}number-rows-spanned")) or 1
        columns = _int(cell.get(f"{{{_TABLE}}}number-columns-spanned")) or 1
        if (rows > 1 or columns > 1) and self.next_row < ROW_CAP:
            last = (self.next_row + rows - 1, column + columns - 1)
            self.merges[(self.next_row, column)] = last

    def sheet(self) -> Sheet:
        rows = max((r for r, _ in self.cells), default=-1) + 1
        columns = max((c for _, c in self.cells), default=-1) + 1
        grid = [[self.cells.get((r, c), "") for c in range(columns)] for r in range(rows)]
        return Sheet(self.name, grid, self.truncated, self.merges)


def _ods_cell_text(cell: etree._Element) -> str:
    """The text a cell shows (its paragraphs), or failing that, its typed value."""
    lines = [_ods_paragraph(p) for p in cell if p.tag in (_TEXT_P, _TEXT_H)]
    if lines:
        return "\n".join(lines).strip("\n")
    kind = cell.get(f"{{{_OFFICE}}}value-type")
    value = cell.get(f"{{{_OFFICE}}}value")
    try:
        if kind in ("float", "currency") and value:
            return number_text(float(value))
        if kind == "percentage" and value:
            return number_text(float(Decimal(value).scaleb(2))) + "%"
    except (ValueError, InvalidOperation):
        return value or ""
    for attribute in ("date-value", "time-value", "boolean-value", "string-value"):
        if raw := cell.get(f"{{{_OFFICE}}}{attribute}"):
            return raw.removesuffix("T00:00:00")
    return ""


def _ods_paragraph(element: etree._Element) -> str:
    parts = [element.text or ""]
    for child in element:
        if child.tag == _TEXT_S:
            parts.append(" " * (_int(child.get(f"{{{_TEXT}}}c")) or 1))
        elif child.tag == _TEXT_TAB:
            parts.append("\t")
        elif child.tag == _TEXT_BREAK:
            parts.append("\n")
        elif child.tag != _ANNOTATION:
            parts.append(_ods_paragraph(child))
        parts.append(child.tail or "")
    return "".join(parts)


__all__ = [
    "COLUMN_CAP",
    "ROW_CAP",
    "NumberShape",
    "XlsxImporter",
    "cell_address",
    "cell_text",
    "number_shape",
    "number_text",
    "sheet_blocks",
]

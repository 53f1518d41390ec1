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

import io
import re
import struct
import zipfile
from collections.abc import Iterator
from dataclasses import replace

from lxml import etree

from jixiao.findings import Finding
from jixiao.importers.base import TABLE_TRUNCATED, ImportResult, import_error
from jixiao.importers.cells import Block, Cell, Prose, Table, make_cell
from jixiao.importers.doc import ENCRYPTED_STREAM, OleEntry, OleFile, read_ole2
from jixiao.importers.docx import OLE2_MAGIC, parse_xml
from jixiao.importers.layout import evaluations_from_blocks
from jixiao.importers.ods import is_ods, ods_sheets
from jixiao.importers.safezip import SafeZip, ZipLimits, is_zip
from jixiao.importers.sheets import (
    BUILTIN_FORMATS,
    CELL_CAP,
    COLUMN_CAP,
    ODS_MIMETYPE,
    ROW_CAP,
    Budget,
    NumberShape,
    Sheet,
    SheetPlan,
    calamine_sheets,
    cell_text,
    number_shape,
    number_text,
    parse_int,
    refuse_unsafe,
)
from jixiao.importers.xls_biff import OLE_ROOT, OLE_STREAM, xls_sheets

# Spreadsheets are small: inflating more than this is not a self-evaluation.
_ZIP_LIMITS = ZipLimits(max_read=64 << 20)
_BOOK_STREAMS = ("Workbook", "Book")  # BIFF8, BIFF5


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
            if b"xl/workbook." in head or ODS_MIMETYPE in head[:200]:
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
        return xls_sheets(data, ole, entries)
    if not is_zip(data):
        raise import_error("import-unrecognised", "不是电子表格文件", "not a spreadsheet")
    archive = SafeZip(data, _ZIP_LIMITS)
    if "xl/workbook.xml" in archive:
        return _xlsx_sheets(archive)
    if is_ods(archive):
        return ods_sheets(archive)
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
    if any(e.size > len(data) for e in ole.entries if e.kind in (OLE_STREAM, OLE_ROOT)):
        # Calamine sets aside room for the size a stream claims: more than the file is a lie.
        raise import_error(
            "import-corrupt", "OLE2 目录中的流长度有误", "a stream longer than the file"
        )
    entries = [e for n in _BOOK_STREAMS if (e := ole.entry(n)) is not None]
    if not entries:
        raise import_error("import-unrecognised", "不是 Excel 工作簿", "no workbook stream")
    return ole, entries


# --- sheets → blocks → evaluations ----------------------------------------------------------------


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
        refuse_unsafe(xml)
    shapes = _xf_shapes(parts)
    measured: dict[str, SheetPlan] = {}
    budget = Budget()
    for path, xml in list(parts.items()):
        if _SHEET_DATA.search(xml):
            plan = measured[path] = SheetPlan(path)
            kept = _measure_xlsx(xml, plan, shapes, budget)
            if kept is not None:
                parts[path], plan.truncated = kept, True
        elif match := _SHARED_STRINGS.search(xml):
            # Calamine reserves room for the count the part declares: a lie would abort.
            start, end = match.span()
            parts[path] = xml[:start] + _COUNT.sub(b"", match[0]) + xml[end:]
    plans = [
        replace(measured.get(path) or SheetPlan(""), name=name)
        for name, path in _xlsx_sheet_parts(parts)
    ]
    return calamine_sheets(_zipped(parts), plans)


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
            custom[parse_int(element.get("numFmtId"))] = element.get("formatCode") or ""
        elif tag == "xf" and etree.QName(element.getparent()).localname == "cellXfs":
            formats.append(parse_int(element.get("numFmtId")))
    shapes: dict[int, NumberShape] = {}
    for index, format_id in enumerate(formats):
        shape = number_shape(custom.get(format_id) or BUILTIN_FORMATS.get(format_id))
        if shape is not None:
            shapes[index] = shape
    return shapes


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


def _measure_xlsx(
    xml: bytes, plan: SheetPlan, shapes: dict[int, NumberShape], budget: Budget
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
            shape = shapes.get(parse_int(attributes[b"s"]))
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

"""OpenDocument spreadsheets (.ods): ``content.xml`` read directly.

Calamine would expand an .ods's repeated cells into a dense grid; reading the XML here keeps
to the caps and also gives the text each cell shows.
"""

from __future__ import annotations

import io
from decimal import Decimal, InvalidOperation

from lxml import etree

from jixiao.importers.base import import_error
from jixiao.importers.safezip import SafeZip
from jixiao.importers.sheets import (
    COLUMN_CAP,
    ODS_MIMETYPE,
    ROW_CAP,
    Budget,
    Sheet,
    number_text,
    parse_int,
    refuse_unsafe,
)

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_T_TABLE, _T_ROW = f"{{{_TABLE}}}table", f"{{{_TABLE}}}table-row"
_T_CELL, _T_COVERED = f"{{{_TABLE}}}table-cell", f"{{{_TABLE}}}covered-table-cell"
_TEXT_P, _TEXT_H = f"{{{_TEXT}}}p", f"{{{_TEXT}}}h"
_TEXT_S, _TEXT_TAB, _TEXT_BREAK = f"{{{_TEXT}}}s", f"{{{_TEXT}}}tab", f"{{{_TEXT}}}line-break"
_ANNOTATION = f"{{{_OFFICE}}}annotation"


def is_ods(archive: SafeZip) -> bool:
    if "content.xml" not in archive:
        return False
    return "mimetype" not in archive or archive.read("mimetype").strip() == ODS_MIMETYPE


def ods_sheets(archive: SafeZip) -> list[Sheet]:
    xml = archive.read("content.xml")
    refuse_unsafe(xml)
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
    budget = Budget()
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

    def __init__(self, name: str, budget: Budget) -> None:
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
        repeat = parse_int(element.get(f"{{{_TABLE}}}number-rows-repeated")) or 1
        filled: list[tuple[int, str]] = []
        column = 0
        for cell in element:
            if cell.tag not in (_T_CELL, _T_COVERED):
                continue
            if not self.budget.take():
                self.truncated = True
                break
            span = parse_int(cell.get(f"{{{_TABLE}}}number-columns-repeated")) or 1
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
        rows = parse_int(cell.get(f"{{{_TABLE}}}number-rows-spanned")) or 1
        columns = parse_int(cell.get(f"{{{_TABLE}}}number-columns-spanned")) or 1
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
            parts.append(" " * (parse_int(child.get(f"{{{_TEXT}}}c")) or 1))
        elif child.tag == _TEXT_TAB:
            parts.append("\t")
        elif child.tag == _TEXT_BREAK:
            parts.append("\n")
        elif child.tag != _ANNOTATION:
            parts.append(_ods_paragraph(child))
        parts.append(child.tail or "")
    return "".join(parts)

"""Render a :class:`~tests.corpus.document.PrintedDocument` as an .xlsx workbook.

Two layouts, both seen in offices:

- ``"one-sheet"``: everything on the first sheet, top to bottom. Each paragraph is one cell in
  column A (how prose is pasted into a sheet); each table starts in column A on the next row,
  a spanning cell becomes a merged range.
- ``"sheet-per-table"``: each table on a sheet of its own, with the paragraphs printed before
  it above it; paragraphs after the last table stay on the last sheet.

Cells that print a plain number are stored as numbers, as people type them: "5025.23" is the
number 5025.23, "97.60" is 97.6 shown with two decimals, "100%" is 1 shown as a percentage.
Anything else ("10分", "≥90%", "225名", "=0起") is text. A row shorter than its table is
padded with empty cells on the right: a grid cannot lose a cell the way a text export can.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import Any, Literal

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

from tests.corpus.document import PrintedCell, PrintedDocument, PrintedTable, check_spans

Layout = Literal["one-sheet", "sheet-per-table"]

_PLAIN_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.(?P<places>\d+))?")
_PERCENT = re.compile(r"(?P<number>-?(?:0|[1-9]\d*)(?:\.(?P<places>\d+))?)%")
_WRAP = Alignment(wrap_text=True, vertical="center")


def write_xlsx(
    document: PrintedDocument, layout: Layout = "one-sheet", *, numbers: bool = True
) -> bytes:
    """The workbook as bytes; ``numbers=False`` stores every cell as text."""
    workbook = Workbook()
    sheets = _sheets(document, layout)
    first: Worksheet = workbook.active
    for index, blocks in enumerate(sheets):
        sheet = first if index == 0 else workbook.create_sheet()
        sheet.title = f"Sheet{index + 1}"
        _write_blocks(sheet, blocks, numbers=numbers)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _sheets(document: PrintedDocument, layout: Layout) -> list[list[str | PrintedTable]]:
    if layout == "one-sheet":
        return [list(document.blocks)]
    sheets: list[list[str | PrintedTable]] = [[]]
    for block in document.blocks:
        sheets[-1].append(block)
        if isinstance(block, PrintedTable):
            sheets.append([])
    if not sheets[-1] and len(sheets) > 1:
        sheets.pop()
    elif len(sheets) > 1 and not any(isinstance(b, PrintedTable) for b in sheets[-1]):
        sheets[-2].extend(sheets.pop())  # the trailing prose stays under the last table
    return sheets


def _write_blocks(sheet: Worksheet, blocks: list[str | PrintedTable], *, numbers: bool) -> None:
    row = 1
    for block in blocks:
        if isinstance(block, str):
            sheet.cell(row=row, column=1, value=block)
            row += 1
        else:
            row = _write_table(sheet, block, row, numbers=numbers)


def _write_table(sheet: Worksheet, table: PrintedTable, top: int, *, numbers: bool) -> int:
    """Write ``table`` with its first row at ``top``; the next free row."""
    check_spans(table)
    width = table.width
    for r, cells in enumerate(table.rows):
        padded = list(cells) + [PrintedCell("")] * (width - len(cells))  # ragged rows
        for c, cell in enumerate(padded):
            if cell is None:
                continue  # covered by a merged range
            target = sheet.cell(row=top + r, column=c + 1)
            _set_value(target, cell.text, numbers=numbers)
            if cell.rowspan > 1 or cell.colspan > 1:
                sheet.merge_cells(
                    start_row=top + r,
                    start_column=c + 1,
                    end_row=top + r + cell.rowspan - 1,
                    end_column=c + cell.colspan,
                )
    return top + len(table.rows)


def _set_value(cell: Any, text: str, *, numbers: bool) -> None:
    """Store ``text`` in an openpyxl cell, as a number where a person would have typed one."""
    if not text:
        return
    if numbers and (plain := _PLAIN_NUMBER.fullmatch(text)):
        places = len(plain["places"] or "")
        cell.value = float(text) if places else int(text)
        if places:
            cell.number_format = "0." + "0" * places  # "97.60" keeps its printed zero
        return
    if numbers and (percent := _PERCENT.fullmatch(text)):
        places = len(percent["places"] or "")
        cell.value = float(Decimal(percent["number"]) / 100)
        cell.number_format = "0" + ("." + "0" * places if places else "") + "%"
        return
    cell.value = text
    if text.startswith("="):
        cell.data_type = "s"  # "=0起" is text, as typed with Excel's leading apostrophe
    if "\n" in text:
        cell.alignment = _WRAP

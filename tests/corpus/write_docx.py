"""Render a :class:`~tests.corpus.document.PrintedDocument` as a .docx, the way Word would.

Spanning cells become real merged cells (``cell.merge``: ``w:gridSpan`` across, ``w:vMerge``
down), a cell's "\\n" separates its paragraphs, and a short (ragged) row is padded with empty
cells at its end, since a Word table is a full grid.
"""

from __future__ import annotations

import io
import struct

from docx import Document
from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from docx.oxml.simpletypes import ST_Merge
from docx.oxml.table import CT_Row
from docx.shared import Length, Pt
from docx.table import Table as WordTable
from docx.table import _Cell

from tests.corpus.document import PrintedCell, PrintedDocument, PrintedTable, check_spans

_FONT = "宋体"
_TC = qn("w:tc")


def write_docx(document: PrintedDocument) -> bytes:
    """The .docx bytes of ``document``."""
    word = Document()
    _set_chinese_font(word)
    for block in document.blocks:
        if isinstance(block, PrintedTable):
            _add_table(word, block)
        else:
            word.add_paragraph(block)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _set_chinese_font(word: WordDocument) -> None:
    style = word.styles["Normal"]
    style.font.size = Pt(10.5)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), _FONT)


def _add_table(word: WordDocument, table: PrintedTable) -> None:
    check_spans(table)
    width = max(
        (c + (cell.colspan if cell else 1) for row in table.rows for c, cell in enumerate(row)),
        default=0,
    )
    grid = word.add_table(rows=len(table.rows), cols=max(width, 1))
    grid.style = "Table Grid"
    rows = grid._tbl.tr_lst
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row):
            if cell is not None:
                _fill(grid, rows, r, c, cell)


def _fill(grid: WordTable, rows: list[CT_Row], r: int, c: int, cell: PrintedCell) -> None:
    # The cell's own w:tc, found by its grid column in its row. (grid.cell(r, c) gives the
    # same, but rebuilds the whole table's grid on every call: most of a second per document.)
    # Cells are filled in reading order and spans never overlap, so no earlier merge covers
    # (r, c) or any grid position of its span.
    tc = rows[r].tc_at_grid_offset(c)
    if cell.rowspan > 1 or cell.colspan > 1:
        _merge(rows, r, c, cell.rowspan, cell.colspan)
    target = _Cell(tc, grid)
    first, *rest = cell.text.split("\n")
    target.paragraphs[0].add_run(first)
    for line in rest:
        target.add_paragraph(line)


def _merge(rows: list[CT_Row], r: int, c: int, rowspan: int, colspan: int) -> None:
    """Merge the span whose top-left grid position is (r, c), as Word and python-docx's
    ``cell.merge`` write it: in each of its rows the first ``w:tc`` takes in the ones to its
    right (``w:gridSpan``, their widths added); ``w:vMerge`` "restart" on the top row and
    "continue" below. The same XML as ``cell.merge``, without its checks that the span is a
    rectangle (our spans are, see ``check_spans``) and their grid searches. The covered cells
    are still empty, so no content moves."""
    for dr in range(rowspan):
        tc = rows[r + dr].tc_at_grid_offset(c)
        while tc.grid_span < colspan:
            following = next(tc.itersiblings(_TC))
            if tc.width and following.width:
                tc.width = Length(tc.width + following.width)
            tc.grid_span += following.grid_span
            tc.getparent().remove(following)
        tc.vMerge = None if rowspan == 1 else ST_Merge.RESTART if dr == 0 else ST_Merge.CONTINUE


# --- the OLE2 container of legacy .doc and of password-protected .docx files ---------------------

_SECTOR = 512
_FREE, _END, _FAT_SECTOR = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
_MIN_STREAM = 4096  # smaller streams would belong in the mini stream, which this writer skips


def write_ole2(streams: dict[str, bytes]) -> bytes:
    """A version-3 compound file holding ``streams`` (at most three, each padded to 4 KiB).

    Enough of the format for a reader that lists streams and reads their first bytes: one
    allocation-table sector, one directory sector, the streams after them.
    """
    if len(streams) > 3:
        raise ValueError("one directory sector holds the root and three streams")
    padded = {name: data.ljust(_MIN_STREAM, b"\0") for name, data in streams.items()}
    fat = [_FAT_SECTOR, _END]
    entries = [_directory_entry("Root Entry", 5, child=1 if streams else None, start=_END, size=0)]
    for number, (name, data) in enumerate(padded.items(), start=1):
        first, count = len(fat), -(-len(data) // _SECTOR)
        fat.extend(first + i + 1 for i in range(count - 1))
        fat.append(_END)
        following = number + 1 if number < len(padded) else None
        entries.append(_directory_entry(name, 2, right=following, start=first, size=len(data)))
    fat.extend([_FREE] * (_SECTOR // 4 - len(fat)))
    directory = b"".join(entries).ljust(_SECTOR, b"\0")
    body = b"".join(
        data.ljust(-(-len(data) // _SECTOR) * _SECTOR, b"\0") for data in padded.values()
    )
    return _ole2_header() + struct.pack(f"<{len(fat)}I", *fat) + directory + body


def _ole2_header() -> bytes:
    header = bytearray(_SECTOR)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIII", header, 0x2C, 1, 1, 0, _MIN_STREAM)  # FAT sectors, directory
    struct.pack_into("<IIII", header, 0x3C, _END, 0, _END, 0)  # no mini FAT, no extra DIFAT
    struct.pack_into("<109I", header, 0x4C, 0, *([_FREE] * 108))
    return bytes(header)


def _directory_entry(
    name: str,
    kind: int,
    *,
    child: int | None = None,
    right: int | None = None,
    start: int,
    size: int,
) -> bytes:
    encoded = (name + "\0").encode("utf-16-le")
    entry = bytearray(128)
    entry[: len(encoded)] = encoded
    struct.pack_into("<HBB", entry, 0x40, len(encoded), kind, 1)
    struct.pack_into("<III", entry, 0x44, _FREE, _FREE if right is None else right, _FREE)
    struct.pack_into("<I", entry, 0x4C, _FREE if child is None else child)
    struct.pack_into("<IQ", entry, 0x74, start, size)
    return bytes(entry)

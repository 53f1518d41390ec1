"""Legacy Excel (.xls, BIFF5/8): every sheet's cell records measured before calamine reads it.

An .xls lying about its size (a DIMENSIONS record claiming billions of rows, a string table
claiming billions of strings) would make calamine ask for terabytes; the records are read here
first, with each number's format, and a workbook beyond the caps is refused.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator

from jixiao.importers.base import import_error
from jixiao.importers.doc import OleEntry, OleFile
from jixiao.importers.sheets import (
    BUILTIN_FORMATS,
    CELL_CAP,
    COLUMN_CAP,
    ROW_CAP,
    Budget,
    NumberShape,
    Sheet,
    SheetPlan,
    calamine_sheets,
    number_shape,
)

_BOF, _EOF, _FILEPASS, _FORMAT, _XF, _BOUNDSHEET = 0x0809, 0x000A, 0x002F, 0x041E, 0x00E0, 0x0085
_NUMBER, _RK, _MULRK, _FORMULA = 0x0203, 0x027E, 0x00BD, 0x0006
_TEXT_CELLS = frozenset({0x00FD, 0x0204, 0x00D6, 0x0205})  # LABELSST, LABEL, RSTRING, BOOLERR
_DIMENSIONS, _SST = 0x0200, 0x00FC
_END_OF_CHAIN = 0xFFFFFFFA
OLE_STREAM, OLE_ROOT = 2, 5
# Calamine sets aside room for the cells a sheet's DIMENSIONS record declares.
_DIMENSION_CAP = 4 * ROW_CAP * COLUMN_CAP
_MINI_SECTOR = 64


def xls_sheets(data: bytes, ole: OleFile, entries: list[OleEntry]) -> list[Sheet]:
    # A file holding both a "Workbook" and a "Book" stream has both measured: either may be
    # the one calamine reads.
    books = [_measured_book(ole, entry) for entry in entries]
    return calamine_sheets(data, books[0].plans)


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
        self.plans: list[SheetPlan] = []
        self.budget = Budget()
        offsets = self._globals()
        shapes = {
            index: shape
            for index, format_id in enumerate(self.xf_formats)
            if (
                shape := number_shape(self.formats.get(format_id) or BUILTIN_FORMATS.get(format_id))
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
                self.plans.append(SheetPlan(_biff_string(body[6:], short=True)))
                offsets.append(offset)
        return offsets

    def _measure(self, plan: SheetPlan, offset: int, shapes: dict[int, NumberShape]) -> None:
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

"""What every spreadsheet reader shares: the caps, the sheet, the plan and calamine.

The .xlsx, .xls and .ods readers measure a sheet from the file's own structure first (a
:class:`SheetPlan`), then let calamine read only what fits the caps (:func:`calamine_sheets`),
and turn each value into the text a person sees in the cell (:func:`cell_text`).
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from jixiao.importers.base import import_error

# What is read of a sheet; a self-evaluation has a few hundred rows at most. 5,000 x 200
# cells keep calamine's dense grid under 100 MB.
ROW_CAP = 5000
COLUMN_CAP = 200
# Cells (filled or not) looked at in one workbook: keeps a hostile file under a few seconds.
CELL_CAP = 250_000

ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_UNSAFE_MARKUP = (b"<!DOCTYPE", b"<!ENTITY", "<!DOCTYPE".encode("utf-16-le"))


@dataclass(slots=True)
class Sheet:
    """The text of one sheet's cells from A1 (``grid[row][column]``, 0-based);
    ``truncated`` when rows or columns beyond the caps were not read."""

    name: str
    grid: list[list[str]]
    truncated: bool = False
    # Merged ranges: top-left (row, column) → (last row, last column).
    merges: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)


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
BUILTIN_FORMATS = {
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
class SheetPlan:
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


def calamine_sheets(data: bytes, plans: list[SheetPlan]) -> list[Sheet]:
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


def _texts(values: Sequence[Sequence[CellValue]], plan: SheetPlan) -> list[list[str]]:
    formats = plan.formats
    return [
        [cell_text(value, formats.get((r, c))) for c, value in enumerate(row[:COLUMN_CAP])]
        for r, row in enumerate(values[:ROW_CAP])
    ]


def refuse_unsafe(xml: bytes) -> None:
    if any(marker in xml for marker in _UNSAFE_MARKUP):
        raise import_error("import-unsafe-xml")
    if b"\0" in xml[:4]:
        # UTF-16 or UTF-32: legal XML that no spreadsheet program writes, and that the byte
        # scan below could not measure.
        raise import_error("import-corrupt", "XML 部件不是 UTF-8 编码", "an XML part not in UTF-8")


class Budget:
    """Cells a workbook may make this module look at: past it, the rest is not read."""

    def __init__(self, cells: int = CELL_CAP) -> None:
        self.left = cells

    def take(self, cells: int = 1) -> bool:
        self.left -= cells
        return self.left >= 0


def parse_int(text: str | bytes | None) -> int:
    try:
        return int(text or 0)
    except ValueError:
        return -1

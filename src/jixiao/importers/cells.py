"""Tables of cells and prose blocks: what every importer produces for the layout reader.

A format-specific importer (text form, docx, html, xlsx, pdf) cuts its document into
:class:`Prose` and :class:`Table` blocks in document order; :mod:`jixiao.importers.layout`
understands them by their words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

# Word bookmarks and similar anchors some extractors print: "[bookmark: _GoBack]".
_MARKER = re.compile(r"\[(?:bookmark|anchor):[^\]]*\]")
# Labels and headers longer than this are free text, never compared as keys.
_KEY_MAX = 40


@lru_cache(maxsize=8192)
def header_key(label: str) -> str:
    """A label as compared: NFKC, no whitespace, no parenthesised notes, no trailing colon.

    "年度\\n指标值", "全年  预算数", "年度预算申请（万元）" and "分值(W)" become
    "年度指标值", "全年预算数", "年度预算申请" and "分值".
    """
    if len(label) > _KEY_MAX:
        return ""
    folded = "".join(unicodedata.normalize("NFKC", label).split())
    # Most labels have no note in parentheses: skip the regex for them (half the time).
    bare = _PAREN.sub("", folded) if "(" in folded else folded
    return (bare or folded).rstrip(":")


_PAREN = re.compile(r"\([^()]*\)")


class Cell(NamedTuple):
    """One table cell and where it was printed (0-based table, row and column).

    ``text`` keeps its paragraphs apart with "\\n" (free text); ``label`` joins them with
    nothing, for short labels broken by hand ("数量\\n指标" → "数量指标"); ``key`` is the label
    as compared (:func:`header_key`).

    Immutable, and a named tuple rather than a frozen dataclass: a file has hundreds of cells,
    and a frozen dataclass takes five times as long to build.
    """

    text: str
    label: str
    key: str
    table: int
    row: int
    column: int
    # Where a paged format (PDF) printed it: 1-based page and (x0, top, x1, bottom) in points.
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    # Where a workbook printed it: the sheet's name (row and column are then the sheet's).
    sheet: str | None = None

    @property
    def empty(self) -> bool:
        return not self.text


# Builds a Cell from a tuple of all its fields: the named tuple's own __new__ is Python code,
# and three times slower for what every cell of every file goes through.
_new = tuple.__new__


def make_cell(
    lines: Iterable[str],
    table: int,
    row: int,
    column: int,
    *,
    page: int | None = None,
    bbox: tuple[float, float, float, float] | None = None,
    sheet: str | None = None,
) -> Cell:
    """A cell from its printed lines: markers dropped, each line stripped, blank lines gone."""
    # clean_line(), inlined: this runs for every cell of every file.
    kept = [
        clean
        for line in lines
        if (clean := (_MARKER.sub("", line) if "[" in line else line).strip())
    ]
    if not kept:  # merged positions and blank cells: most of a table
        return _new(Cell, ("", "", "", table, row, column, page, bbox, sheet))
    if len(kept) == 1:
        text = label = kept[0]
    else:
        text, label = "\n".join(kept), "".join(kept)
    return _new(Cell, (text, label, header_key(label), table, row, column, page, bbox, sheet))


@lru_cache(maxsize=8192)
def empty_cell(table: int, row: int, column: int) -> Cell:
    """A merged or blank grid position of a file without pages or sheets.

    Half the positions of a table are empty, and the same positions come back file after
    file: one immutable cell serves each, made once (and out of the collector's way).
    """
    return _new(Cell, ("", "", "", table, row, column, None, None, None))


def one_line_cell(text: str, table: int, row: int, column: int) -> Cell:
    """``make_cell([text], table, row, column)``, for the one-line cells most tables are made
    of: the same cell, without the general case's steps."""
    if "[" in text or "\n" in text:
        return make_cell(text.split("\n"), table, row, column)
    text = text.strip()
    if not text:
        return _new(Cell, ("", "", "", table, row, column, None, None, None))
    return _new(Cell, (text, text, header_key(text), table, row, column, None, None, None))


@dataclass(slots=True)
class Table:
    """Rows of cells; ``complete`` is False when the text ended inside the table.

    ``source_lines`` are the lines a text format printed the table as; a format that has none
    leaves them out, and :meth:`as_prose` reads the cells instead (rarely needed: only for a
    table that turns out to be text).
    """

    index: int
    rows: list[list[Cell]]
    source_lines: list[str] = field(default_factory=list)
    complete: bool = True

    def as_prose(self) -> list[str]:
        """The printed lines without their cell tabs, for a table that is really text: each
        filled cell's lines, a blank line after each row."""
        if self.source_lines:
            return [line.lstrip("\t") for line in self.source_lines]
        lines: list[str] = []
        for row in self.rows:
            lines.extend(line for cell in row if cell.text for line in cell.text.split("\n"))
            lines.append("")
        return lines


@dataclass(slots=True)
class Prose:
    lines: list[str]


Block = Table | Prose


def clean_line(line: str) -> str:
    if "[" in line:
        line = _MARKER.sub("", line)
    return line.strip()

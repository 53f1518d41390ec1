"""Tables of cells and prose blocks: what every importer produces for the layout reader.

A format-specific importer (text form, docx, html, xlsx, pdf) cuts its document into
:class:`Prose` and :class:`Table` blocks in document order; :mod:`jixiao.importers.layout`
understands them by their words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

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
    bare = _PAREN.sub("", folded)
    return (bare or folded).rstrip(":")


_PAREN = re.compile(r"\([^()]*\)")


@dataclass(frozen=True, slots=True)
class Cell:
    """One table cell and where it was printed (0-based table, row and column).

    ``text`` keeps its paragraphs apart with "\\n" (free text); ``label`` joins them with
    nothing, for short labels broken by hand ("数量\\n指标" → "数量指标"); ``key`` is the label
    as compared (:func:`header_key`).
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
    kept = [line for line in map(clean_line, lines) if line]
    label = "".join(kept)
    return Cell("\n".join(kept), label, header_key(label), table, row, column, page, bbox, sheet)


@dataclass(slots=True)
class Table:
    """Rows of cells; ``complete`` is False when the text ended inside the table."""

    index: int
    rows: list[list[Cell]]
    source_lines: list[str]
    complete: bool = True

    def as_prose(self) -> list[str]:
        """The printed lines without their cell tabs, for a table that is really text."""
        return [line.lstrip("\t") for line in self.source_lines]


@dataclass(slots=True)
class Prose:
    lines: list[str]


Block = Table | Prose


def clean_line(line: str) -> str:
    if "[" in line:
        line = _MARKER.sub("", line)
    return line.strip()

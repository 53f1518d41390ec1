"""PDF pages into tables and prose: ruled tables by their lines, unruled ones by the gaps
between words, and a table that runs onto the next page joined back into one (a repeated
header row dropped, a row broken at the page break mended).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any

from jixiao.importers.cells import Block, Prose, Table, make_cell
from jixiao.importers.pdf_lines import (
    CANNOT_START,
    BBox,
    Char,
    Line,
    Margins,
    cell_paragraphs,
    glue_wrapped,
    line_text,
    lines_with_chars,
    prose_paragraphs,
    runs_to,
    split_paragraphs,
    text_lines,
    was_wrapped,
)


@dataclass(slots=True)
class _RawCell:
    lines: list[str]
    bbox: BBox
    page: int
    # Whether its last line runs to the cell's edge: text a page break may have cut.
    open_end: bool = False


@dataclass(slots=True)
class _RawTable:
    """A table as found on one page (or joined over several): rows of cells, None where a
    merged cell covers the position."""

    rows: list[list[_RawCell | None]]
    page: int
    last_page: int
    bbox: BBox
    # Where each column's text starts, for a table printed without lines (found by its text,
    # so a part on the next page may lack a column that happens to be empty there).
    starts: list[float] = field(default_factory=list)
    # The lines of a lone cell at the top of a page, read as the end of a row broken over
    # the page break; they are prose again when no table on the page before takes them.
    fragment: list[Line] = field(default_factory=list)

    @property
    def width(self) -> int:
        return max((len(row) for row in self.rows), default=0)


Item = Line | _RawTable

_LINES_ONLY = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


def _middle_in(char: Char, bbox: BBox) -> bool:
    """Whether a character stands in a box: its vertical middle, and its left edge, since a
    full stop may hang past the right edge of the line it ends."""
    x = char["x0"] + min(1.0, (char["x1"] - char["x0"]) / 4)
    y = (char["top"] + char["bottom"]) / 2
    return bool(bbox[0] <= x < bbox[2] and bbox[1] <= y < bbox[3])


def table_grids(page: Any) -> list[Any]:
    """pdfplumber's tables found by ruling lines; a box around one column of text is a
    frame, not a table."""
    settings: dict[str, Any] = dict(_LINES_ONLY)
    closing = _closing_lines(page.edges)
    if closing:
        settings["explicit_horizontal_lines"] = closing
    return [
        table
        for table in page.find_tables(settings)
        if max((len(row.cells) for row in table.rows), default=0) >= 2
    ]


# Ruling ends within this distance (points) of a line meet it.
_MEETS = 2.0


def _closing_lines(edges: list[dict[str, Any]]) -> list[float]:
    """Where column rulings stop with no row ruling across their ends: a table cut at a
    page break by a printer that does not close it (a row broken over two pages). Closing
    it there lets the cells of that last, partial row be found."""
    horizontals = [e for e in edges if e["orientation"] == "h"]
    verticals = [e for e in edges if e["orientation"] == "v"]
    open_ends: set[float] = set()
    for vertical in verticals:
        for y in (vertical["top"], vertical["bottom"]):
            if not any(
                abs(h["top"] - y) <= _MEETS
                and h["x0"] - _MEETS <= vertical["x0"] <= h["x1"] + _MEETS
                for h in horizontals
            ):
                open_ends.add(round(float(y), 1))
    return sorted(open_ends)


def _ruled_tables(grids: list[Any], number: int, chars: list[Char]) -> list[_RawTable]:
    found: list[_RawTable] = []
    for table in grids:
        x0, top, x1, bottom = table.bbox
        bbox: BBox = (float(x0), float(top), float(x1), float(bottom))
        inside = _ByHeight([char for char in chars if _middle_in(char, bbox)])
        cells = [[_raw_cell(cell, inside, number) for cell in row.cells] for row in table.rows]
        found.append(_RawTable(cells, number, number, bbox))
    return found


class _ByHeight:
    """Characters ordered by the height of their middle, to fetch a cell's quickly."""

    def __init__(self, chars: list[Char]) -> None:
        self.chars = sorted(chars, key=_middle_y)
        self.ys = [_middle_y(char) for char in self.chars]

    def within(self, box: BBox) -> list[Char]:
        start, end = bisect_left(self.ys, box[1]), bisect_left(self.ys, box[3])
        return [char for char in self.chars[start:end] if _middle_in(char, box)]


def _middle_y(char: Char) -> float:
    return float(char["top"] + char["bottom"]) / 2


def _raw_cell(bbox: BBox | None, chars: _ByHeight, page: int) -> _RawCell | None:
    if bbox is None:
        return None
    box: BBox = (float(bbox[0]), float(bbox[1]), float(bbox[2]), float(bbox[3]))
    texts, open_end = cell_paragraphs(text_lines(chars.within(box), page), box)
    return _RawCell(texts, box, page, open_end)


_PAGE_NUMBER = re.compile(
    r"^(?:[-—–\s]*\d{1,4}[-—–\s]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)$"
)


def page_items(page: Any, grids: list[Any], number: int, *, ruled: bool, tight: bool) -> list[Item]:
    """The page's tables and the lines outside them, top to bottom, page numbers dropped."""
    chars: list[Char] = page.chars
    tables = _ruled_tables(grids, number, chars) if ruled else []
    outside = [c for c in chars if not any(_middle_in(c, t.bbox) for t in tables)]
    if ruled:
        lines = text_lines(outside, number)
    else:
        tables, lines = _unruled_tables(lines_with_chars(outside, number), number, tight=tight)
    items: list[Item] = [*tables, *lines]
    items.sort(key=lambda item: item.bbox[1] if isinstance(item, _RawTable) else item.top)
    for end in (-1, 0):
        edge = items[end] if items else None
        if isinstance(edge, Line) and _PAGE_NUMBER.match(edge.text):
            del items[end]
    return items


# --- tables printed without lines -----------------------------------------------------------

# Words further apart than this many characters stand in different columns (a full stop
# hanging past its cell's edge leaves less than one character to the next cell).
_COLUMN_GAP = 0.6
# A line closer than this (in characters) under the previous one is in the same band: the
# same table row, or the same paragraph. Rows stand further apart than the lines, and the
# paragraphs, of one cell: by the cell's padding above and below.
_SAME_BAND = 0.8


@dataclass(slots=True)
class _Segment:
    """Part of a line standing apart from the rest: one cell's text on that line."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    line: Line


def _segments(chars: list[Char], line: Line) -> list[_Segment]:
    groups: list[list[Char]] = []
    for char in sorted(chars, key=lambda c: c["x0"]):
        if not char["text"].strip():
            continue
        if groups and char["x0"] - groups[-1][-1]["x1"] <= _COLUMN_GAP * line.size:
            groups[-1].append(char)
        else:
            groups.append([char])
    return [
        _Segment(
            line_text(group),
            group[0]["x0"],
            max(c["x1"] for c in group),
            min(c["top"] for c in group),
            max(c["bottom"] for c in group),
            line,
        )
        for group in groups
    ]


def _bands(lines: list[Line], *, tight: bool) -> list[list[int]]:
    """Lines grouped into bands: a line just under the previous one joins its band. In a
    tight table (rows no further apart than lines) every line is a band of its own."""
    bands: list[list[int]] = []
    for i, line in enumerate(lines):
        previous = lines[i - 1] if i else None
        near = previous is not None and line.top - previous.bottom < _SAME_BAND * line.size
        if near and not tight:
            bands[-1].append(i)
        else:
            bands.append([i])
    return bands


def _side_by_side(segments: list[_Segment]) -> list[list[_Segment]]:
    """Segments grouped into cells: those whose spans overlap stand one above the other."""
    cells: list[list[_Segment]] = []
    right = 0.0
    for segment in sorted(segments, key=lambda s: s.x0):
        if cells and segment.x0 <= right + segment.line.size / 2:
            cells[-1].append(segment)
            right = max(right, segment.x1)
        else:
            cells.append([segment])
            right = segment.x1
    return cells


def _unruled_tables(
    printed: list[tuple[Line, list[Char]]], page: int, *, tight: bool
) -> tuple[list[_RawTable], list[Line]]:
    """Tables printed without ruling lines. Lines close together form a band (a row, or a
    paragraph); a band whose text stands in two or more places side by side is a table row,
    and two such bands in a row make a table. Columns start where cells start, clustered
    over the table. When rows stand no further apart than lines (``tight``), each line is a
    row, and a line continues the row above only where that row's text was wrapped.

    This reads tables of short cells well. It loses merged cells (the text of a cell merged
    down lands in one row, the others stay empty), and in a tight table a cell whose text is
    centred beside a wrapped neighbour starts a row of its own."""
    lines = [line for line, _ in printed]
    segments = [_segments(chars, line) for line, chars in printed]
    tables: list[_RawTable] = []
    prose: list[Line] = []
    run: list[list[list[_Segment]]] = []
    for band in _bands(lines, tight=tight):
        cells = _side_by_side([segment for i in band for segment in segments[i]])
        at_top = not (prose or tables or run)
        if len(cells) >= 2 or (len(cells) == 1 and (at_top or _inside_run(cells[0], run))):
            run.append(cells)
            continue
        _close_run(run, tables, prose, page, tight=tight)
        run = []
        prose.extend(lines[i] for i in band)
    _close_run(run, tables, prose, page, tight=tight)
    return tables, prose


def _inside_run(cell: list[_Segment], run: list[list[list[_Segment]]]) -> bool:
    """A band with text in one place only is a row of the table above it (the other cells
    empty) when that place is one of the table's columns, the first one excepted: text at
    the first column's start is as likely the paragraph after the table."""
    if not run:
        return False
    size = max(s.line.size for s in cell)
    starts = _column_starts([min(s.x0 for s in c) for cells in run for c in cells], size)
    x0 = min(s.x0 for s in cell)
    return any(abs(x0 - start) <= size / 2 for start in starts[1:])


def _close_run(
    run: list[list[list[_Segment]]],
    tables: list[_RawTable],
    prose: list[Line],
    page: int,
    *,
    tight: bool,
) -> None:
    # One row alone is a table only at the top of a page, where a table may end that began
    # on the page before; elsewhere it is a line with wide gaps.
    if len(run) < (1 if not prose and not tables else 2):
        prose.extend(dict.fromkeys(s.line for cells in run for cell in cells for s in cell))
        return
    size = max(s.line.size for cells in run for cell in cells for s in cell)
    starts = _column_starts([min(s.x0 for s in cell) for cells in run for cell in cells], size)
    placed: list[list[list[_Segment]]] = []
    for cells in run:
        row: list[list[_Segment]] = [[] for _ in starts]
        for cell in cells:
            row[_column_of(min(s.x0 for s in cell), starts, size)].extend(cell)
        placed.append(row)
    rights = [_column_right([s for row in placed for s in row[c]]) for c in range(len(starts))]
    if tight:
        placed = _continued_rows(placed, rights)
    rows = [[_unruled_cell(cell, rights[c], page) for c, cell in enumerate(row)] for row in placed]
    every = [s for cells in run for cell in cells for s in cell]
    bbox = (
        min(s.x0 for s in every),
        min(s.line.top for s in every),
        max(s.x1 for s in every),
        max(s.line.bottom for s in every),
    )
    lone = len(run) == 1 and len(run[0]) == 1
    fragment = list(dict.fromkeys(s.line for s in run[0][0])) if lone else []
    tables.append(_RawTable(rows, page, page, bbox, starts, fragment))


def _continued_rows(
    rows: list[list[list[_Segment]]], rights: list[float]
) -> list[list[list[_Segment]]]:
    """Rows of one line each, a line joined to the row above when every cell it has
    continues a wrapped cell of that row."""
    merged: list[list[list[_Segment]]] = []
    for row in rows:
        above = merged[-1] if merged else None
        if above is not None and all(
            above[c] and was_wrapped(_as_line(above[c][-1]), rights[c], _as_line(cell[0]))
            for c, cell in enumerate(row)
            if cell
        ):
            for c, cell in enumerate(row):
                above[c].extend(cell)
        else:
            merged.append(row)
    return merged


def _as_line(segment: _Segment) -> Line:
    line = segment.line
    top, bottom = segment.top, segment.bottom
    return Line(segment.text, segment.x0, segment.x1, top, bottom, line.size, line.page)


def _column_right(segments: list[_Segment]) -> float:
    """How far a column's text reaches, not counting a full stop hanging past its edge."""
    ends = [s.x1 for s in segments if s.text[-1] not in CANNOT_START]
    return max(ends or [s.x1 for s in segments] or [0.0])


def _column_starts(x0s: list[float], size: float) -> list[float]:
    starts: list[float] = []
    for x in sorted(x0s):
        if not starts or x - starts[-1] > size:
            starts.append(x)
    return starts


def _column_of(x0: float, starts: list[float], size: float) -> int:
    return max(i for i, start in enumerate(starts) if start <= x0 + size / 2)


def _unruled_cell(segments: list[_Segment], right: float, page: int) -> _RawCell | None:
    """A cell's text; its right edge is the furthest any text in its column reaches."""
    if not segments:
        return None
    ordered = sorted(segments, key=lambda s: (s.line.top, s.x0))
    lines = [_as_line(s) for s in ordered]
    bbox = (
        min(s.x0 for s in ordered),
        min(s.top for s in ordered),
        max(s.x1 for s in ordered),
        max(s.bottom for s in ordered),
    )
    texts = split_paragraphs(lines, edge=lambda line: right, indented=lambda line: False)
    return _RawCell(texts, bbox, page, runs_to(lines[-1], right))


# --- the document: tables joined over pages, then blocks ------------------------------------

# Two table parts on consecutive pages continue one table when their edges line up this well.
_SAME_EDGE = 3.0
# A printer repeats at most this many header rows on a continuation page.
_REPEATED_ROWS_MAX = 4


def _row_texts(row: list[_RawCell | None]) -> list[str]:
    return ["\n".join(cell.lines) if cell is not None else "" for cell in row]


def _column_map(previous: _RawTable, table: _RawTable) -> list[int] | None:
    """Which of the table's columns each column of its continuation is, or None when the
    part on the next page is another table. Ruled parts must match column for column and
    edge for edge; parts printed without lines match columns by where their text starts."""
    if table.page != previous.last_page + 1:
        return None
    if previous.starts and table.starts:
        mapping = []
        for start in table.starts:
            near = min(range(len(previous.starts)), key=lambda i: abs(previous.starts[i] - start))
            if abs(previous.starts[near] - start) > _SAME_EDGE * 2:
                return None
            mapping.append(near)
        return None if table.fragment and _overruns(table, previous, mapping[0]) else mapping
    if (
        table.width == previous.width
        and abs(table.bbox[0] - previous.bbox[0]) <= _SAME_EDGE
        and abs(table.bbox[2] - previous.bbox[2]) <= _SAME_EDGE
    ):
        return list(range(table.width))
    return None


def _overruns(fragment: _RawTable, previous: _RawTable, column: int) -> bool:
    """Whether a lone cell at the top of a page runs past the column it would continue: a
    line of prose runs across the columns, the rest of a cell stays inside its own."""
    following = previous.starts[column + 1] if column + 1 < len(previous.starts) else None
    return following is not None and max(line.x1 for line in fragment.fragment) > following


def _remapped(
    rows: list[list[_RawCell | None]], mapping: list[int], width: int
) -> list[list[_RawCell | None]]:
    if mapping == list(range(width)):
        return rows
    remapped: list[list[_RawCell | None]] = []
    for row in rows:
        cells: list[_RawCell | None] = [None] * width
        for column, cell in zip(mapping, row, strict=False):
            existing = cells[column]
            if cell is None:
                continue
            if existing is None:
                cells[column] = cell
            else:
                bbox = _union(existing.bbox, cell.bbox)
                cells[column] = _RawCell([*existing.lines, *cell.lines], bbox, cell.page)
        remapped.append(cells)
    return remapped


def _union(a: BBox, b: BBox) -> BBox:
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def _repeated_rows(previous: _RawTable, table: _RawTable) -> int:
    """How many of the continuation's first rows repeat the table's first rows."""
    count = 0
    limit = min(_REPEATED_ROWS_MAX, len(previous.rows), len(table.rows) - 1)
    while count < limit and any(_row_texts(table.rows[count])):
        if _row_texts(table.rows[count]) != _row_texts(previous.rows[count]):
            break
        count += 1
    return count


def _has_text(cell: _RawCell | None) -> bool:
    return cell is not None and bool(cell.lines)


def _breaks_row(last: list[_RawCell | None], first: list[_RawCell | None]) -> bool:
    """Whether the first row of a continuation is the rest of the row that ended the page
    before (Word lets a row break across pages): it has text only where that row had, some
    of that row's cells have nothing more, and either every cell it continues ran to its
    edge (cut mid-paragraph) or it continues few of them (a third at most: the long texts;
    a row of its own fills most of the columns its neighbour fills)."""
    pairs = list(zip(last, first, strict=False))
    continued = [above for above, cell in pairs if _has_text(cell)]
    if not continued or any(not _has_text(above) for above in continued):
        return False
    filled = sum(_has_text(above) for above, _ in pairs)
    if len(continued) == filled:
        return False
    cut = all(above is not None and above.open_end for above in continued)
    return cut or len(continued) * 3 <= filled


def _mend(last: list[_RawCell | None], rest: list[_RawCell | None]) -> None:
    """Append the rest of a broken row to its cells (a line cut at the edge glued on)."""
    for above, cell in zip(last, rest, strict=False):
        if above is None or cell is None or not cell.lines:
            continue
        if above.open_end and above.lines:
            above.lines[-1] = glue_wrapped(above.lines[-1], cell.lines[0])
            above.lines.extend(cell.lines[1:])
        else:
            above.lines.extend(cell.lines)
        above.open_end = cell.open_end


def join_pages(items: list[Item]) -> list[Item]:
    """Join a table that ends a page with the one that starts the next (nothing between)."""
    joined: list[Item] = []
    for item in items:
        previous = joined[-1] if joined else None
        if isinstance(item, _RawTable) and isinstance(previous, _RawTable):
            mapping = _column_map(previous, item)
            if mapping is not None:
                item.rows = _remapped(item.rows, mapping, previous.width)
                rows = item.rows[_repeated_rows(previous, item) :]
                if rows and previous.rows and _breaks_row(previous.rows[-1], rows[0]):
                    _mend(previous.rows[-1], rows.pop(0))
                previous.rows.extend(rows)
                previous.last_page = item.page
                continue
        if isinstance(item, _RawTable) and item.fragment:
            joined.extend(item.fragment)
            continue
        joined.append(item)
    return joined


def _to_table(raw: _RawTable, index: int, complete: bool) -> Table:
    rows = []
    source: list[str] = []
    for r, raw_row in enumerate(raw.rows):
        row = []
        for c, raw_cell in enumerate(raw_row):
            if raw_cell is None:
                row.append(make_cell([], index, r, c))
                continue
            row.append(
                make_cell(
                    raw_cell.lines, index, r, c, page=raw_cell.page, bbox=_rounded(raw_cell.bbox)
                )
            )
            source.extend(
                ["\t" + (raw_cell.lines[0] if raw_cell.lines else ""), *raw_cell.lines[1:]]
            )
        rows.append(row)
        source.append("")
    return Table(index, rows, source, complete)


def _rounded(bbox: BBox) -> BBox:
    return (round(bbox[0], 2), round(bbox[1], 2), round(bbox[2], 2), round(bbox[3], 2))


def document_blocks(items: list[Item], margins: dict[int, Margins], complete: bool) -> list[Block]:
    blocks: list[Block] = []
    pending: list[Line] = []
    tables = [item for item in items if isinstance(item, _RawTable)]
    for item in items:
        if isinstance(item, Line):
            pending.append(item)
            continue
        if pending:
            blocks.append(Prose(prose_paragraphs(pending, margins)))
            pending = []
        index = len([b for b in blocks if isinstance(b, Table)])
        blocks.append(_to_table(item, index, complete or item is not tables[-1]))
    if pending:
        blocks.append(Prose(prose_paragraphs(pending, margins)))
    return blocks

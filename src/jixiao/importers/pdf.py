"""PDF: a published self-evaluation read from its text layer.

Published self-evaluations are mostly PDFs printed from Word or WPS. The table keeps its
ruling lines, so pdfplumber finds it by those lines; every cell becomes a :class:`Cell` with
its page and box, a merged cell gives its text to its first position and empty cells to the
others (what :mod:`jixiao.importers.layout` expects), and the text outside the tables becomes
prose lines from top to bottom (title, 填报单位 line, sign-off, report). A table that runs onto
the next page is joined back into one: a header row the printer repeated is dropped, and a row
broken across the page break is mended (its grid, left open at the break, is closed first).

What printing lost is put back by geometry: a line that stops short of the right edge of its
cell (or of the page's text) by less than the next word ended a paragraph only if the next
line is indented, stands further below than lines do, or opens a numbered item; otherwise the
printer wrapped it, and it is glued to the next. Where a paragraph ends exactly at the edge
and nothing sets the next one apart, the two read as one: print cannot tell them apart.

A document without any ruled table is cut into rows and columns by the gaps between words
(:func:`_unruled_tables`): good for tables of short cells, weak where multi-line or merged
cells run across the space between rows.

Hostile files are refused with stable codes: a scan without text (``import-scanned-pdf``;
there is no OCR), a password (``import-encrypted``), a damaged file (``import-corrupt``), text
whose fonts map to no Unicode (``import-unrecognised``) and a compressed stream that inflates
beyond a budget (``import-zip-bomb``), which pdfminer would otherwise inflate whole in memory.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from io import BytesIO
from itertools import pairwise
from typing import Any

import pdfplumber
from pdfminer import pdftypes
from pdfminer.lzw import LZWDecoder
from pdfminer.pdfdocument import PDFEncryptionError
from pdfminer.runlength import rldecode

from jixiao.errors import ImportError_
from jixiao.importers.base import ImportResult, import_error
from jixiao.importers.cells import Block, Prose, Table, make_cell
from jixiao.importers.layout import evaluations_from_blocks

BBox = tuple[float, float, float, float]
_Char = dict[str, Any]

# --- the inflation budget -------------------------------------------------------------------

MIB = 1 << 20
# One stream may inflate to this much (an embedded CJK font program is 10–20 MB) ...
STREAM_LIMIT = 64 * MIB
# ... and one file to this much in all (scanned images are not counted: they are not decoded).
FILE_LIMIT = 256 * MIB
# Past its first MiB a stream may not inflate more than this many times its compressed size.
# Text, fonts and cross-reference streams shrink 2 to 10 times; runs of zeros or of one
# repeated operator shrink a thousand times, and pdfminer would spend minutes parsing them
# (63 MB of zeros in a page's content stream: 50 s).
RATIO_LIMIT = 100
_RATIO_FREE = MIB
# Inflate this much at a time, so the ratio is watched as the stream grows.
_PIECE = MIB


class _OverBudget(Exception):
    """A stream inflates past the budget; raised inside pdfminer, reported as import-zip-bomb."""


@dataclass(slots=True)
class _Budget:
    stream_limit: int
    remaining: int
    exceeded: bool = False

    def room(self) -> int:
        return min(self.stream_limit, self.remaining)

    def check(self, inflated: int, compressed: int, room: int) -> None:
        """Refuse a stream that has grown past its room, or too far past its size."""
        too_big = inflated > room
        too_dense = inflated > _RATIO_FREE and inflated > RATIO_LIMIT * max(compressed, 1)
        if too_big or too_dense:
            self.exceeded = True
            raise _OverBudget(f"a stream inflates to {inflated} bytes from {compressed}")

    def spend(self, size: int) -> None:
        self.remaining -= size


_BUDGET: ContextVar[_Budget | None] = ContextVar("jixiao_pdf_budget", default=None)


def _inflate(data: bytes, budget: _Budget) -> bytes:
    """``zlib.decompress`` within the budget, a piece at a time so a bomb never lands in
    memory. Damage is treated as pdfminer treats it: a stream cut short gives what it holds,
    a bad checksum (the last four bytes) is ignored, damage before it gives nothing."""
    room = budget.room()
    inflater = zlib.decompressobj()
    out = bytearray()
    checksum_at = max(len(data) - 4, 0)
    for start, end in ((0, checksum_at), (checksum_at, len(data))):
        pending = data[start:end]
        try:
            while pending and not inflater.eof:
                out += inflater.decompress(pending, min(_PIECE, room + 1 - len(out)))
                pending = inflater.unconsumed_tail
                budget.check(len(out), end - len(pending), room)
        except zlib.error:
            if start == 0:
                return b""
            break
    budget.spend(len(out))
    return bytes(out)


def _lzw(data: bytes, budget: _Budget) -> bytes:
    room = budget.room()
    out = bytearray()
    for piece in LZWDecoder(BytesIO(data)).run():
        out += piece
        budget.check(len(out), len(data), room)
    budget.spend(len(out))
    return bytes(out)


def _runlength_size(data: bytes) -> int:
    """What a RunLength stream decodes to, counted without decoding it."""
    size, i = 0, 0
    while i < len(data) and data[i] != 128:
        length = data[i]
        if length < 128:
            size, i = size + length + 1, i + length + 2
        else:
            size, i = size + 257 - length, i + 2
    return size


def _runlength(data: bytes, budget: _Budget) -> bytes:
    room = budget.room()
    # A run expands 128 times at most: count exactly only when that could be too much.
    if len(data) * 128 > room:
        budget.check(_runlength_size(data), len(data), room)
    out: bytes = rldecode(data)
    budget.spend(len(out))
    return out


class _GuardedZlib:
    """What pdfminer's stream decoder sees as ``zlib``: inflation within the budget of the
    read in progress, and plain zlib when no read of ours is running."""

    error = zlib.error
    decompressobj = staticmethod(zlib.decompressobj)

    @staticmethod
    def decompress(data: bytes, *args: Any, **kwargs: Any) -> bytes:
        budget = _BUDGET.get()
        if budget is None:
            return zlib.decompress(data, *args, **kwargs)
        return _inflate(data, budget)


def _guarded(
    decode: Callable[[bytes, _Budget], bytes], plain: Callable[[bytes], bytes]
) -> Callable[[bytes], bytes]:
    def decoder(data: bytes) -> bytes:
        budget = _BUDGET.get()
        return plain(data) if budget is None else decode(data, budget)

    return decoder


def _install_guard() -> None:
    """pdfminer decodes a stream in one call (``zlib.decompress``, ``lzwdecode``,
    ``rldecode``), so a few kilobytes can ask for gigabytes. Its decoder looks these names up
    in its module, the only seam there is: point them at budgeted versions. Outside our reads
    they behave exactly as before. ``test_import_pdf`` proves the guard holds."""
    decoder_module: Any = pdftypes  # rebinding its globals is the point
    decoder_module.zlib = _GuardedZlib()
    decoder_module.lzwdecode = _guarded(
        _lzw, lambda data: b"".join(LZWDecoder(BytesIO(data)).run())
    )
    decoder_module.rldecode = _guarded(_runlength, rldecode)


_install_guard()


@contextmanager
def _stream_budget() -> Iterator[_Budget]:
    budget = _Budget(STREAM_LIMIT, FILE_LIMIT)
    token = _BUDGET.set(budget)
    try:
        yield budget
    finally:
        _BUDGET.reset(token)


# --- characters into lines ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Line:
    """One printed line: its text and where it stands (points, top-left origin)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    page: int


def _is_cjk(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _line_text(chars: list[_Char]) -> str:
    """The characters left to right; a gap wider than a word space becomes a space."""
    parts: list[str] = []
    previous: _Char | None = None
    for char in chars:
        if previous is not None:
            gap = char["x0"] - previous["x1"]
            size = max(char["size"], previous["size"], 1.0)
            wide = _is_cjk(char["text"][:1] or " ") or _is_cjk(previous["text"][-1:] or " ")
            # Justified Chinese spreads its characters; only a real blank separates them.
            if gap > (1.0 if wide else 0.25) * size and not parts[-1].endswith(" "):
                parts.append(" ")
        parts.append(char["text"])
        previous = char
    return "".join(parts).strip()


def _char_rows(chars: Sequence[_Char]) -> list[list[_Char]]:
    """Characters grouped into printed lines, each left to right: a character whose middle
    lies within the height of the line being built belongs to it."""
    rows: list[list[_Char]] = []
    top = bottom = 0.0
    for char in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        middle = (char["top"] + char["bottom"]) / 2
        if rows and top <= middle <= bottom:
            rows[-1].append(char)
        else:
            rows.append([char])
            top, bottom = char["top"], char["bottom"]
    for row in rows:
        row.sort(key=lambda c: c["x0"])
    return rows


def _line_of(row: list[_Char], page: int) -> _Line | None:
    inked = [c for c in row if c["text"].strip()]
    if not inked:
        return None
    return _Line(
        text=_line_text(row),
        x0=min(c["x0"] for c in inked),
        x1=max(c["x1"] for c in inked),
        top=min(c["top"] for c in inked),
        bottom=max(c["bottom"] for c in inked),
        size=max(c["size"] for c in inked),
        page=page,
    )


def _lines_with_chars(chars: Sequence[_Char], page: int) -> list[tuple[_Line, list[_Char]]]:
    pairs = ((_line_of(row, page), row) for row in _char_rows(chars))
    return [(line, row) for line, row in pairs if line is not None]


def _lines(chars: Sequence[_Char], page: int) -> list[_Line]:
    return [line for line, _ in _lines_with_chars(chars, page)]


# --- lines into paragraphs ------------------------------------------------------------------

# A line starting this many characters right of the margin is a paragraph's indented first line.
_INDENT = 0.5
# Marks that may not open a line (a printer pulls the character before them down with them)
# and marks that may not end one (pushed down to the next line).
_CANNOT_START = frozenset("，。、；：？！）》」』】〕”’…%,.;:?!)]}")
_CANNOT_END = frozenset("（《「『【〔“‘([{")
# Digits and Latin letters are wrapped as whole words.
_WORD = re.compile(r"[A-Za-z0-9.,%+-]+")
# Glyph widths in ems, near enough for Song, Fangsong and Hei faces.
_WIDE, _NARROW = 1.0, 0.6
# Measuring slack, in ems.
_SLACK = 0.3
# Space between two lines, beyond the leading, that sets two paragraphs apart (in ems).
_PARAGRAPH_SPACE = 0.2
# A line that opens a numbered item, a sign-off or an attachment starts a paragraph, unless
# the line before ends mid-sentence ("…5.招标投标管理股、" / "6.村镇建设管理股").
# ("一是…二是…" is left out: such lists run on inside one paragraph as often as not.)
_OPENS_PARAGRAPH = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[)）]"
    r"|\d{1,2}\s*[、.．](?!\d)|第[一二三四五六七八九十\d]+[章节部分条]"
    r"|附件|附表|填报人|填表人|联系电话|单位负责人|填报单位)"
)
_MID_SENTENCE = frozenset("、，,")


def _em(char: str) -> float:
    return _WIDE if _is_cjk(char) else _NARROW


def _room(text: str) -> float:
    """How much room (in ems) the start of ``text`` needed on the line above for the printer
    to have kept it there: its first word or character, with a mark it drags along."""
    word = _WORD.match(text)
    if word:
        return len(word.group()) * _NARROW
    needed = _em(text[0])
    if len(text) > 1 and (text[1] in _CANNOT_START or text[0] in _CANNOT_END):
        needed += _em(text[1])
    return needed


def _runs_to(line: _Line, edge: float) -> bool:
    """Whether ``line`` ends within a character of ``edge``: text that may go on below."""
    return edge - line.x1 < (_WIDE + _SLACK) * line.size


def _was_wrapped(line: _Line, edge: float | None, following: _Line) -> bool:
    """Whether the printer broke ``line`` because ``following``'s start did not fit: the
    gap left at the edge is narrower than that start."""
    if edge is None or following.page < line.page:
        return False
    return edge - line.x1 < (_room(following.text) + _SLACK) * line.size


def _line_gap(lines: Sequence[_Line]) -> float:
    """The space between lines of one paragraph: the lower quartile of the gaps between
    consecutive lines on a page (most gaps are inside paragraphs)."""
    gaps = sorted(
        below.top - above.bottom for above, below in pairwise(lines) if below.page == above.page
    )
    return gaps[len(gaps) // 4] if gaps else 0.0


def _spaced(line: _Line, following: _Line, leading: float) -> bool:
    """Whether ``following`` stands further below ``line`` than the lines of a paragraph:
    the space a document puts between paragraphs."""
    if following.page != line.page:
        return False
    return following.top - line.bottom > leading + _PARAGRAPH_SPACE * line.size


def _glue(head: str, tail: str) -> str:
    """Two halves of a wrapped line: Chinese joins directly, two Latin words with a space."""
    if head[-1:].isascii() and head[-1:].isalpha() and tail[:1].isascii() and tail[:1].isalpha():
        return f"{head} {tail}"
    return head + tail


def _paragraphs(
    lines: Sequence[_Line],
    edge: Callable[[_Line], float | None],
    indented: Callable[[_Line], bool],
) -> list[str]:
    """The lines with the printer's wraps undone: a line that was wrapped is glued to the
    next one, unless that one is indented, stands further below than lines of a paragraph
    do, or opens an item."""
    texts: list[str] = []
    previous: _Line | None = None
    leading = _line_gap(lines)
    for line in lines:
        if (
            previous is not None
            and _was_wrapped(previous, edge(previous), line)
            and not indented(line)
            and not _spaced(previous, line, leading)
            and (previous.text[-1] in _MID_SENTENCE or not _OPENS_PARAGRAPH.match(line.text))
        ):
            texts[-1] = _glue(texts[-1], line.text)
        else:
            texts.append(line.text)
        previous = line
    return texts


def _cell_paragraphs(lines: Sequence[_Line], bbox: BBox) -> tuple[list[str], bool]:
    """A cell's paragraphs, and whether its last line runs to the edge. Its right edge is
    the box less the padding seen on the left (at most 10 points: a centred short line says
    nothing about padding)."""
    if not lines:
        return [], False
    padding = max(0.0, min(10.0, min(line.x0 - bbox[0] for line in lines)))
    right = bbox[2] - padding
    texts = _paragraphs(lines, edge=lambda line: right, indented=lambda line: False)
    return texts, _runs_to(lines[-1], right)


def _left_margin(x0s: Sequence[float], size: float) -> float | None:
    """The leftmost position at least three lines start at: a margin, which one line
    alone is not."""
    ordered = sorted(x0s)
    for i, value in enumerate(ordered):
        if sum(1 for v in ordered[i:] if v - value <= size / 2) >= 3:
            return value
    return None


def _right_margin(x1s: Sequence[float], size: float) -> float | None:
    """Where full lines end: of the line ends near the rightmost one, the position with the
    most ends within one character to its left (at least three). A full stop hanging past
    the margin, or one long line, does not move it."""
    if not x1s:
        return None
    far = max(x1s)
    best: tuple[int, float] | None = None
    for value in (v for v in x1s if v >= far - 3 * size):
        count = sum(1 for v in x1s if value - size <= v <= value)
        if count >= 3 and (best is None or (count, value) > best):
            best = (count, value)
    return best[1] if best else None


@dataclass(slots=True)
class _Margins:
    left: float
    right: float


def _margins(lines: Sequence[_Line], page_widths: dict[int, float]) -> dict[int, _Margins]:
    """The text margins of each page, found over all pages of the same width (a page with
    a table and two lines of prose shows no margin of its own; landscape table pages and
    portrait report pages differ)."""
    formats: dict[int, list[_Line]] = {}
    for line in lines:
        formats.setdefault(round(page_widths[line.page]), []).append(line)
    found: dict[int, _Margins] = {}
    for width, group in formats.items():
        size = max(line.size for line in group)
        x0s = [line.x0 for line in group]
        left = _left_margin(x0s, size)
        left = min(x0s) if left is None else left
        # The right margin mirrors the left one, as Word's page setups do (to within a
        # character). Line ends agreeing near there show it exactly; ends agreeing far from
        # it are short paragraphs of equal length, not full lines.
        mirrored = width - min(x0s)
        right = _right_margin([line.x1 for line in group], size)
        if right is None or right < mirrored - 3 * size:
            right = mirrored
        found[width] = _Margins(left, right)
    return {page: found[round(w)] for page, w in page_widths.items() if round(w) in found}


def _prose_paragraphs(lines: Sequence[_Line], margins: dict[int, _Margins]) -> list[str]:
    def indented(line: _Line) -> bool:
        return line.x0 > margins[line.page].left + _INDENT * line.size

    return _paragraphs(lines, edge=lambda line: margins[line.page].right, indented=indented)


# --- pages into tables and prose --------------------------------------------------------------


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
    fragment: list[_Line] = field(default_factory=list)

    @property
    def width(self) -> int:
        return max((len(row) for row in self.rows), default=0)


_Item = _Line | _RawTable

_LINES_ONLY = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


def _middle_in(char: _Char, bbox: BBox) -> bool:
    """Whether a character stands in a box: its vertical middle, and its left edge, since a
    full stop may hang past the right edge of the line it ends."""
    x = char["x0"] + min(1.0, (char["x1"] - char["x0"]) / 4)
    y = (char["top"] + char["bottom"]) / 2
    return bool(bbox[0] <= x < bbox[2] and bbox[1] <= y < bbox[3])


def _grids(page: Any) -> list[Any]:
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


def _ruled_tables(grids: list[Any], number: int, chars: list[_Char]) -> list[_RawTable]:
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

    def __init__(self, chars: list[_Char]) -> None:
        self.chars = sorted(chars, key=_middle_y)
        self.ys = [_middle_y(char) for char in self.chars]

    def within(self, box: BBox) -> list[_Char]:
        start, end = bisect_left(self.ys, box[1]), bisect_left(self.ys, box[3])
        return [char for char in self.chars[start:end] if _middle_in(char, box)]


def _middle_y(char: _Char) -> float:
    return float(char["top"] + char["bottom"]) / 2


def _raw_cell(bbox: BBox | None, chars: _ByHeight, page: int) -> _RawCell | None:
    if bbox is None:
        return None
    box: BBox = (float(bbox[0]), float(bbox[1]), float(bbox[2]), float(bbox[3]))
    texts, open_end = _cell_paragraphs(_lines(chars.within(box), page), box)
    return _RawCell(texts, box, page, open_end)


_PAGE_NUMBER = re.compile(
    r"^(?:[-—–\s]*\d{1,4}[-—–\s]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)$"
)


def _page_items(
    page: Any, grids: list[Any], number: int, *, ruled: bool, tight: bool
) -> list[_Item]:
    """The page's tables and the lines outside them, top to bottom, page numbers dropped."""
    chars: list[_Char] = page.chars
    tables = _ruled_tables(grids, number, chars) if ruled else []
    outside = [c for c in chars if not any(_middle_in(c, t.bbox) for t in tables)]
    if ruled:
        lines = _lines(outside, number)
    else:
        tables, lines = _unruled_tables(_lines_with_chars(outside, number), number, tight=tight)
    items: list[_Item] = [*tables, *lines]
    items.sort(key=lambda item: item.bbox[1] if isinstance(item, _RawTable) else item.top)
    for end in (-1, 0):
        edge = items[end] if items else None
        if isinstance(edge, _Line) and _PAGE_NUMBER.match(edge.text):
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
    line: _Line


def _segments(chars: list[_Char], line: _Line) -> list[_Segment]:
    groups: list[list[_Char]] = []
    for char in sorted(chars, key=lambda c: c["x0"]):
        if not char["text"].strip():
            continue
        if groups and char["x0"] - groups[-1][-1]["x1"] <= _COLUMN_GAP * line.size:
            groups[-1].append(char)
        else:
            groups.append([char])
    return [
        _Segment(
            _line_text(group),
            group[0]["x0"],
            max(c["x1"] for c in group),
            min(c["top"] for c in group),
            max(c["bottom"] for c in group),
            line,
        )
        for group in groups
    ]


def _bands(lines: list[_Line], *, tight: bool) -> list[list[int]]:
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
    printed: list[tuple[_Line, list[_Char]]], page: int, *, tight: bool
) -> tuple[list[_RawTable], list[_Line]]:
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
    prose: list[_Line] = []
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
    prose: list[_Line],
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
            above[c] and _was_wrapped(_as_line(above[c][-1]), rights[c], _as_line(cell[0]))
            for c, cell in enumerate(row)
            if cell
        ):
            for c, cell in enumerate(row):
                above[c].extend(cell)
        else:
            merged.append(row)
    return merged


def _as_line(segment: _Segment) -> _Line:
    line = segment.line
    top, bottom = segment.top, segment.bottom
    return _Line(segment.text, segment.x0, segment.x1, top, bottom, line.size, line.page)


def _column_right(segments: list[_Segment]) -> float:
    """How far a column's text reaches, not counting a full stop hanging past its edge."""
    ends = [s.x1 for s in segments if s.text[-1] not in _CANNOT_START]
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
    texts = _paragraphs(lines, edge=lambda line: right, indented=lambda line: False)
    return _RawCell(texts, bbox, page, _runs_to(lines[-1], right))


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
            above.lines[-1] = _glue(above.lines[-1], cell.lines[0])
            above.lines.extend(cell.lines[1:])
        else:
            above.lines.extend(cell.lines)
        above.open_end = cell.open_end


def _join_pages(items: list[_Item]) -> list[_Item]:
    """Join a table that ends a page with the one that starts the next (nothing between)."""
    joined: list[_Item] = []
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


def _blocks(items: list[_Item], margins: dict[int, _Margins], complete: bool) -> list[Block]:
    blocks: list[Block] = []
    pending: list[_Line] = []
    tables = [item for item in items if isinstance(item, _RawTable)]
    for item in items:
        if isinstance(item, _Line):
            pending.append(item)
            continue
        if pending:
            blocks.append(Prose(_prose_paragraphs(pending, margins)))
            pending = []
        index = len([b for b in blocks if isinstance(b, Table)])
        blocks.append(_to_table(item, index, complete or item is not tables[-1]))
    if pending:
        blocks.append(Prose(_prose_paragraphs(pending, margins)))
    return blocks


# --- the importer -----------------------------------------------------------------------------


@dataclass(slots=True)
class _Document:
    """What the pages held: items in reading order, page widths, and which are images."""

    items: list[_Item] = field(default_factory=list)
    page_widths: dict[int, float] = field(default_factory=dict)
    image_pages: list[int] = field(default_factory=list)
    text_pages: int = 0
    ruled: bool = False
    # Characters whose font maps them to no Unicode text: pdfminer prints them "(cid:123)".
    undecodable: int = 0
    decodable: int = 0


def _read_pages(pdf: Any, *, tight: bool = False) -> _Document:
    pages = [page.dedupe_chars() for page in pdf.pages]
    texts = [any(char["text"].strip() for char in page.chars) for page in pages]
    grids = [_grids(page) if text else [] for page, text in zip(pages, texts, strict=True)]
    # Tables are found by their lines; only a document with no ruled table at all is read
    # for tables set out with spaces.
    ruled = any(grids)
    document = _Document(ruled=ruled)
    for number, (page, has_text, found) in enumerate(zip(pages, texts, grids, strict=True), 1):
        if not has_text:
            if page.images:
                document.image_pages.append(number)
            continue
        document.text_pages += 1
        inked = [char["text"] for char in page.chars if char["text"].strip()]
        unmapped = sum(glyph.startswith("(cid:") for glyph in inked)
        document.undecodable += unmapped
        document.decodable += len(inked) - unmapped
        items = _page_items(page, found, number, ruled=ruled, tight=tight)
        document.page_widths[number] = float(page.width)
        document.items.extend(items)
    document.items = _join_pages(document.items)
    return document


def _cause(exc: BaseException) -> BaseException:
    """The exception pdfplumber wrapped (it re-raises pdfminer's as PdfminerException(e))."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, _OverBudget | PDFEncryptionError):
            return current
        inner = next((a for a in current.args if isinstance(a, BaseException)), None)
        current = inner or current.__cause__ or current.__context__
    return exc


def _failure(exc: BaseException) -> ImportError_:
    cause = _cause(exc)
    if isinstance(cause, _OverBudget):
        return _bomb()
    if isinstance(cause, PDFEncryptionError):
        return import_error("import-encrypted", "", type(cause).__name__)
    detail = f"{type(cause).__name__}: {cause}"[:200]
    return import_error("import-corrupt", "", detail)


def _bomb() -> ImportError_:
    stream, whole = STREAM_LIMIT // MIB, FILE_LIMIT // MIB
    return import_error(
        "import-zip-bomb",
        f"PDF 中的压缩数据流解压后超过 {stream} MB（全文件 {whole} MB）或膨胀超过 {RATIO_LIMIT} 倍",
        f"a compressed PDF stream inflates past {stream} MB (the file past {whole} MB) "
        f"or more than {RATIO_LIMIT} times",
    )


def _pages_list(pages: list[int]) -> str:
    return "、".join(str(page) for page in pages[:10]) + ("…" if len(pages) > 10 else "")


def _refuse_without_text(document: _Document) -> None:
    if document.undecodable > document.decodable:
        raise import_error(
            "import-unrecognised",
            "PDF 的文字无法解码（字体没有 Unicode 映射），请用原文件另存为 PDF 或导入 Word 文件",
            "the PDF's text cannot be decoded: its fonts map no Unicode text",
        )
    if document.text_pages:
        return
    if document.image_pages:
        count = len(document.image_pages)
        raise import_error(
            "import-scanned-pdf", f"共{count}页，均为图像", f"{count} page(s), all images"
        )
    raise import_error("import-empty")


def _evaluations(document: _Document, data: bytes, name: str) -> ImportResult:
    # A file cut short has no %%EOF near its end: its last table may be cut too.
    complete = b"%%EOF" in data[-2048:]
    lines = [item for item in document.items if isinstance(item, _Line)]
    blocks = _blocks(document.items, _margins(lines, document.page_widths), complete)
    return evaluations_from_blocks(blocks, name)


class PdfImporter:
    """A PDF with a text layer (printed from Word, WPS or a web form)."""

    name = "pdf"

    def sniff(self, head: bytes, name: str) -> float:
        # Readers accept a PDF whose header comes after some junk within the first KiB.
        return 0.95 if b"%PDF-" in head[:1024] else 0.0

    def read(self, data: bytes, name: str) -> ImportResult:
        document = self._document(data)
        _refuse_without_text(document)
        try:
            return _evaluations(document, data, name)
        except ImportError_ as exc:
            if exc.code != "import-no-indicators":
                raise
            failure = exc
        if not document.ruled:
            # Read as bands, a table whose rows stand as close as its lines is one band:
            # read it again a row per line.
            try:
                return _evaluations(self._document(data, tight=True), data, name)
            except ImportError_ as exc:
                if exc.code != "import-no-indicators":
                    raise
        if document.image_pages:
            pages = _pages_list(document.image_pages)
            raise import_error(
                "import-scanned-pdf",
                f"第{pages}页是图像，表格可能在其中",
                f"pages {pages} are images; the table may be on them",
            ) from failure
        raise failure

    @staticmethod
    def _document(data: bytes, *, tight: bool = False) -> _Document:
        # pdfminer raises a zoo of exceptions on damaged input (syntax, key, type, value,
        # recursion errors): every one means the file cannot be read, so all are caught.
        with _stream_budget() as budget:
            try:
                with pdfplumber.open(BytesIO(data)) as pdf:
                    document = _read_pages(pdf, tight=tight)
            except Exception as exc:
                raise _failure(exc) from exc
            # pdfminer swallows some errors and carries on without the stream.
            if budget.exceeded:
                raise _bomb()
        return document

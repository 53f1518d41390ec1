"""PDF characters into lines, and lines into paragraphs, by their geometry.

What printing lost is put back: a line that stops short of the right edge of its cell (or of
the page's text) by less than the next word ended a paragraph only if the next line is
indented, stands further below than lines do, or opens a numbered item; otherwise the printer
wrapped it, and it is glued to the next.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

BBox = tuple[float, float, float, float]
Char = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Line:
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


def line_text(chars: list[Char]) -> str:
    """The characters left to right; a gap wider than a word space becomes a space."""
    parts: list[str] = []
    previous: Char | None = None
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


def _char_rows(chars: Sequence[Char]) -> list[list[Char]]:
    """Characters grouped into printed lines, each left to right: a character whose middle
    lies within the height of the line being built belongs to it."""
    rows: list[list[Char]] = []
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


def _line_of(row: list[Char], page: int) -> Line | None:
    inked = [c for c in row if c["text"].strip()]
    if not inked:
        return None
    return Line(
        text=line_text(row),
        x0=min(c["x0"] for c in inked),
        x1=max(c["x1"] for c in inked),
        top=min(c["top"] for c in inked),
        bottom=max(c["bottom"] for c in inked),
        size=max(c["size"] for c in inked),
        page=page,
    )


def lines_with_chars(chars: Sequence[Char], page: int) -> list[tuple[Line, list[Char]]]:
    pairs = ((_line_of(row, page), row) for row in _char_rows(chars))
    return [(line, row) for line, row in pairs if line is not None]


def text_lines(chars: Sequence[Char], page: int) -> list[Line]:
    return [line for line, _ in lines_with_chars(chars, page)]


# --- lines into paragraphs ------------------------------------------------------------------

# A line starting this many characters right of the margin is a paragraph's indented first line.
_INDENT = 0.5
# Marks that may not open a line (a printer pulls the character before them down with them)
# and marks that may not end one (pushed down to the next line).
CANNOT_START = frozenset("，。、；：？！）》」』】〕”’…%,.;:?!)]}")
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
    if len(text) > 1 and (text[1] in CANNOT_START or text[0] in _CANNOT_END):
        needed += _em(text[1])
    return needed


def runs_to(line: Line, edge: float) -> bool:
    """Whether ``line`` ends within a character of ``edge``: text that may go on below."""
    return edge - line.x1 < (_WIDE + _SLACK) * line.size


def was_wrapped(line: Line, edge: float | None, following: Line) -> bool:
    """Whether the printer broke ``line`` because ``following``'s start did not fit: the
    gap left at the edge is narrower than that start."""
    if edge is None or following.page < line.page:
        return False
    return edge - line.x1 < (_room(following.text) + _SLACK) * line.size


def _line_gap(lines: Sequence[Line]) -> float:
    """The space between lines of one paragraph: the lower quartile of the gaps between
    consecutive lines on a page (most gaps are inside paragraphs)."""
    gaps = sorted(
        below.top - above.bottom for above, below in pairwise(lines) if below.page == above.page
    )
    return gaps[len(gaps) // 4] if gaps else 0.0


def _spaced(line: Line, following: Line, leading: float) -> bool:
    """Whether ``following`` stands further below ``line`` than the lines of a paragraph:
    the space a document puts between paragraphs."""
    if following.page != line.page:
        return False
    return following.top - line.bottom > leading + _PARAGRAPH_SPACE * line.size


def glue_wrapped(head: str, tail: str) -> str:
    """Two halves of a wrapped line: Chinese joins directly, two Latin words with a space."""
    if head[-1:].isascii() and head[-1:].isalpha() and tail[:1].isascii() and tail[:1].isalpha():
        return f"{head} {tail}"
    return head + tail


def split_paragraphs(
    lines: Sequence[Line],
    edge: Callable[[Line], float | None],
    indented: Callable[[Line], bool],
) -> list[str]:
    """The lines with the printer's wraps undone: a line that was wrapped is glued to the
    next one, unless that one is indented, stands further below than lines of a paragraph
    do, or opens an item."""
    texts: list[str] = []
    previous: Line | None = None
    leading = _line_gap(lines)
    for line in lines:
        if (
            previous is not None
            and was_wrapped(previous, edge(previous), line)
            and not indented(line)
            and not _spaced(previous, line, leading)
            and (previous.text[-1] in _MID_SENTENCE or not _OPENS_PARAGRAPH.match(line.text))
        ):
            texts[-1] = glue_wrapped(texts[-1], line.text)
        else:
            texts.append(line.text)
        previous = line
    return texts


def cell_paragraphs(lines: Sequence[Line], bbox: BBox) -> tuple[list[str], bool]:
    """A cell's paragraphs, and whether its last line runs to the edge. Its right edge is
    the box less the padding seen on the left (at most 10 points: a centred short line says
    nothing about padding)."""
    if not lines:
        return [], False
    padding = max(0.0, min(10.0, min(line.x0 - bbox[0] for line in lines)))
    right = bbox[2] - padding
    texts = split_paragraphs(lines, edge=lambda line: right, indented=lambda line: False)
    return texts, runs_to(lines[-1], right)


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
class Margins:
    left: float
    right: float


def page_margins(lines: Sequence[Line], page_widths: dict[int, float]) -> dict[int, Margins]:
    """The text margins of each page, found over all pages of the same width (a page with
    a table and two lines of prose shows no margin of its own; landscape table pages and
    portrait report pages differ)."""
    formats: dict[int, list[Line]] = {}
    for line in lines:
        formats.setdefault(round(page_widths[line.page]), []).append(line)
    found: dict[int, Margins] = {}
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
        found[width] = Margins(left, right)
    return {page: found[round(w)] for page, w in page_widths.items() if round(w) in found}


def prose_paragraphs(lines: Sequence[Line], margins: dict[int, Margins]) -> list[str]:
    def indented(line: Line) -> bool:
        return line.x0 > margins[line.page].left + _INDENT * line.size

    return split_paragraphs(lines, edge=lambda line: margins[line.page].right, indented=indented)

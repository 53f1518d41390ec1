"""The ``|``-separated text form: tables typed or pasted as Markdown-style rows.

Self-evaluations copied out of web pages, chat messages and wiki pages arrive as text where a
table row is one line and its cells are separated by ``|``::

    | 一级指标 | 二级指标 | 三级指标 | 年度指标值 |
    |---|---|---|---|
    | 产出指标 | 数量指标 | 危房改造户数 | 19户 |

The rules, on purpose as few as Markdown's:

- a line with at least two unescaped ``|`` is a table row; leading and trailing ``|`` are
  optional (so a row of two cells needs one of them: ``a | b`` alone is a sentence);
  consecutive rows form one table, and any other line (a blank one too) ends it;
- a separator row (``|---|:---:|``) is skipped wherever it stands;
- ``<br>`` inside a cell separates the cell's paragraphs; ``\\|`` is a literal ``|``;
- every other line is prose, except blank lines, which only separate blocks; a "table" none
  of whose rows has two cells is prose too.

Merged cells are written as empty cells, as in the tab-per-cell text form; the layout reader
(:func:`jixiao.importers.layout.evaluations_from_blocks`) carries them down.
"""

from __future__ import annotations

import re

from jixiao.importers.base import ImportResult
from jixiao.importers.cells import Block, Prose, Table, make_cell
from jixiao.importers.decoding import decode_head
from jixiao.importers.text_form import STRONG_WORDS, read_text_blocks

_PIPE = re.compile(r"(?<!\\)\|")
_BREAK = re.compile(r"<br\s*/?>", re.I)
_SEPARATOR_CELL = re.compile(r"\s*:?-+:?\s*")
# How many row lines make a file look like this form.
_SNIFF_ROWS = 3


def is_row(line: str) -> bool:
    """Whether ``line`` is a table row: two or more unescaped ``|``."""
    return len(_PIPE.findall(line)) >= 2


def split_row(line: str) -> list[str]:
    """The raw cells of a row line, without the optional outer ``|``."""
    body = line.strip()
    parts = _PIPE.split(body)
    if body.startswith("|"):
        parts = parts[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        parts = parts[:-1]
    return parts


def _is_separator(cells: list[str]) -> bool:
    return bool(cells) and all(_SEPARATOR_CELL.fullmatch(cell) for cell in cells)


def _unescape(text: str) -> str:
    return text.replace("\\|", "|")


def _cell_lines(raw: str) -> list[str]:
    return [_unescape(line) for line in _BREAK.split(raw)]


class _Lexer:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.rows: list[list[str]] = []
        self.source: list[str] = []
        self.tables = 0

    def feed(self, line: str) -> None:
        if is_row(line):
            cells = split_row(line)
            self.source.append(line)
            if not _is_separator(cells):
                self.rows.append(cells)
            return
        self._close()
        # A blank line only separates blocks (as in Markdown): kept as prose it would stand
        # between a "附件3" line and the title below it and hide that they belong together.
        if line.strip():
            self._prose([_unescape(line)])

    def _close(self) -> None:
        if not self.source:
            return
        rows, source = self.rows, self.source
        self.rows, self.source = [], []
        if not any(len(row) > 1 for row in rows):
            self._prose([_unescape(line) for line in source])
            return
        index = self.tables
        self.tables += 1
        cells = [
            [make_cell(_cell_lines(raw), index, r, c) for c, raw in enumerate(row)]
            for r, row in enumerate(rows)
        ]
        self.blocks.append(Table(index, cells, source))

    def _prose(self, lines: list[str]) -> None:
        if self.blocks and isinstance(self.blocks[-1], Prose):
            self.blocks[-1].lines.extend(lines)
        else:
            self.blocks.append(Prose(lines))

    def finish(self) -> list[Block]:
        self._close()
        return self.blocks


def lex(text: str) -> list[Block]:
    """Prose blocks and tables of ``text`` (line ends already ``\\n``), in document order."""
    lexer = _Lexer()
    for line in text.split("\n"):
        lexer.feed(line)
    return lexer.finish()


class PipeTextImporter:
    """Text whose tables are ``|``-separated rows (Markdown tables and the like)."""

    name = "pipe-text"

    def sniff(self, head: bytes, name: str) -> float:
        text = decode_head(head)
        if text is None:
            return 0.0
        rows = sum(1 for line in text.split("\n") if is_row(line))
        if rows < _SNIFF_ROWS:
            return 0.0
        # Above the 0.1 any text gets from the tab form, below its 0.9 for a real tab table
        # and below HTML (a page may have pipes in its menus).
        return 0.85 if any(word in text for word in STRONG_WORDS) else 0.3

    def read(self, data: bytes, name: str) -> ImportResult:
        return read_text_blocks(
            data,
            name,
            lex,
            (
                "文中有绩效指标的字样，但竖线分隔的表格中没有绩效指标表",
                "indicator words found, but no indicator table among the |-separated rows",
            ),
        )

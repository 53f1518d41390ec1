"""The text form: a Word self-evaluation saved or extracted as plain text.

In that form each table cell starts with a tab, a blank line ends a table row, a cell's extra
lines (its extra paragraphs) carry no tab, and merged cells show as empty cells. Prose sits
around the tables: ``附件1`` and the title before, the sign-off line and the 自评报告 after.

Reading has two halves. :func:`lex` cuts the text into prose blocks and tables of cells; it is
the only part that knows about tabs. The other half,
:func:`jixiao.importers.layout.evaluations_from_blocks`, understands tables by their words
(column headers, row labels, "label：amount" cells), not by positions, and serves every
importer that can produce rows of cells (docx, html, xlsx, pdf).
"""

from __future__ import annotations

from collections.abc import Callable

from jixiao.errors import ImportError_
from jixiao.importers.base import (
    ImportResult,
    import_error,
)
from jixiao.importers.cells import Block, Cell, Prose, Table, make_cell
from jixiao.importers.decoding import decode, decode_head
from jixiao.importers.layout import evaluations_from_blocks


class _Lexer:
    """One pass over the lines; a table row is the cells between two blank lines."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.prose: list[str] = []
        self.rows: list[list[list[str]]] | None = None
        self.row: list[list[str]] = []
        self.source: list[str] = []

    def feed(self, line: str) -> None:
        if line.startswith("\t"):
            self._cell_line(line)
        elif not line.strip(" \t"):
            self._blank_line(line)
        elif self.rows is not None and self.row:
            self.row[-1].append(line)  # a further paragraph of the last cell
            self.source.append(line)
        else:
            self._close_table(complete=True)
            self.prose.append(line)

    def _cell_line(self, line: str) -> None:
        if self.rows is None:
            self._flush_prose()
            self.rows, self.source = [], []
        self.source.append(line)
        # Every tab opens a cell, so a row printed on one line ("\tA\tB") reads the same.
        self.row.extend([[part] for part in line.split("\t")[1:]])

    def _blank_line(self, line: str) -> None:
        if self.rows is None:
            self.prose.append(line)
            return
        self.source.append(line)
        if self.row:
            self.rows.append(self.row)
            self.row = []

    def _flush_prose(self) -> None:
        if self.prose:
            self.blocks.append(Prose(self.prose))
            self.prose = []

    def _close_table(self, *, complete: bool) -> None:
        if self.rows is None:
            return
        if self.row:
            self.rows.append(self.row)
            self.row = []
        index = sum(isinstance(block, Table) for block in self.blocks)
        rows = [
            [
                Cell("", "", "", index, r, c)  # an empty or merged cell: most of a table
                if len(raw) == 1 and not raw[0].strip()
                else make_cell(raw, index, r, c)
                for c, raw in enumerate(cells)
            ]
            for r, cells in enumerate(self.rows)
        ]
        table = Table(index, rows, self.source, complete)
        self.rows, self.source = None, []
        # A paragraph indented with a tab is not a table: no row of it has two cells.
        if any(len(row) > 1 for row in rows):
            self.blocks.append(table)
        else:
            self._demote(table)

    def _demote(self, table: Table) -> None:
        lines = table.as_prose()
        if self.blocks and isinstance(self.blocks[-1], Prose):
            self.blocks[-1].lines.extend(lines)
        else:
            self.blocks.append(Prose(lines))

    def finish(self) -> list[Block]:
        # A table still open at the end of the text was never followed by its sign-off or
        # report: the file may have been cut.
        self._close_table(complete=False)
        self._flush_prose()
        merged: list[Block] = []
        for block in self.blocks:  # demoted tables leave neighbouring prose blocks
            if isinstance(block, Prose) and merged and isinstance(merged[-1], Prose):
                merged[-1].lines.extend(block.lines)
            else:
                merged.append(block)
        return merged


def lex(text: str) -> list[Block]:
    """Prose blocks and tables of ``text`` (line ends already ``\\n``), in document order."""
    lexer = _Lexer()
    feed = lexer.feed
    for line in text.split("\n"):
        feed(line)
    return lexer.finish()


# --- the importer -------------------------------------------------------------------------------

# Words only a self-evaluation table carries.
STRONG_WORDS = ("绩效自评表", "一级指标", "三级指标", "年度指标值", "实际完成值")


def read_text_blocks(
    data: bytes,
    name: str,
    lexer: Callable[[str], list[Block]],
    unrecognised: tuple[str, str],
) -> ImportResult:
    """Decode, cut into blocks with ``lexer`` and read the tables, for the text forms.

    A text that talks like a self-evaluation but has no table the lexer recognises fails as
    ``import-unrecognised`` with the ``unrecognised`` detail (Chinese, English), so the user
    learns the layout is the problem, not the content.
    """
    text = decode(data)
    if not text.strip():
        raise import_error("import-empty")
    try:
        return evaluations_from_blocks(lexer(text), name)
    except ImportError_ as exc:
        if exc.code == "import-no-indicators" and any(w in text for w in STRONG_WORDS):
            raise import_error("import-unrecognised", *unrecognised) from exc
        raise


class TextFormImporter:
    """The tab-per-cell text of a Word self-evaluation (UTF-8, UTF-16 or GB18030)."""

    name = "text"

    def sniff(self, head: bytes, name: str) -> float:
        text = decode_head(head)
        if text is None or not text.strip():
            return 0.0
        cells = text.count("\n\t") + text.startswith("\t")
        strong = any(word in text for word in STRONG_WORDS)
        if strong and cells >= 3:
            return 0.9
        if cells >= 3:
            return 0.5
        # Any readable text is claimed weakly, so that "no indicators" is said by the one
        # importer that knows what it looked for.
        return 0.1

    def read(self, data: bytes, name: str) -> ImportResult:
        return read_text_blocks(
            data,
            name,
            lex,
            (
                "文中有绩效指标的字样，但表格不是制表符分隔的版式",
                "indicator words found, but no tab-separated table",
            ),
        )

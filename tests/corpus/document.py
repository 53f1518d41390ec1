"""The printed form of a self-evaluation, independent of any file format.

A :class:`PrintedDocument` is what a person sees: paragraphs and tables, in order. A table is a
grid; a :class:`PrintedCell` may span several rows or columns, and the positions it covers hold
``None``. Every format writer renders this one structure, so every format carries the same
layout (merged cells, split tables, empty cells, extra columns) and the same truth.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class PrintedCell:
    """A cell as printed: its text (paragraphs apart with "\\n") and how far it spans."""

    text: str
    rowspan: int = 1
    colspan: int = 1


@dataclass
class PrintedTable:
    """A grid of cells; ``None`` where a spanning cell above or to the left covers the spot."""

    rows: list[list[PrintedCell | None]] = field(default_factory=list)

    @property
    def width(self) -> int:
        return max((len(row) for row in self.rows), default=0)

    def add_row(self, *cells: PrintedCell | str | None) -> None:
        self.rows.append([PrintedCell(c) if isinstance(c, str) else c for c in cells])


Block = str | PrintedTable


@dataclass
class PrintedDocument:
    """Paragraphs (``str``) and tables in document order."""

    blocks: list[Block] = field(default_factory=list)

    def paragraph(self, text: str) -> None:
        self.blocks.append(text)

    def table(self) -> PrintedTable:
        table = PrintedTable()
        self.blocks.append(table)
        return table

    @property
    def tables(self) -> list[PrintedTable]:
        return [block for block in self.blocks if isinstance(block, PrintedTable)]


def check_spans(table: PrintedTable) -> None:
    """Raise when a span and the ``None`` cells it covers disagree (a generator bug)."""
    covered: set[tuple[int, int]] = set()
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row):
            if cell is None:
                if (r, c) not in covered:
                    raise ValueError(f"row {r} column {c} is None but no span covers it")
                continue
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    if dr or dc:
                        covered.add((r + dr, c + dc))
    for r, c in covered:
        if r >= len(table.rows) or c >= len(table.rows[r]) or table.rows[r][c] is not None:
            raise ValueError(f"span reaches row {r} column {c}, which is not None")


def from_text_form(text: str) -> PrintedDocument:
    """The printed document behind a text-form file (merged cells stay as empty cells)."""
    from jixiao.importers.cells import Table
    from jixiao.importers.text_form import lex

    document = PrintedDocument()
    for block in lex(text):
        if isinstance(block, Table):
            table = document.table()
            for row in block.rows:
                table.add_row(*(cell.text for cell in row))
        else:
            for line in block.lines:
                if line.strip():
                    document.paragraph(line)
    return document

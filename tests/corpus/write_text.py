"""Render a :class:`~tests.corpus.document.PrintedDocument` as text, in two forms.

**The tab form** (:func:`tab_text`, :func:`write_text`) — what Word's text export prints and
what ``tests/data/department-seedlike.txt`` holds: a table cell starts with a tab, its further
paragraphs follow on lines without a tab, a blank line ends a table row, and a position a
spanning cell covers prints as an empty cell. Paragraphs are plain lines. What the form cannot
carry is dropped, as Word's export drops it: blank lines inside a cell (a blank line would end
the row), tabs at the start of a paragraph line or of a cell's further line (they would open a
cell), blank paragraphs, and the border between two tables with nothing between them (they
print as one table, exactly as Word's export prints them).

**The pipe form** (:func:`pipe_text`, :func:`write_pipe_text`) — one table row per line,
``| a | b |``; a Markdown separator row (``|---|---|``) after each table's first row, so the
text also renders as a Markdown table; a cell's paragraphs joined with ``<br>`` (chosen over
" / ", which real cell text contains: "万元/年"); a literal ``|`` escaped as ``\\|`` in cells
and paragraphs alike; positions a span covers as empty cells; a blank line between blocks.
"""

from __future__ import annotations

from tests.corpus.document import PrintedCell, PrintedDocument, PrintedTable


def _paragraph_lines(text: str) -> list[str]:
    return [line.lstrip("\t") for line in text.split("\n") if line.strip(" \t")]


# --- the tab form -------------------------------------------------------------------------------


def _tab_cell(cell: PrintedCell | None) -> list[str]:
    lines = [] if cell is None else cell.text.split("\n")
    first, rest = (lines[0], lines[1:]) if lines else ("", [])
    further = [line.lstrip("\t") for line in rest if line.strip(" \t")]
    return [f"\t{first}", *further]


def _tab_table(table: PrintedTable) -> list[str]:
    lines: list[str] = []
    for row in table.rows:
        for cell in row:
            lines.extend(_tab_cell(cell))
        lines.append("")
    return lines


def tab_text(document: PrintedDocument) -> str:
    """The tab-per-cell text form of ``document``."""
    lines: list[str] = []
    for block in document.blocks:
        if isinstance(block, PrintedTable):
            lines.extend(_tab_table(block))
        else:
            lines.extend(_paragraph_lines(block))
    return "\n".join(lines) + "\n"


def write_text(document: PrintedDocument, encoding: str = "utf-8") -> bytes:
    """The tab form as bytes (``gb18030`` for the files Chinese Windows writes)."""
    return tab_text(document).encode(encoding)


# --- the pipe form ------------------------------------------------------------------------------


def _escape(text: str) -> str:
    return text.replace("|", "\\|")


def _pipe_cell(cell: PrintedCell | None) -> str:
    if cell is None:
        return ""
    return "<br>".join(_escape(line.strip()) for line in cell.text.split("\n") if line.strip())


def _pipe_row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _pipe_table(table: PrintedTable) -> list[str]:
    lines: list[str] = []
    for r, row in enumerate(table.rows):
        lines.append(_pipe_row([_pipe_cell(cell) for cell in row]))
        if r == 0:
            lines.append("|" + "---|" * max(len(row), 1))
    return lines


def pipe_text(document: PrintedDocument) -> str:
    """The ``|``-separated text form of ``document``."""
    parts: list[str] = []
    for block in document.blocks:
        if isinstance(block, PrintedTable):
            parts.append("\n".join(_pipe_table(block)))
        else:
            parts.extend(_escape(line) for line in _paragraph_lines(block))
    return "\n\n".join(parts) + "\n"


def write_pipe_text(document: PrintedDocument, encoding: str = "utf-8") -> bytes:
    """The pipe form as bytes."""
    return pipe_text(document).encode(encoding)

"""Render a :class:`~tests.corpus.document.PrintedDocument` as a PDF with a real text layer.

The text is set in reportlab's built-in CID font ``STSong-Light`` (not embedded: every PDF
reader, pdfminer included, knows the Adobe-GB1 collection; NotoSansCJK cannot be embedded, its
outlines are CFF), so the file is small and its text extracts exactly. Tables are drawn as Word
prints them: a grid of ruling lines, merged cells without their inner lines, text top-aligned
and wrapped inside its cell, a cell's paragraphs set a little apart, and a table taller than
the page flowing onto the next one (its first rows repeated when ``repeat_rows`` asks), a row
breaking across the page break when it must. reportlab draws no ruling where a row breaks; the
importer has to close the grid there. A row shorter than the table is padded with empty cells
on the left, where the text form dropped its merged leading cells. Paragraphs are wrapped at
the page margin, their first line indented by two characters, as Chinese documents are set.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.doctemplate import LayoutError
from reportlab.platypus.flowables import Flowable

from tests.corpus.document import PrintedCell, PrintedDocument, PrintedTable, check_spans

FONT = "STSong-Light"
_MARGIN = 50.0
# reportlab's default cell padding, left and right.
_CELL_PADDING = 6.0

pdfmetrics.registerFont(UnicodeCIDFont(FONT))


@dataclass(frozen=True)
class _Options:
    ruled: bool
    repeat_rows: int
    row_padding: float
    font_size: float
    pagesize: tuple[float, float]
    encrypt: str | StandardEncryption | None
    page_numbers: bool
    # Print vertical merges as a top cell and empty cells below (see write_pdf).
    unmerge_rows: bool = False


def write_pdf(
    document: PrintedDocument,
    *,
    ruled: bool = True,
    repeat_rows: int = 0,
    encrypt: str | StandardEncryption | None = None,
    page_numbers: bool = False,
    row_padding: float = 3.0,
    font_size: float = 9.0,
    pagesize: tuple[float, float] = landscape(A4),
) -> bytes:
    """The PDF bytes of ``document``.

    ``ruled=False`` draws tables without any lines (the layout some exporters produce);
    ``repeat_rows`` repeats a table's first rows at the top of each page it continues on;
    ``encrypt`` is a user password (the file cannot be opened without it) or a reportlab
    ``StandardEncryption`` (an empty user password with an owner password only forbids
    copying); ``page_numbers`` prints "- n -" at the foot of each page; ``row_padding`` is the
    space above and below the text of each cell (0 sets rows as close as lines).

    reportlab cannot always break a cell merged down over a page break; when it gives up,
    the document is printed again with its vertical merges as a top cell over empty cells
    (the other way published tables show a merge).
    """
    options = _Options(ruled, repeat_rows, row_padding, font_size, pagesize, encrypt, page_numbers)
    try:
        return _build(document, options)
    except LayoutError:
        return _build(document, replace(options, unmerge_rows=True))


def _build(document: PrintedDocument, options: _Options) -> bytes:
    buffer = BytesIO()
    template = SimpleDocTemplate(
        buffer,
        pagesize=options.pagesize,
        leftMargin=_MARGIN,
        rightMargin=_MARGIN,
        topMargin=_MARGIN,
        bottomMargin=_MARGIN,
        encrypt=options.encrypt,
        title="self-evaluation",
    )
    size = options.font_size
    prose = ParagraphStyle(
        "prose",
        fontName=FONT,
        fontSize=size,
        leading=size * 1.5,
        wordWrap="CJK",
        alignment=TA_LEFT,
        firstLineIndent=2 * size,
        spaceAfter=size * 0.3,
    )
    cell = ParagraphStyle("cell", fontName=FONT, fontSize=size, leading=size * 1.3, wordWrap="CJK")
    text_width = options.pagesize[0] - 2 * _MARGIN
    story: list[Flowable] = []
    for block in document.blocks:
        if isinstance(block, PrintedTable):
            story.append(_table(block, cell, text_width, options))
            story.append(Spacer(1, size))
        elif block.strip():
            story.append(Paragraph(_markup(block.strip()), prose))
    footer = _page_number(size) if options.page_numbers else _nothing
    template.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def _nothing(canvas: Canvas, template: SimpleDocTemplate) -> None:
    return None


def _page_number(font_size: float) -> Callable[[Canvas, SimpleDocTemplate], None]:
    def draw(canvas: Canvas, template: SimpleDocTemplate) -> None:
        canvas.setFont(FONT, font_size)
        canvas.drawCentredString(
            template.pagesize[0] / 2, _MARGIN / 2, f"- {canvas.getPageNumber()} -"
        )

    return draw


def _markup(text: str) -> str:
    """Paragraph markup for plain text: escaped, its line breaks kept."""
    return "<br/>".join(escape(line.strip()) for line in text.split("\n"))


def _grid(table: PrintedTable, *, unmerge_rows: bool) -> list[list[PrintedCell | None]]:
    """The table's rows padded to its width on the left: a row's missing cells are its
    leading, merged ones, which is how the layout reader aligns a short row."""
    check_spans(table)
    width = table.width
    rows = [[*(PrintedCell("") for _ in range(width - len(row))), *row] for row in table.rows]
    return _unmerged_rows(rows) if unmerge_rows else rows


def _unmerged_rows(rows: list[list[PrintedCell | None]]) -> list[list[PrintedCell | None]]:
    """Vertical merges printed as the top cell over empty cells of the same width."""
    flat = [list(row) for row in rows]
    for r, row in enumerate(rows):
        for c, printed in enumerate(row):
            if printed is None or printed.rowspan == 1:
                continue
            flat[r][c] = PrintedCell(printed.text, colspan=printed.colspan)
            for below in range(r + 1, r + printed.rowspan):
                flat[below][c] = PrintedCell("", colspan=printed.colspan)
    return flat


def _column_widths(
    rows: list[list[PrintedCell | None]], font_size: float, text_width: float
) -> list[float]:
    """Each column as wide as its longest printed line plus three characters of slack (so a
    line that was not wrapped stops short of the cell's edge); when the table is too wide,
    the widest columns give way first and their long text wraps."""
    width = len(rows[0]) if rows else 0
    widths = [2 * font_size + 2 * _CELL_PADDING] * width
    for row in rows:
        for c, printed in enumerate(row):
            if printed is None or printed.colspan != 1 or not printed.text:
                continue
            longest = max(
                pdfmetrics.stringWidth(line.strip(), FONT, font_size)
                for line in printed.text.split("\n")
            )
            widths[c] = max(widths[c], longest + 3 * font_size + 2 * _CELL_PADDING)
    cap = max(widths, default=0.0)
    while sum(min(w, cap) for w in widths) > text_width and cap > 1:
        cap -= 1
    widths = [min(w, cap) for w in widths]
    # A table narrower than the page keeps its widths; one still too wide is scaled.
    total = sum(widths)
    return [w * text_width / total for w in widths] if total > text_width else widths


def _cell_text(printed: PrintedCell | None, style: ParagraphStyle) -> list[Flowable] | str:
    """A cell's paragraphs, each its own paragraph with a little space above the next (as a
    Word cell's paragraphs are set apart), so a reader can tell them from wrapped lines."""
    if printed is None or not printed.text:
        return ""
    spaced = ParagraphStyle("cell-next", parent=style, spaceBefore=style.fontSize * 0.3)
    paragraphs = [line.strip() for line in printed.text.split("\n")]
    return [
        Paragraph(escape(text), style if i == 0 else spaced) for i, text in enumerate(paragraphs)
    ]


def _table(
    table: PrintedTable, style: ParagraphStyle, text_width: float, options: _Options
) -> Table:
    rows = _grid(table, unmerge_rows=options.unmerge_rows)
    data = [[_cell_text(printed, style) for printed in row] for row in rows]
    padding = options.row_padding
    commands: list[tuple[object, ...]] = [
        # Top-aligned: reportlab fails to split a middle-aligned cell merged down a page break.
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), padding),
        ("BOTTOMPADDING", (0, 0), (-1, -1), padding),
    ]
    if options.ruled:
        commands.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
    for r, row in enumerate(rows):
        for c, printed in enumerate(row):
            if printed is not None and (printed.rowspan > 1 or printed.colspan > 1):
                end = (c + printed.colspan - 1, r + printed.rowspan - 1)
                commands.append(("SPAN", (c, r), end))
    widths = _column_widths(rows, style.fontSize, text_width)
    # As Word does, a row may break across pages when it must (a cell merged down over more
    # rows than fit on a page cannot be split any other way).
    return Table(
        data,
        colWidths=widths,
        style=TableStyle(commands),
        repeatRows=options.repeat_rows,
        splitInRow=1,
    )

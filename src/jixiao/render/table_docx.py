"""The 自评表 as a Word file, cell for cell the layout of :mod:`jixiao.render.table_layout`.

A4 landscape: the indicator columns keep long targets readable without breaking every few
characters. Fonts are named for Word and WPS alike (``w:eastAsia`` set, not only ``w:ascii``):
宋体 for the table, 黑体 for 附件1 and the title. The indicator block is a table of its own
whose header row Word repeats on every page (``w:tblHeader``); no row splits across a page
(``w:cantSplit``). The two tables sit on either side of a one-point paragraph, so they print
as one form.

python-docx builds the package once (styles, settings, fonts, page set-up); each document is
that package with a new ``word/document.xml``, written as text: a python-docx round trip per
file, and its ``table.cell()`` lookups, would cost more than the table itself.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from functools import cache
from html import escape

from jixiao.model import Evaluation
from jixiao.render.table_layout import (
    NUMERIC_ROLES,
    LayoutCell,
    TableLayout,
    slots,
    table_layout,
)

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DOCUMENT_PART = "word/document.xml"

# A4 landscape and 2 cm margins, in twentieths of a point.
_PAGE_WIDTH, _PAGE_HEIGHT, _MARGIN = 16838, 11906, 1134
TEXT_WIDTH = _PAGE_WIDTH - 2 * _MARGIN
_TABLE_FONT, _TITLE_FONT, _LATIN_FONT = "宋体", "黑体", "Times New Roman"
_TABLE_SIZE = 20  # half-points: 10 pt, between 五号 and 小五, as the seed's narrow columns need
_TITLE_SIZE = 36  # 小二
_ATTACHMENT_SIZE = 32  # 三号
_LINE_SIZE = 24  # 小四: the 填报单位 and sign-off lines
# Characters XML 1.0 cannot carry: dropped, or the file would not open.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_CENTERED = frozenset({"label", "header", "side", *NUMERIC_ROLES})


@cache
def _package() -> dict[str, bytes]:
    """Every part of the scaffold python-docx writes, but the document body."""
    from docx import Document  # a heavy import, needed once
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = _LATIN_FONT
    normal.font.size = Pt(_TABLE_SIZE / 2)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), _TABLE_FONT)
    normal.paragraph_format.space_after = Pt(0)
    document.core_properties.title = "绩效自评表"
    document.core_properties.author = "jixiao"
    document.core_properties.comments = ""
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as package:
        return {name: package.read(name) for name in package.namelist()}


def table_docx(evaluation: Evaluation) -> bytes:
    """The 自评表 of ``evaluation`` as the bytes of a .docx file."""
    layout = table_layout(evaluation)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        for name, data in _package().items():
            package.writestr(name, document_xml(layout) if name == DOCUMENT_PART else data)
    return buffer.getvalue()


def document_xml(layout: TableLayout) -> bytes:
    body = [
        _paragraph(layout.attachment, font=_TITLE_FONT, size=_ATTACHMENT_SIZE),
        _paragraph(layout.title, font=_TITLE_FONT, size=_TITLE_SIZE, align="center"),
        _paragraph(layout.subtitle, size=_LINE_SIZE),
        _table(layout, layout.rows[: layout.header_row], repeat_first=False),
        _SPACER,
        _table(layout, layout.rows[layout.header_row :], repeat_first=True),
        _paragraph(layout.signoff, size=_LINE_SIZE, before=120),
        _SECTION,
    ]
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{_W}" xmlns:r="{_R}"><w:body>{"".join(body)}</w:body></w:document>'
    ).encode()


# --- paragraphs ---------------------------------------------------------------------------------


def _text(text: str) -> str:
    return escape(_NOT_XML.sub("", text), quote=False)


def _run_properties(font: str | None, size: int | None, bold: bool) -> str:
    parts = []
    if font is not None:
        parts.append(f'<w:rFonts w:ascii="{font}" w:eastAsia="{font}" w:hAnsi="{font}"/>')
    if bold:
        parts.append("<w:b/>")
    if size is not None:
        parts.append(f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>')
    return f"<w:rPr>{''.join(parts)}</w:rPr>" if parts else ""


def _paragraph(
    text: str,
    *,
    font: str | None = None,
    size: int | None = None,
    bold: bool = False,
    align: str = "left",
    before: int = 0,
) -> str:
    spacing = f'<w:spacing w:before="{before}" w:after="0"/>' if before else ""
    properties = f'<w:pPr>{spacing}<w:jc w:val="{align}"/></w:pPr>'
    if not text:
        return f"<w:p>{properties}</w:p>"
    run = _run_properties(font, size, bold)
    return f'<w:p>{properties}<w:r>{run}<w:t xml:space="preserve">{_text(text)}</w:t></w:r></w:p>'


# Between the two tables: one point high, so they print as one form (with no paragraph between
# them, Word would join them and the header row would no longer be the first).
_SPACER = (
    '<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'
    '<w:rPr><w:sz w:val="2"/></w:rPr></w:pPr></w:p>'
)
_SECTION = (
    f'<w:sectPr><w:pgSz w:w="{_PAGE_WIDTH}" w:h="{_PAGE_HEIGHT}" w:orient="landscape"/>'
    f'<w:pgMar w:top="{_MARGIN}" w:right="{_MARGIN}" w:bottom="{_MARGIN}" w:left="{_MARGIN}" '
    'w:header="567" w:footer="567" w:gutter="0"/><w:cols w:space="425"/></w:sectPr>'
)
_BORDERS = "".join(
    f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    for side in ("top", "left", "bottom", "right", "insideH", "insideV")
)


# --- tables -------------------------------------------------------------------------------------


def column_widths(layout: TableLayout) -> list[int]:
    """Each grid column's width in twips, the page's text width shared by the layout's weights."""
    total = sum(layout.widths)
    widths = [round(TEXT_WIDTH * weight / total) for weight in layout.widths]
    widths[-1] += TEXT_WIDTH - sum(widths)
    return widths


def _table(layout: TableLayout, rows: list[list[LayoutCell]], *, repeat_first: bool) -> str:
    widths = column_widths(layout)
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
    body = "".join(
        _row(row, widths, header=repeat_first and number == 0)
        for number, row in enumerate(slots(rows))
    )
    return (
        f'<w:tbl><w:tblPr><w:tblW w:w="{TEXT_WIDTH}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblBorders>{_BORDERS}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/>'
        f'</w:tblCellMar><w:tblLook w:val="0000"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
        f"{body}</w:tbl>"
    )


def _row(row: Iterable[tuple[int, LayoutCell, bool]], widths: list[int], *, header: bool) -> str:
    properties = (
        "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
        if header
        else ("<w:trPr><w:cantSplit/></w:trPr>")
    )
    cells = "".join(_cell(cell, widths, starts) for _, cell, starts in row)
    return f"<w:tr>{properties}{cells}</w:tr>"


def _cell(cell: LayoutCell, widths: list[int], starts: bool) -> str:
    width = sum(widths[cell.column : cell.column + cell.colspan])
    span = f'<w:gridSpan w:val="{cell.colspan}"/>' if cell.colspan > 1 else ""
    merge = ""
    if cell.rowspan > 1:
        merge = '<w:vMerge w:val="restart"/>' if starts else "<w:vMerge/>"
    properties = (
        f'<w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span}{merge}'
        '<w:vAlign w:val="center"/></w:tcPr>'
    )
    if not starts:
        return f"<w:tc>{properties}<w:p/></w:tc>"
    align = "center" if cell.role in _CENTERED else "both"
    bold = cell.role in ("header", "label", "side")
    lines = cell.text.split("\n") if cell.text else [""]
    paragraphs = "".join(_paragraph(line, bold=bold, align=align) for line in lines)
    return f"<w:tc>{properties}{paragraphs}</w:tc>"

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
(:mod:`pdf_tables`): good for tables of short cells, weak where multi-line or merged
cells run across the space between rows.

Hostile files are refused with stable codes: a scan without text (``import-scanned-pdf``;
there is no OCR), a password (``import-encrypted``), a damaged file (``import-corrupt``), text
whose fonts map to no Unicode (``import-unrecognised``) and a compressed stream that inflates
beyond a budget (``import-zip-bomb``), which pdfminer would otherwise inflate whole in memory.

The work is split by use: :mod:`pdf_streams` (the inflation budget), :mod:`pdf_lines`
(characters into lines and paragraphs), :mod:`pdf_tables` (pages into tables and prose,
tables joined over pages); this module reads the pages and turns failures into codes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError

from jixiao.errors import ImportError_
from jixiao.importers.base import ImportResult, import_error
from jixiao.importers.layout import evaluations_from_blocks
from jixiao.importers.pdf_lines import (
    Line,
    page_margins,
)
from jixiao.importers.pdf_streams import (
    FILE_LIMIT,
    MIB,
    RATIO_LIMIT,
    STREAM_LIMIT,
    OverBudget,
    stream_budget,
)
from jixiao.importers.pdf_tables import (
    Item,
    document_blocks,
    join_pages,
    page_items,
    table_grids,
)


@dataclass(slots=True)
class _Document:
    """What the pages held: items in reading order, page widths, and which are images."""

    items: list[Item] = field(default_factory=list)
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
    grids = [table_grids(page) if text else [] for page, text in zip(pages, texts, strict=True)]
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
        items = page_items(page, found, number, ruled=ruled, tight=tight)
        document.page_widths[number] = float(page.width)
        document.items.extend(items)
    document.items = join_pages(document.items)
    return document


def _cause(exc: BaseException) -> BaseException:
    """The exception pdfplumber wrapped (it re-raises pdfminer's as PdfminerException(e))."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OverBudget | PDFEncryptionError):
            return current
        inner = next((a for a in current.args if isinstance(a, BaseException)), None)
        current = inner or current.__cause__ or current.__context__
    return exc


def _failure(exc: BaseException) -> ImportError_:
    cause = _cause(exc)
    if isinstance(cause, OverBudget):
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
    lines = [item for item in document.items if isinstance(item, Line)]
    blocks = document_blocks(document.items, page_margins(lines, document.page_widths), complete)
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
        with stream_budget() as budget:
            try:
                with pdfplumber.open(BytesIO(data)) as pdf:
                    document = _read_pages(pdf, tight=tight)
            except Exception as exc:
                raise _failure(exc) from exc
            # pdfminer swallows some errors and carries on without the stream.
            if budget.exceeded:
                raise _bomb()
        return document

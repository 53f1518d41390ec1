"""Word .docx files: the body of ``word/document.xml`` as prose and tables of cells.

The file is a zip (read through :mod:`jixiao.importers.safezip`); its main part is parsed with a
hardened lxml parser, raw, because a full object model (python-docx) costs an order of magnitude
more per file and a batch reads thousands. The body is walked in document order:

- a paragraph is prose; its runs' text joined, ``w:tab`` read as a space, ``w:br`` / ``w:cr``
  as a line break inside the paragraph;
- a table is a :class:`~jixiao.importers.cells.Table`: a merged cell keeps its text in its first
  position and leaves an empty cell in every other grid position it covers (``w:gridSpan``
  across, ``w:vMerge`` continuation down, ``w:gridBefore`` / ``w:gridAfter`` at the row ends);
  a table nested in a cell adds its text to that cell's lines;
- what a reader would see is kept: content controls, hyperlinks, smart tags, fields and tracked
  insertions give their text; tracked deletions, hidden text, drawings and text boxes give none.

Understanding the tables is :func:`jixiao.importers.layout.evaluations_from_blocks`' job.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from lxml import etree

from jixiao.importers.base import ImportResult, import_error
from jixiao.importers.cells import Block, Prose, Table, make_cell
from jixiao.importers.layout import evaluations_from_blocks
from jixiao.importers.safezip import SafeZip, ZipLimits, is_zip

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAIN_PART = "word/document.xml"
_NAMESPACES = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",  # ISO "strict" documents
)
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"
_RELS = "_rels/.rels"
_OFFICE_DOCUMENT = "/officeDocument"
_REL_TAG = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
# A DOCTYPE has no place in a Word part; one there is an entity trick (billion laughs, XXE).
_UNSAFE_MARKUP = (b"<!DOCTYPE", b"<!ENTITY", "<!DOCTYPE".encode("utf-16-le"))
# Characters of the Symbol font that forms use for comparisons (w:sym, private-use code points).
_SYMBOL_FONT = {0xB3: "≥", 0xA3: "≤", 0xB9: "≠", 0xB1: "±", 0xB4: "×", 0xB8: "÷", 0xBB: "≈"}
_FALSE = frozenset({"0", "false", "off"})


def _parser() -> etree.XMLParser:
    # No entities resolved, no DTD loaded, nothing fetched, libxml2's size limits kept.
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)


@dataclass(frozen=True, slots=True)
class _Tags:
    """The qualified names of the WordprocessingML elements read, for one namespace."""

    body: str
    p: str
    r: str
    t: str
    tab: str
    ptab: str
    br: str
    cr: str
    sym: str
    no_break_hyphen: str
    tbl: str
    tr: str
    tc: str
    tr_pr: str
    grid_before: str
    grid_after: str
    grid_span: str
    v_merge: str
    h_merge: str
    deleted: str
    moved_from: str
    drawing: str
    pict: str
    object: str
    vanish: str
    r_pr: str
    val: str
    char: str
    font: str
    history: tuple[str, ...]


# Field name → local name, where they differ.
_LOCAL_NAMES = {
    "no_break_hyphen": "noBreakHyphen",
    "tr_pr": "trPr",
    "grid_before": "gridBefore",
    "grid_after": "gridAfter",
    "grid_span": "gridSpan",
    "v_merge": "vMerge",
    "h_merge": "hMerge",
    "deleted": "del",
    "moved_from": "moveFrom",
    "r_pr": "rPr",
}
# Elements that only record history (the properties before a tracked change) or settings (tab
# stops are w:tab too): their children must not be read as the document's own.
_HISTORY = ("tcPrChange", "trPrChange", "tblPrChange", "pPrChange", "rPrChange", "tabs")


@cache
def _tags(namespace: str) -> _Tags:
    def q(local: str) -> str:
        return f"{{{namespace}}}{local}"

    fields = [name for name in _Tags.__dataclass_fields__ if name != "history"]
    names = {name: q(_LOCAL_NAMES.get(name, name)) for name in fields}
    return _Tags(**names, history=tuple(map(q, _HISTORY)))


# --- the package --------------------------------------------------------------------------------


def main_part(data: bytes, limits: ZipLimits | None = None) -> bytes:
    """The XML of the document's main part (``word/document.xml`` or where the package says)."""
    archive = SafeZip(data) if limits is None else SafeZip(data, limits)
    if MAIN_PART in archive:
        return archive.read(MAIN_PART)
    target = _main_part_name(archive)
    if target is None or target not in archive:
        raise import_error(
            "import-unrecognised",
            "压缩包中没有 Word 正文（word/document.xml）",
            "a zip without a Word main part (word/document.xml)",
        )
    return archive.read(target)


def _main_part_name(archive: SafeZip) -> str | None:
    """The main part named by the package relationships, for writers that do not use the
    usual name."""
    if _RELS not in archive:
        return None
    for rel in parse_xml(archive.read(_RELS)).iter(_REL_TAG):
        if (rel.get("Type") or "").endswith(_OFFICE_DOCUMENT):
            return (rel.get("Target") or "").lstrip("/")
    return None


def parse_xml(xml: bytes) -> etree._Element:
    """Parse one part with the hardened parser; refuse DOCTYPEs and entity declarations."""
    if any(marker in xml for marker in _UNSAFE_MARKUP):
        raise import_error("import-unsafe-xml")
    try:
        root = etree.fromstring(xml, _parser())
    except etree.XMLSyntaxError as exc:
        raise import_error("import-corrupt", "XML 格式错误", str(exc)) from exc
    if root.getroottree().docinfo.internalDTD is not None:
        raise import_error("import-unsafe-xml")  # a DOCTYPE in an encoding the scan missed
    return root


# --- the body -----------------------------------------------------------------------------------


def blocks_from_document(root: etree._Element) -> list[Block]:
    """The prose and tables of a parsed ``word/document.xml``, in document order."""
    namespace = etree.QName(root).namespace or ""
    if namespace not in _NAMESPACES:
        raise import_error(
            "import-unrecognised", "正文不是 Word 文档格式", f"unexpected namespace {namespace}"
        )
    tags = _tags(namespace)
    body = root.find(tags.body)
    if body is None:
        return []
    _prune_unseen(root, tags)
    return _Walker(tags).walk(body)


def _prune_unseen(root: etree._Element, tags: _Tags) -> None:
    """Drop what a reader of the final document does not see, before any text is taken:
    tracked deletions (and deleted rows), moved-away text, hidden runs, drawings, text boxes."""
    doomed: list[etree._Element] = []
    for element in root.iter(tags.deleted, tags.moved_from, tags.vanish):
        parent = element.getparent()
        if parent is None:
            continue
        if element.tag == tags.vanish:
            run = parent.getparent()
            hidden = (element.get(tags.val) or "true").lower() not in _FALSE
            if hidden and run is not None and parent.tag == tags.r_pr and run.tag == tags.r:
                doomed.append(run)
        elif parent.tag == tags.tr_pr:
            row = parent.getparent()
            if row is not None:
                doomed.append(row)
        elif parent.tag != tags.r_pr:  # a deleted paragraph mark only joins two paragraphs
            doomed.append(element)
    doomed.extend(root.iter(tags.drawing, tags.pict, tags.object, _MC, *tags.history))
    for element in doomed:
        parent = element.getparent()
        if parent is not None:
            parent.remove(element)


class _Walker:
    """One pass over the start and end events of the elements that matter, in document order.

    Content controls, custom XML, hyperlinks and tracked insertions need no handling: their
    paragraphs, rows, cells and runs are walked like any other. ``depth`` counts open tables;
    only the outermost table's rows and cells make the grid, and a nested table's paragraphs
    add lines to the outer cell they sit in.
    """

    def __init__(self, tags: _Tags) -> None:
        self.tags = tags
        self.blocks: list[Block] = []
        self.prose: list[str] = []
        self.tables = 0
        self.depth = 0
        self.rows: list[list[list[str]]] = []
        self.row: list[list[str]] | None = None
        self.after = 0  # empty grid columns that end the current row (w:gridAfter)
        self.cell: list[str] | None = None
        self.span = 1
        self.continued = False
        self.parts: list[str] | None = None  # the text of the open paragraph
        self.on_start: dict[str, Callable[[etree._Element], None]] = {
            tags.tbl: self._start_table,
            tags.tr: self._start_row,
            tags.tc: self._start_cell,
            tags.grid_before: self._grid_before,
            tags.grid_after: self._grid_after,
            tags.grid_span: self._grid_span,
            tags.v_merge: self._merge,
            tags.h_merge: self._merge,
            tags.p: self._start_paragraph,
            tags.t: self._text,
            tags.tab: self._space,
            tags.ptab: self._space,
            tags.br: self._line_break,
            tags.cr: self._line_break,
            tags.sym: self._symbol,
            tags.no_break_hyphen: self._hyphen,
        }
        self.on_end: dict[str, Callable[[], None]] = {
            tags.tbl: self._end_table,
            tags.tr: self._end_row,
            tags.tc: self._end_cell,
            tags.p: self._end_paragraph,
        }

    def walk(self, body: etree._Element) -> list[Block]:
        on_start, on_end = self.on_start, self.on_end
        for event, element in etree.iterwalk(body, events=("start", "end"), tag=list(on_start)):
            if event == "start":
                on_start[element.tag](element)
            elif element.tag in on_end:
                on_end[element.tag]()
        self._flush_prose()
        return self.blocks

    # tables

    def _start_table(self, element: etree._Element) -> None:
        self.depth += 1
        if self.depth == 1:
            self.rows = []

    def _end_table(self) -> None:
        if self.depth == 1:
            self._add_table(self.rows)
            self.rows = []
        self.depth -= 1

    def _start_row(self, element: etree._Element) -> None:
        if self.depth == 1:
            self.row, self.after = [], 0

    def _end_row(self) -> None:
        if self.depth == 1 and self.row is not None:
            self.row.extend([] for _ in range(self.after))
            if self.row:
                self.rows.append(self.row)
            self.row = None

    def _start_cell(self, element: etree._Element) -> None:
        if self.depth == 1:
            self.cell, self.span, self.continued = [], 1, False

    def _end_cell(self) -> None:
        if self.depth == 1 and self.row is not None and self.cell is not None:
            # A continued merge shows as an empty cell; its text, if any, is not printed.
            self.row.append([] if self.continued else self.cell)
            self.row.extend([] for _ in range(self.span - 1))
            self.cell = None

    def _grid_before(self, element: etree._Element) -> None:
        if self.depth == 1 and self.row == [] and self.cell is None:
            self.row.extend([] for _ in range(_val(element, self.tags)))

    def _grid_after(self, element: etree._Element) -> None:
        if self.depth == 1:
            self.after = _val(element, self.tags)

    def _grid_span(self, element: etree._Element) -> None:
        if self.depth == 1 and self.cell is not None:
            self.span = max(_val(element, self.tags), 1)

    def _merge(self, element: etree._Element) -> None:
        # A merge mark without a value continues the merge; "restart" begins it.
        if self.depth == 1 and self.cell is not None:
            restart = (element.get(self.tags.val) or "continue") == "restart"
            self.continued = self.continued or not restart

    def _add_table(self, rows: list[list[list[str]]]) -> None:
        if not any(len(row) > 1 for row in rows):
            # A one-column table is a framed paragraph, as the text form reads it.
            self.prose.extend(line for row in rows for cell in row for line in cell)
            return
        self._flush_prose()
        index = self.tables
        self.tables += 1
        cells = [
            [make_cell(lines, index, r, c) for c, lines in enumerate(row)]
            for r, row in enumerate(rows)
        ]
        self.blocks.append(Table(index, cells, _source_lines(rows)))

    # paragraphs and their text

    def _start_paragraph(self, element: etree._Element) -> None:
        self.parts = []

    def _end_paragraph(self) -> None:
        if self.parts is None:
            return
        lines = "".join(self.parts).split("\n")
        self.parts = None
        if self.depth == 0:
            self.prose.extend(lines)
        elif self.cell is not None:
            self.cell.extend(lines)

    def _text(self, element: etree._Element) -> None:
        if self.parts is not None:
            self.parts.append(element.text or "")

    def _space(self, element: etree._Element) -> None:
        if self.parts is not None:
            self.parts.append(" ")

    def _line_break(self, element: etree._Element) -> None:
        if self.parts is not None:
            self.parts.append("\n")

    def _hyphen(self, element: etree._Element) -> None:
        if self.parts is not None:
            self.parts.append("-")

    def _symbol(self, element: etree._Element) -> None:
        if self.parts is not None:
            tags = self.tags
            self.parts.append(_symbol(element.get(tags.char), element.get(tags.font)))

    def _flush_prose(self) -> None:
        if self.prose:
            self.blocks.append(Prose(self.prose))
            self.prose = []


# Word itself caps a table at 63 columns; a larger span is a hostile or broken file.
_MAX_SPAN = 64


def _val(element: etree._Element, tags: _Tags) -> int:
    """An element's ``w:val`` as a count, 0 when unreadable and capped against hostile files."""
    try:
        value = int(element.get(tags.val) or "0")
    except ValueError:
        return 0
    return min(max(value, 0), _MAX_SPAN)


def _symbol(code: str | None, font: str | None) -> str:
    try:
        number = int(code or "", 16)
    except ValueError:
        return ""
    if number < 0xF000:
        return chr(number) if number > 0x1F else ""
    # Symbol-font characters arrive shifted into the private-use area (F0xx); other fonts'
    # pictures (Wingdings) have no text.
    return _SYMBOL_FONT.get(number & 0xFF, "") if font == "Symbol" else ""


def _source_lines(rows: list[list[list[str]]]) -> list[str]:
    """The table as the text form prints it: a tab before each cell, a blank line per row."""
    lines: list[str] = []
    for row in rows:
        for cell in row:
            first, *rest = cell or [""]
            lines.append("\t" + first)
            lines.extend(rest)
        lines.append("")
    return lines


# --- the importer -------------------------------------------------------------------------------


class DocxImporter:
    """Word 2007+ documents (.docx, and .docm/.dotx, which share the layout)."""

    name = "docx"

    def sniff(self, head: bytes, name: str) -> float:
        if not is_zip(head):
            return 0.0
        # Member names appear in the local headers near the start and, for a small file, in
        # the central directory too; read() decides for certain.
        if b"word/document" in head:
            return 0.95
        if b"word/" in head:
            return 0.9
        if b"[Content_Types].xml" in head and b"xl/" not in head and b"ppt/" not in head:
            return 0.5
        return 0.1

    def read(self, data: bytes, name: str) -> ImportResult:
        if data.startswith(OLE2_MAGIC):
            # A password-protected .docx is an OLE2 container, like a legacy .doc.
            from jixiao.importers.doc import read_ole2  # doc.py builds on this module

            return read_ole2(data, name)
        if not data.strip():
            raise import_error("import-empty")
        if not is_zip(data):
            raise import_error("import-corrupt", "不是 Word 文档（.docx）", "not a .docx (zip)")
        blocks = blocks_from_document(parse_xml(main_part(data)))
        return evaluations_from_blocks(blocks, name)

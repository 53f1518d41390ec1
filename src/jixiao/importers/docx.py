"""Word .docx files: the body of ``word/document.xml`` as prose and tables of cells.

The file is a zip (read through :mod:`jixiao.importers.safezip`); its main part is parsed with a
hardened lxml parser, raw, because a full object model (python-docx) costs an order of magnitude
more per file and a batch reads thousands. The body is walked in document order:

- a paragraph is prose; its runs' text joined, ``w:tab`` read as a space, ``w:br`` / ``w:cr``
  as a line break inside the paragraph; a paragraph numbered by Word's automatic numbering
  starts with the label Word shows ("一、", "（二）"), counted by
  :mod:`jixiao.importers.docx_numbering` from ``word/numbering.xml``;
- a table is a :class:`~jixiao.importers.cells.Table`: a merged cell keeps its text in its first
  position and leaves an empty cell in every other grid position it covers (``w:gridSpan``
  across, ``w:vMerge`` continuation down, ``w:gridBefore`` / ``w:gridAfter`` at the row ends);
  a table nested in a cell adds its text to that cell's lines;
- what a reader would see is kept: content controls, hyperlinks, smart tags, fields and tracked
  insertions give their text; tracked deletions, hidden text, drawings and text boxes give none.

Understanding the tables is :func:`jixiao.importers.layout.evaluations_from_blocks`' job.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from lxml import etree

from jixiao.importers.base import ImportResult, import_error
from jixiao.importers.cells import (
    Block,
    Cell,
    Prose,
    Table,
    empty_cell,
    make_cell,
    one_line_cell,
)
from jixiao.importers.docx_numbering import Numbering
from jixiao.importers.layout import evaluations_from_blocks
from jixiao.importers.safezip import SafeZip, ZipLimits, is_zip

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAIN_PART = "word/document.xml"
NUMBERING_PART = "word/numbering.xml"
STYLES_PART = "word/styles.xml"
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
# Where the root element starts: the first "<" that opens neither the XML declaration, a
# processing instruction, a comment nor a DOCTYPE. A DOCTYPE can only come before it.
_ROOT_START = re.compile(rb"<[^?!]")
_UTF16_LE = (b"\xff\xfe", b"<\x00")
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
    return _main_part(SafeZip(data) if limits is None else SafeZip(data, limits))


def numbering_of(archive: SafeZip) -> Numbering | None:
    """The document's list numbering (``word/numbering.xml``, with the paragraph styles that
    number their paragraphs), or None for a document without it."""
    if NUMBERING_PART not in archive:
        return None
    numbering = parse_xml(archive.read(NUMBERING_PART))
    styles = parse_xml(archive.read(STYLES_PART)) if STYLES_PART in archive else None
    return Numbering(numbering, styles)


def may_be_numbered(root: etree._Element) -> bool:
    """Whether any paragraph of a parsed ``word/document.xml`` can carry list numbering: one
    with its own ``w:numPr``, or one with a paragraph style (which may number it). A document
    with neither needs no numbering definitions, and skipping them saves parsing a styles part
    that Word templates make hundreds of KB long. (Numbering on the default paragraph style
    alone is left out: no office program writes it.)

    Asked of the tree, not the bytes: lxml tells at once that no element has a name the
    document never uses, where a search of the bytes reads them all."""
    namespace = etree.QName(root).namespace
    names = (f"{{{namespace}}}numPr", f"{{{namespace}}}pStyle")
    return next(root.iter(*names), None) is not None


def _main_part(archive: SafeZip) -> bytes:
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
    """Parse one part with the hardened parser; refuse DOCTYPEs and entity declarations.

    A DOCTYPE is refused before parsing when it stands where XML allows it, before the root
    element (only that far is searched: the rest of a part is most of the bytes). Anywhere
    else an entity declaration is a syntax error, and one there makes the part unsafe, not
    merely corrupt; a DOCTYPE the search missed (in an encoding it does not read, or after a
    comment) is refused once parsed, unresolved, or when the parser gives up on it.
    """
    if _declares_entities(_prolog(xml)):
        raise import_error("import-unsafe-xml")
    try:
        root = etree.fromstring(xml, _parser())
    except etree.XMLSyntaxError as exc:
        if _declares_entities(xml):
            raise import_error("import-unsafe-xml") from exc
        raise import_error("import-corrupt", "XML 格式错误", str(exc)) from exc
    if root.getroottree().docinfo.internalDTD is not None:
        raise import_error("import-unsafe-xml")
    return root


def _prolog(xml: bytes) -> bytes:
    """What comes before the root element (all of a UTF-16 part, which is rare)."""
    match = None if xml.startswith(_UTF16_LE) else _ROOT_START.search(xml)
    return xml if match is None else xml[: match.start()]


def _declares_entities(xml: bytes) -> bool:
    return any(marker in xml for marker in _UNSAFE_MARKUP)


# --- the body -----------------------------------------------------------------------------------


def blocks_from_document(root: etree._Element, numbering: Numbering | None = None) -> list[Block]:
    """The prose and tables of a parsed ``word/document.xml``, in document order; a numbered
    paragraph starts with the label Word shows for it ("一、", "（二）") when ``numbering``
    is given."""
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
    return _Walker(tags, numbering).walk(body)


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


# A grid position covered by the cell before it (w:gridSpan) or left empty at a row's end
# (w:gridBefore / w:gridAfter): never written to, so one empty tuple serves them all.
_COVERED: tuple[str, ...] = ()


class _Walker:
    """One pass over the body's elements that matter, in document order.

    A single ``iter`` filtered to those elements, with no end events: the next paragraph, cell,
    row or table ends the one before. (lxml's iterators are cheap to step through but dear to
    set up: one per file, not one per cell.) A paragraph's place is read from its parents:
    in a cell of the open table, or after the table. Content controls, custom XML, hyperlinks
    and tracked insertions need no handling: their paragraphs, rows, cells and runs come by
    like any other. Only the outermost table's rows and cells make the grid; a nested table's
    paragraphs add to the outer cell they sit in, and once a table holds one, each row, cell
    and merge mark is checked to be the outer table's own.

    Text is kept flat until a table or a prose block is done: one list of text parts per cell
    (and one for the prose), each paragraph starting with a "\\n" part, so that joining the
    parts and splitting at "\\n" gives the lines, a ``w:br`` breaking its line like a paragraph
    end. (A list per paragraph cost more to build than all the text it held.) A cell takes its
    place in the row when it starts: a ``w:gridSpan`` (read before the cell's paragraphs) puts
    the positions it covers after it, and a merge continued from above leaves it empty.
    """

    def __init__(self, tags: _Tags, numbering: Numbering | None = None) -> None:
        self.tags = tags
        self.numbering = numbering
        # Run elements that stand for text other than w:t (w:sym, by its font, aside).
        self.run_text = {
            tags.tab: " ",
            tags.ptab: " ",
            tags.br: "\n",
            tags.cr: "\n",
            tags.no_break_hyphen: "-",
        }
        grid = (tags.v_merge, tags.h_merge, tags.grid_span, tags.grid_before, tags.grid_after)
        texts = (tags.t, tags.p, tags.sym, *self.run_text)
        self.wanted = (*texts, tags.tc, tags.tr, tags.tbl, *grid)
        self.blocks: list[Block] = []
        self.prose: list[str] = []
        self.tables = 0
        # The open (outermost) table, and whether a table sits in one of its cells.
        self.table: etree._Element | None = None
        self.nested = False
        self.rows: list[list[Sequence[str]]] = []
        self.row: list[Sequence[str]] | None = None
        self.after = 0  # empty grid columns that end the current row (w:gridAfter)
        # The open cell's place in the row, and where its paragraphs go (None once a merge
        # continued from above is seen: its text, if any, is not printed).
        self.current: list[str] | None = None
        self.cell: list[str] | None = None

    def walk(self, body: etree._Element) -> list[Block]:
        tags, numbering = self.tags, self.numbering
        t, p, tc, tr, tbl = tags.t, tags.p, tags.tc, tags.tr, tags.tbl
        run_text, sym = self.run_text, tags.sym
        # Where text goes: the open paragraph's cell or prose, or a list let go.
        parts: list[str] = []
        cell_element: etree._Element | None = None  # the last w:tc seen
        target: list[str] | None  # the open paragraph's cell or prose; None: not printed
        for element in body.iter(*self.wanted):
            tag = element.tag
            if tag == t:  # the most frequent, with w:p and w:tc
                parts.append(element.text or "")
            elif tag == p:
                if self.table is None:
                    target = self.prose
                elif element.getparent() is cell_element or self._in_cell(element):
                    # (Most paragraphs of a table sit right in the last cell seen, whose
                    # element is still held: telling so needs no tag name built.)
                    target = self.cell
                else:
                    self._end_table()
                    target = self.prose
                parts = [] if target is None else target
                parts.append("\n")
                if numbering is not None and (label := numbering.label(element)):
                    parts.append(label)
            elif tag == tc:
                parts = []
                cell_element = element
                if self.row is not None and (not self.nested or self._own(element)):
                    self.current = self.cell = []
                    self.row.append(self.current)
            elif tag in (tr, tbl):
                parts = []
                self._structure(element, tag)
            elif (text := run_text.get(tag)) is not None:
                parts.append(text)
            elif tag == sym:
                parts.append(_symbol(element.get(tags.char), element.get(tags.font)))
            else:
                self._grid(element, tag)
        self._end_table()
        self._flush_prose()
        return self.blocks

    # where an element sits

    def _in_cell(self, element: etree._Element) -> bool:
        """Whether a paragraph or table sits in a table, not in the body (or a content
        control of the body)."""
        tags = self.tags
        parent = element.getparent()
        while parent is not None:
            tag = parent.tag
            if tag == tags.tc or tag == tags.tbl or tag == tags.tr:
                return True
            if tag == tags.body:
                return False
            parent = parent.getparent()
        return False

    def _own(self, element: etree._Element) -> bool:
        """Whether a row, cell or merge mark belongs to the open table, not a nested one."""
        if not self.nested:
            return True
        tbl = self.tags.tbl
        parent = element.getparent()
        while parent is not None and parent.tag != tbl:
            parent = parent.getparent()
        return parent is self.table

    # text

    def _flush_prose(self) -> None:
        if self.prose:
            self.blocks.append(Prose(_lines(self.prose)))
            self.prose = []

    # tables

    def _structure(self, element: etree._Element, tag: str) -> None:
        """A row or a table starts."""
        if tag == self.tags.tr:
            if self.table is not None and (not self.nested or self._own(element)):
                self._end_row()
                self.row, self.after = [], 0
        elif self.table is None:
            self.table, self.nested, self.rows = element, False, []
        elif self._in_cell(element):
            self.nested = True  # its paragraphs add to the open cell
        else:
            self._end_table()  # a table right after another
            self.table = element

    def _end_table(self) -> None:
        if self.table is None:
            return
        self._end_row()
        self._add_table(self.rows)
        self.table, self.nested, self.rows = None, False, []

    def _end_row(self) -> None:
        if self.row is not None:
            if self.after:
                self.row.extend((_COVERED,) * self.after)
            if self.row:
                self.rows.append(self.row)
        self.row = self.current = self.cell = None

    def _grid(self, element: etree._Element, tag: str) -> None:
        """A table's grid or merge mark (the most frequent first)."""
        tags = self.tags
        row = self.row
        if row is None or (self.nested and not self._own(element)):
            return
        if tag == tags.v_merge or tag == tags.h_merge:
            # A merge mark without a value continues the merge; "restart" begins it.
            if (element.get(tags.val) or "continue") != "restart":
                self.cell = None
        elif tag == tags.grid_span:
            if self.current is not None and row[-1] is self.current:
                row.extend((_COVERED,) * (_val(element, tags) - 1))
        elif tag == tags.grid_before:
            if not row:
                row.extend((_COVERED,) * _val(element, tags))
        elif tag == tags.grid_after:
            self.after = _val(element, tags)

    def _add_table(self, rows: list[list[Sequence[str]]]) -> None:
        if not any(len(row) > 1 for row in rows):
            # A one-column table is a framed paragraph, as the text form reads it.
            self.prose.extend(part for row in rows for cell in row for part in cell)
            return
        self._flush_prose()
        index = self.tables
        self.tables += 1
        self.blocks.append(Table(index, [_cells(row, index, r) for r, row in enumerate(rows)]))


def _cells(row: list[Sequence[str]], table: int, number: int) -> list[Cell]:
    """A row's cells from their text parts ("\\n" starting each paragraph)."""
    cells: list[Cell] = []
    for column, parts in enumerate(row):
        size = len(parts)
        if size == 2:  # one paragraph of one run: most filled cells
            cells.append(one_line_cell(parts[1], table, number, column))
        elif size < 2:  # a covered position, a merge continued from above, an empty paragraph
            cells.append(empty_cell(table, number, column))
        else:
            cells.append(make_cell("".join(parts).split("\n"), table, number, column))
    return cells


def _lines(parts: list[str]) -> list[str]:
    """The lines of paragraphs kept as text parts, "\\n" starting each."""
    return "".join(parts).split("\n")[1:]


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
        archive = SafeZip(data)
        root = parse_xml(_main_part(archive))
        numbering = numbering_of(archive) if may_be_numbered(root) else None
        blocks = blocks_from_document(root, numbering)
        return evaluations_from_blocks(blocks, name)

"""HTML pages: the 财政预决算 / 信息公开 columns of government portals, and Word's "Save as HTML".

Reading has three steps, and only the first two know about HTML:

1. :func:`decode_html` — bytes to text. A byte-order mark wins; then strict UTF-8 (portals
   often declare ``gb2312`` over UTF-8 bytes, and valid UTF-8 is almost never GBK by chance);
   then the charset the page declares (``<meta charset>``, ``http-equiv`` or the XML
   declaration; every GB label reads as GB18030, its superset); then GB18030.
2. :func:`html_blocks` — the page to prose and tables in document order. The parser is
   libxml2's HTML parser: it never touches the network and does not expand entities declared
   in a DOCTYPE (an XHTML "billion laughs" page stays small), and comments, processing
   instructions, scripts and styles are dropped. Page chrome (``nav``/``footer``/``aside``,
   blocks whose class or id names a menu, footer or breadcrumb, and link lists) is skipped
   unless it holds a table. A ``<table>`` that wraps other tables with three or more columns
   is page layout: its cells are walked like any other block. The innermost tables are data:
   their ``rowspan``/``colspan`` are expanded into a grid whose covered positions hold empty
   cells, the way a merged Word cell prints in the text form.
3. :func:`jixiao.importers.layout.evaluations_from_blocks` understands the tables by their
   words, as for every other format.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

import lxml.html
from lxml import etree

from jixiao.errors import ImportError_
from jixiao.importers.base import ImportResult, import_error
from jixiao.importers.cells import Block, Cell, Prose, Table, make_cell
from jixiao.importers.decoding import decode, decode_head, looks_binary, normalize_newlines
from jixiao.importers.layout import evaluations_from_blocks

# --- bytes to text ------------------------------------------------------------------------------

# The HTML standard looks for the charset in the first 1024 bytes; Word writes a long <head>,
# so a little more is searched.
_PRESCAN = 4096
_META_CHARSET = re.compile(rb"""<meta\b[^>]{0,512}?charset\s*=\s*["']?\s*([a-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""\s*<\?xml\b[^>]{0,200}?encoding\s*=\s*["']([a-z0-9_.:-]+)""", re.I)
_GB_LABELS = frozenset(
    {
        "gb2312",
        "gb_2312",
        "gb_2312-80",
        "csgb2312",
        "euc-cn",
        "x-euc-cn",
        "gbk",
        "x-gbk",
        "cp936",
        "ms936",
        "windows-936",
        "chinese",
        "iso-ir-58",
        "gb18030",
    }
)
# Editors default to these labels whatever they save; on a Chinese page they are never the
# truth, and decoding GBK bytes as Latin-1 would succeed with nonsense: read as undeclared.
_WESTERN_CODECS = frozenset({"ascii", "iso8859-1", "cp1252"})
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def declared_charset(head: bytes) -> str | None:
    """The Python codec a page declares in its first bytes; None when none or not usable.

    A declaration read from ASCII bytes cannot truthfully name UTF-16 or UTF-32, so those
    are ignored, as the HTML standard does; so are the Western defaults (see above).
    """
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head[:_PRESCAN])
    if match is None:
        return None
    label = match.group(1).decode("ascii").lower()
    if label in _GB_LABELS:
        return "gb18030"
    try:
        codec = codecs.lookup(label).name
    except LookupError:
        return None
    if codec.startswith(("utf-16", "utf-32")) or codec in _WESTERN_CODECS:
        return None
    return codec


def decode_html(data: bytes) -> str:
    """The text of an HTML page with \\n line ends; raise ``import-binary``/``import-encoding``."""
    if data.startswith(_BOMS):
        return decode(data)
    codec = declared_charset(data[:_PRESCAN])
    if codec not in (None, "utf-8", "gb18030"):
        if looks_binary(data):
            raise import_error("import-binary")
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                return normalize_newlines(data.decode(str(codec)))
            except UnicodeDecodeError:
                pass  # mislabelled: the usual guesses below
    return decode(data)


# --- the page to prose and tables ---------------------------------------------------------------

# Elements whose start and end break a line; everything else is inline.
_BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "legend",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
# Never visible text.
_INVISIBLE_TAGS = (
    "head",
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "object",
    "embed",
    "svg",
    "math",
    "select",
    "textarea",
    "button",
)
_CHROME_TAGS = frozenset({"nav", "footer", "aside"})
# Class and id words of page chrome on Chinese portals, pinyin ones included
# (daohang 导航, dibu 底部, banquan 版权).
_CHROME_WORDS = frozenset(
    {
        "nav",
        "navbar",
        "navigation",
        "menu",
        "submenu",
        "footer",
        "foot",
        "bottom",
        "copyright",
        "breadcrumb",
        "breadcrumbs",
        "crumb",
        "crumbs",
        "sidebar",
        "share",
        "toolbar",
        "daohang",
        "dibu",
        "banquan",
    }
)
_WORD_SPLIT = re.compile(r"[^a-z0-9]+")
# A block with at least this many links, whose text is mostly link text, is a menu.
_MENU_LINKS = 3
_MENU_LINK_SHARE = 0.5
# Tables with at least this many columns are data; a wrapper around one is layout.
_DATA_COLUMNS = 3
# Spans are capped by the table itself; this bounds a hostile one further.
_MAX_COLUMNS = 1000
_SPAN_BUDGET_FLOOR = 50_000
_SPAN_BUDGET_PER_CELL = 8
_SPAN_VALUE = re.compile(r"\s*(\d{1,9})")

_DOCTYPE_SUBSET = re.compile(r"<!DOCTYPE[^>\[]*\[.*?\]\s*>", re.I | re.S)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
_SEGMENT_BREAK = re.compile(r"[ \t\f]*\n[ \t\n\f]*")
_SPACES = re.compile(r"[ \t\n\f]+")
_WIDE = frozenset({"W", "F"})


def _tag(element: etree._Element) -> str:
    tag = element.tag
    return tag.lower() if isinstance(tag, str) else ""


def _join_segments(match: re.Match[str]) -> str:
    """A source line break: nothing between two East Asian wide characters, else a space
    (CSS Text's segment break rule; Word wraps its HTML in the middle of Chinese text)."""
    text, start, end = match.string, match.start(), match.end()
    if start > 0 and end < len(text):
        before, after = text[start - 1], text[end]
        if {unicodedata.east_asian_width(before), unicodedata.east_asian_width(after)} <= _WIDE:
            return ""
    return " "


def _visible(raw: str) -> str:
    """Rendered text of one line: whitespace collapsed, no-break spaces kept, ends stripped."""
    text = _SEGMENT_BREAK.sub(_join_segments, raw)
    return _SPACES.sub(" ", text).replace("\xa0", " ").strip()


class _Lines:
    """Text pieces gathered into lines; a block boundary or ``<br>`` ends a line."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._pieces: list[str] = []

    def text(self, piece: str | None, *, pre: bool = False) -> None:
        if not piece:
            return
        if not pre:
            self._pieces.append(piece)
            return
        first, *rest = piece.replace("\r", "").split("\n")
        self._pieces.append(first.replace(" ", "\xa0"))
        for line in rest:
            self.end_line()
            self._pieces.append(line.replace(" ", "\xa0"))

    def end_line(self) -> None:
        if self._pieces:
            line = _visible("".join(self._pieces))
            if line:
                self.lines.append(line)
            self._pieces = []

    def take(self) -> list[str]:
        self.end_line()
        lines, self.lines = self.lines, []
        return lines


def _own_rows(table: etree._Element) -> list[list[etree._Element]]:
    """The table's row groups, each a list of ``<tr>``, as a browser orders them: the head
    first, the foot last, nested tables' rows not included."""
    head: list[list[etree._Element]] = []
    body: list[list[etree._Element]] = []
    foot: list[list[etree._Element]] = []
    loose: list[etree._Element] = []  # <tr> straight under <table> form one body group
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            loose.append(child)
            continue
        if loose:
            body.append(loose)
            loose = []
        if tag in ("thead", "tbody", "tfoot"):
            group = [row for row in child if _tag(row) == "tr"]
            {"thead": head, "tbody": body, "tfoot": foot}[tag].append(group)
    if loose:
        body.append(loose)
    return [group for group in (*head, *body, *foot) if group]


def _cells_of(row: etree._Element) -> list[etree._Element]:
    return [cell for cell in row if _tag(cell) in ("td", "th")]


def _span(cell: etree._Element, attribute: str) -> int:
    """A span attribute as a browser reads it: leading digits, else 1; 0 means "to the end"."""
    match = _SPAN_VALUE.match(cell.get(attribute) or "")
    return int(match.group(1)) if match else 1


def _width(groups: list[list[etree._Element]]) -> int:
    """How many columns the table really has.

    A span wider than the busiest row has cells is suspect; the table is as wide as its widest
    row without a suspect span. So a ``colspan="999999"`` stretches to the real width, while a
    title over a fine-grained Word grid (twelve cells a row, the title spanning twenty grid
    columns) keeps its span. Failing such rows, the widest row with spans capped counts.
    """
    rows = [[max(_span(c, "colspan"), 1) for c in _cells_of(row)] for g in groups for row in g]
    busiest = max((len(spans) for spans in rows), default=0)
    plain = [sum(spans) for spans in rows if spans and max(spans) <= busiest]
    capped = [sum(min(span, busiest) for span in spans) for spans in rows]
    return min(max(plain or capped or [0]), _MAX_COLUMNS)


@dataclass(slots=True)
class _Budget:
    """How many covered positions spans may still create in this document."""

    left: int

    def spend(self, count: int) -> bool:
        if count > self.left:
            return False
        self.left -= count
        return True


_COVERED: list[str] = []


def _grid(
    group: list[etree._Element], width: int, budget: _Budget
) -> Iterator[dict[int, list[str]]]:
    """One row group as rows of {column: lines}; covered positions hold ``_COVERED``."""
    height = len(group)
    taken: list[dict[int, list[str]]] = [{} for _ in range(height)]
    for r, row in enumerate(group):
        column = 0
        for cell in _cells_of(row):
            while column in taken[r]:
                column += 1
            rowspan = _span(cell, "rowspan")
            rowspan = height - r if rowspan == 0 else min(max(rowspan, 1), height - r)
            colspan = min(max(_span(cell, "colspan"), 1), max(width - column, 1))
            if not budget.spend(rowspan * colspan - 1):
                rowspan = colspan = 1
            for dr in range(rowspan):
                covered = taken[r + dr]
                for dc in range(colspan):
                    covered.setdefault(column + dc, _COVERED)
            taken[r][column] = _cell_lines(cell)
            column += colspan
    yield from taken


def _data_table(element: etree._Element, index: int, budget: _Budget) -> Table:
    """A data table as rows of cells, merged cells expanded into empty ones."""
    groups = _own_rows(element)
    width = _width(groups)
    rows: list[list[Cell]] = []
    source: list[str] = []
    for group in groups:
        for placed in _grid(group, width, budget):
            if not placed:
                continue  # a <tr> with no cells and nothing reaching into it
            r = len(rows)
            cells = [
                make_cell(placed.get(c, _COVERED), index, r, c) for c in range(max(placed) + 1)
            ]
            rows.append(cells)
            source.extend(line for cell in cells for line in cell.text.split("\n") if line)
    return Table(index, rows, source)


def _cell_lines(cell: etree._Element) -> list[str]:
    """A cell's paragraphs: ``<br>`` and blocks break lines; a nested table's cells each
    start a line."""
    lines = _Lines()
    _walk(cell, lines, on_table=None)
    return lines.take()


# --- telling data from layout and chrome --------------------------------------------------------


@dataclass(slots=True)
class _Page:
    """What is known about the page's tables, computed once."""

    budget: _Budget
    _layout: dict[etree._Element, bool] = field(default_factory=dict)

    def is_layout(self, table: etree._Element) -> bool:
        known = self._layout.get(table)
        if known is None:
            known = self._layout[table] = _is_layout(table)
        return known

    def holds_data(self, element: etree._Element) -> bool:
        return any(not self.is_layout(table) for table in element.iter("table"))


def _is_layout(table: etree._Element) -> bool:
    """A box of one column, or a wrapper around a table with three or more columns.

    A narrow table inside a wide one (a little grid in a cell) stays part of its cell.
    """
    groups = _own_rows(table)
    if max((len(_cells_of(row)) for group in groups for row in group), default=0) < 2:
        return True
    nested = [t for t in table.iter("table") if t is not table]
    if not nested:
        return False
    if any(_width(_own_rows(t)) >= _DATA_COLUMNS for t in nested):
        return True
    return _width(groups) < _DATA_COLUMNS


def _is_chrome(element: etree._Element, page: _Page) -> bool:
    """Navigation, footers, breadcrumbs and link lists: the page's furniture, not its text."""
    tag = _tag(element)
    if tag in ("html", "body"):
        return False
    words = set(_WORD_SPLIT.split(f"{element.get('class', '')} {element.get('id', '')}".lower()))
    chrome = tag in _CHROME_TAGS or bool(words & _CHROME_WORDS) or _is_menu(element)
    return chrome and not page.holds_data(element)


def _is_menu(element: etree._Element) -> bool:
    links = list(element.iter("a"))
    if len(links) < _MENU_LINKS:
        return False
    total = _visible_length(element)
    linked = sum(_visible_length(link) for link in links)
    return total > 0 and linked >= _MENU_LINK_SHARE * total


def _visible_length(element: etree._Element) -> int:
    """Characters of text under ``element``, whitespace not counted."""
    return sum(len("".join(str(piece).split())) for piece in element.itertext())


# --- the walk -----------------------------------------------------------------------------------


class _Flow:
    """The page in document order: prose lines and data tables."""

    def __init__(self, page: _Page) -> None:
        self.page = page
        self.blocks: list[Block] = []
        self.lines = _Lines()
        self.elements: list[etree._Element] = []  # the <table> of each table block, by index

    def table(self, element: etree._Element) -> None:
        caption = [child for child in element if _tag(child) == "caption"]
        for child in caption:
            _walk(child, self.lines, on_table=None)
        self._flush()
        table = _data_table(element, len(self.elements), self.page.budget)
        if any(len(row) > 1 for row in table.rows):
            self.blocks.append(table)
            self.elements.append(element)
        elif table.source_lines:  # a grid with no two cells side by side is text
            self.blocks.append(Prose(table.source_lines))

    def _flush(self) -> None:
        lines = self.lines.take()
        if lines:
            self.blocks.append(Prose(lines))

    def finish(self) -> list[Block]:
        self._flush()
        merged: list[Block] = []
        for block in self.blocks:
            if isinstance(block, Prose) and merged and isinstance(merged[-1], Prose):
                merged[-1].lines.extend(block.lines)
            else:
                merged.append(block)
        return merged


def _walk(root: etree._Element, lines: _Lines, on_table: _Flow | None) -> None:
    """Feed the text under ``root`` to ``lines`` in document order (iteratively: a hostile
    page may nest deeper than Python recursion goes). With a flow, data tables become table
    blocks and chrome is skipped; without one (inside a cell), everything is text."""
    stack: list[tuple[etree._Element, bool, bool]] = [(root, False, False)]
    while stack:
        element, leaving, pre = stack.pop()
        tag = _tag(element)
        if leaving:
            if tag in _BLOCK_TAGS:
                lines.end_line()
            if element is not root:
                lines.text(element.tail, pre=pre)
            continue
        if element is not root and on_table is not None:
            if tag == "table" and not on_table.page.is_layout(element):
                on_table.table(element)
                lines.text(element.tail, pre=pre)
                continue
            if tag in _BLOCK_TAGS and _is_chrome(element, on_table.page):
                lines.text(element.tail, pre=pre)
                continue
        if tag == "br" or tag in _BLOCK_TAGS:
            lines.end_line()
        inner_pre = pre or tag == "pre"
        lines.text(element.text, pre=inner_pre)
        stack.append((element, True, pre))
        stack.extend((child, False, inner_pre) for child in reversed(element))


def _open_at_end(text: str, root: etree._Element) -> set[etree._Element]:
    """The elements the file ended inside when it has fewer ``</table>`` than ``<table>``
    (a cut download): the page's last element and its ancestors. Else none."""
    lowered = text.lower()
    if lowered.count("</table") >= lowered.count("<table"):
        return set()
    last = root
    while len(last):  # the deepest last child: where the file stopped
        last = last[-1]
    # lxml hands out one proxy per node while it is referenced, so identity is node identity.
    return {last, *last.iterancestors()}


def parse_html(text: str) -> etree._Element:
    """The document element of ``text``, parsed without network, comments or PIs."""
    text = _DOCTYPE_SUBSET.sub("", _XML_DECLARATION.sub("", text, count=1), count=1)
    parser = lxml.html.HTMLParser(
        encoding="utf-8",
        no_network=True,
        remove_comments=True,
        remove_pis=True,
        recover=True,
        collect_ids=False,
    )
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise import_error("import-unrecognised", "HTML 无法解析", str(exc)) from exc
    etree.strip_elements(root, *_INVISIBLE_TAGS, with_tail=False)
    return root


def html_blocks(text: str) -> list[Block]:
    """Prose and data tables of an HTML page, in document order."""
    root = parse_html(text)
    elements = sum(1 for _ in root.iter("td", "th"))
    page = _Page(_Budget(max(_SPAN_BUDGET_FLOOR, _SPAN_BUDGET_PER_CELL * elements)))
    flow = _Flow(page)
    body = root.find("body")
    _walk(root if body is None else body, flow.lines, on_table=flow)
    blocks = flow.finish()
    open_at_end = _open_at_end(text, root)
    for block in blocks:
        if isinstance(block, Table) and flow.elements[block.index] in open_at_end:
            block.complete = False
    return blocks


# --- the importer -------------------------------------------------------------------------------

_MARKERS = ("<html", "<!doctype html", "<table")
_MIME_HEAD = "mime-version:"


class HtmlImporter:
    """Web pages holding the self-evaluation table: portals and Word's "Save as HTML"."""

    name = "html"

    def sniff(self, head: bytes, name: str) -> float:
        text = decode_head(head)
        if text is None:
            return 0.0
        lowered = text.lower()
        if lowered.lstrip().startswith(_MIME_HEAD):
            return 0.0  # Word's single-file web page (.mht): MIME parts, not a page
        # Above the text form's 0.9: pretty-printed HTML indents with tabs.
        return 0.95 if any(marker in lowered for marker in _MARKERS) else 0.0

    def read(self, data: bytes, name: str) -> ImportResult:
        text = decode_html(data)
        if not text.strip():
            raise import_error("import-empty")
        blocks = html_blocks(text)
        try:
            return evaluations_from_blocks(blocks, name)
        except ImportError_ as exc:
            if exc.code == "import-no-indicators" and not any(
                isinstance(block, Table) for block in blocks
            ):
                raise import_error(
                    "import-no-indicators", "网页中没有表格", "the page holds no table"
                ) from exc
            raise

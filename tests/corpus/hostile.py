"""Hostile files: the bad input a batch over published documents meets, built on demand.

Each :class:`Hostile` names a file for the defect it carries and writes it into a folder: an
empty file, random bytes, a .docx cut in half, password-protected files (an OLE2
``EncryptedPackage`` container and an encrypted PDF), zip bombs (a .docx member inflating to
1 GiB, also with a central directory that lies about its size), XML entity tricks (billion
laughs, an external entity naming ``file:///etc/passwd``) inside .docx and .xlsx parts, an
.xlsx with a cell at XFD1048576, a PDF whose page stream inflates to 1 GiB, and a Windows
program renamed .docx.

The two 1 GiB inflations are written as a stream: one megabyte of input is deflated once, with
a full flush so that the compressed block does not depend on what came before it, and the
block is written 1024 times. Each file stays under two megabytes on disk and takes about a
second to build (most of it computing the checksums).

    for hostile in HOSTILE:
        path = hostile.write(folder)
"""

from __future__ import annotations

import io
import random
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

MIB = 1 << 20
GIB = 1 << 30

# --- the parts of an Office Open XML package ----------------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_DOCX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_DOCX_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
# A small but complete self-evaluation table: header, two indicator lines, the total.
TABLE_ROWS = [
    [
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    ],
    ["产出指标", "数量指标", "危房改造户数", "19户", "22户", "50", "50", ""],
    ["效益指标", "社会效益指标", "群众满意度", "≥90%", "95%", "50", "50", ""],
    ["总分", "", "", "", "", "100", "100", ""],
]


def _cell_xml(text: str) -> str:
    return f"<w:tc><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


def _table_xml(rows: list[list[str]]) -> str:
    body = "".join("<w:tr>" + "".join(map(_cell_xml, row)) + "</w:tr>" for row in rows)
    return f"<w:tbl>{body}</w:tbl>"


def document_xml(body: str, doctype: str = "") -> bytes:
    """word/document.xml around ``body`` (already XML), with an optional DOCTYPE."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'{doctype}<w:document xmlns:w="{_W}"><w:body>'
        "<w:p><w:r><w:t>部门整体支出绩效自评表</w:t></w:r></w:p>"
        f"{body}</w:body></w:document>"
    ).encode()


def small_docx(document: bytes | None = None) -> bytes:
    """A minimal .docx: content types, package relationships and ``word/document.xml``."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _DOCX_TYPES)
        archive.writestr("_rels/.rels", _DOCX_RELS)
        archive.writestr("word/document.xml", document or document_xml(_table_xml(TABLE_ROWS)))
    return out.getvalue()


def small_xlsx(far_cell: bool = False) -> bytes:
    """A one-sheet workbook holding the small table (openpyxl writes it sparse)."""
    from openpyxl import Workbook  # a main dependency; imported late to keep this module light

    workbook = Workbook()
    sheet = workbook.active
    sheet["A1"] = "项目支出绩效自评表"
    for r, row in enumerate(TABLE_ROWS, start=3):
        for c, text in enumerate(row, start=1):
            if text:
                sheet.cell(r, c, text)
    if far_cell:
        sheet["XFD1048576"] = "表尾"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def replace_member(package: bytes, name: str, change: Callable[[bytes], bytes]) -> bytes:
    """``package`` with its member ``name`` rewritten by ``change``."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(package)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info.filename)
            target.writestr(info.filename, change(data) if info.filename == name else data)
    return out.getvalue()


# --- XML entity tricks --------------------------------------------------------------------------


def billion_laughs(root: str) -> str:
    """A DOCTYPE whose entity ``&lol9;`` expands to 10⁹ "lol"s (3 GB) if a parser lets it."""
    entities = ['<!ENTITY lol0 "lol">']
    for level in range(1, 10):
        entities.append(f'<!ENTITY lol{level} "' + f"&lol{level - 1};" * 10 + '">')
    return f"<!DOCTYPE {root} [" + "".join(entities) + "]>"


def external_entity(root: str) -> str:
    """A DOCTYPE whose entity ``&xxe;`` is the content of /etc/passwd if a parser fetches it."""
    return f'<!DOCTYPE {root} [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def _docx_with_entity(doctype: str, entity: str) -> bytes:
    rows = [row[:] for row in TABLE_ROWS]
    rows[1][7] = f"&{entity};"
    return small_docx(document_xml(_table_xml(rows), doctype))


def _xlsx_with_entity(doctype: str, entity: str) -> bytes:
    """The entity is declared in the sheet's XML and used in its first cell (A1)."""

    def change(xml: bytes) -> bytes:
        declaration = b""
        if xml.startswith(b"<?xml"):
            end = xml.index(b"?>") + 2
            declaration, xml = xml[:end], xml[end:]
        text = re.sub(
            rb'(<c r="A1"[^>]*>\s*<is>\s*<t[^>]*>)[^<]*(</t>)',
            rb"\g<1>&" + entity.encode() + rb";\g<2>",
            xml,
            count=1,
        )
        return declaration + doctype.encode() + text

    return replace_member(small_xlsx(), "xl/worksheets/sheet1.xml", change)


# --- 1 GiB of inflation, written as a stream ----------------------------------------------------


@dataclass(frozen=True)
class Inflation:
    """``prefix``, then ``size`` bytes of ``fill`` repeated, then ``suffix``, deflated."""

    prefix: bytes = b""
    fill: bytes = b" "
    suffix: bytes = b""
    size: int = GIB

    def write(self, out: BinaryIO) -> _Written:
        """Write the raw deflate stream to ``out``; its length and checksums."""
        chunk = self.fill * (MIB // len(self.fill))
        compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
        # After a full flush the compressor has forgotten its history and sits on a byte
        # boundary, so every identical megabyte deflates to the same block: deflate it once,
        # write it many times.
        head = compressor.compress(self.prefix) + compressor.flush(zlib.Z_FULL_FLUSH)
        block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
        tail = compressor.compress(self.suffix) + compressor.flush(zlib.Z_FINISH)
        repeats = -(-self.size // len(chunk))  # at least ``size`` bytes
        crc, adler = zlib.crc32(self.prefix), zlib.adler32(self.prefix)
        out.write(head)
        for _ in range(repeats):
            out.write(block)
            crc, adler = zlib.crc32(chunk, crc), zlib.adler32(chunk, adler)
        out.write(tail)
        crc, adler = zlib.crc32(self.suffix, crc), zlib.adler32(self.suffix, adler)
        compressed = len(head) + len(block) * repeats + len(tail)
        inflated = len(self.prefix) + len(chunk) * repeats + len(self.suffix)
        return _Written(compressed, inflated, crc, adler)


@dataclass(frozen=True)
class _Written:
    compressed: int
    inflated: int
    crc32: int
    adler32: int


@dataclass(frozen=True)
class _Entry:
    name: bytes
    offset: int
    crc: int
    compressed: int
    size: int
    method: int  # 0 stored, 8 deflated

    def local_header(self) -> bytes:
        return (
            struct.pack(
                "<IHHHHHIIIHH",
                0x04034B50,
                20,
                0,
                self.method,
                0,
                0x21,
                self.crc,
                self.compressed,
                self.size,
                len(self.name),
                0,
            )
            + self.name
        )

    def central_header(self) -> bytes:
        fixed = struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            20,
            20,
            0,
            self.method,
            0,
            0x21,
            self.crc,
            self.compressed,
            self.size,
            len(self.name),
            0,
            0,
            0,
            0,
            0,
            self.offset,
        )
        return fixed + self.name


def _stored(out: BinaryIO, name: str, data: bytes) -> _Entry:
    entry = _Entry(name.encode(), out.tell(), zlib.crc32(data), len(data), len(data), 0)
    out.write(entry.local_header() + data)
    return entry


def _deflated(out: BinaryIO, name: str, inflation: Inflation, declared: int | None) -> _Entry:
    """A deflated member; its header is written last, when the sizes are known."""
    offset = out.tell()
    placeholder = _Entry(name.encode(), offset, 0, 0, 0, 8)
    out.write(placeholder.local_header())
    written = inflation.write(out)
    size = written.inflated if declared is None else declared
    entry = _Entry(name.encode(), offset, written.crc32, written.compressed, size, 8)
    end = out.tell()
    out.seek(offset)
    out.write(entry.local_header())
    out.seek(end)
    return entry


def _central_directory(out: BinaryIO, entries: list[_Entry]) -> None:
    start = out.tell()
    for entry in entries:
        out.write(entry.central_header())
    size = out.tell() - start
    count = len(entries)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, size, start, 0))


def _zip_bomb(path: Path, *, declared_size: int | None = None) -> None:
    """A .docx whose ``word/document.xml`` inflates to 1 GiB of empty paragraphs;
    ``declared_size`` makes its headers lie about that size, as a bomb aimed at a reader that
    trusts them does."""
    document = document_xml("")
    body_end = b"</w:body></w:document>"
    inflation = Inflation(prefix=document[: -len(body_end)], fill=b"<w:p/>" * 4, suffix=body_end)
    with path.open("wb") as out:
        entries = [
            _stored(out, "[Content_Types].xml", _DOCX_TYPES.encode()),
            _stored(out, "_rels/.rels", _DOCX_RELS.encode()),
            _deflated(out, "word/document.xml", inflation, declared_size),
        ]
        _central_directory(out, entries)


def _pdf_bomb(path: Path) -> None:
    """A one-page PDF whose content stream (FlateDecode) inflates to 1 GiB of spaces; its
    length is an indirect object written after the stream, as streaming writers do."""
    offsets: list[int] = []
    with path.open("wb") as out:
        out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")

        def start_object() -> None:
            offsets.append(out.tell())
            out.write(f"{len(offsets)} 0 obj\n".encode())

        for body in (
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        ):
            start_object()
            out.write(body + b"\nendobj\n")
        start_object()
        out.write(b"<< /Length 5 0 R /Filter /FlateDecode >>\nstream\n\x78\xda")
        written = Inflation().write(out)
        out.write(struct.pack(">I", written.adler32) + b"\nendstream\nendobj\n")
        start_object()
        out.write(f"{2 + written.compressed + 4}\nendobj\n".encode())
        xref = out.tell()
        out.write(f"xref\n0 {len(offsets) + 1}\n0000000000 65535 f \n".encode())
        for offset in offsets:
            out.write(f"{offset:010d} 00000 n \n".encode())
        trailer = f"trailer\n<< /Size {len(offsets) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n"
        out.write(trailer.encode() + b"%%EOF\n")


# --- password-protected files -------------------------------------------------------------------

_SECTOR = 512
_FREE, _END, _FAT, _NONE = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def ole2_bytes(streams: dict[str, bytes]) -> bytes:
    """A version-3 compound file (the container of .doc, .xls and encrypted .docx) holding up
    to three streams of at least 4 KiB each, so none belongs in the mini stream."""
    if len(streams) > 3 or any(len(data) < 4096 for data in streams.values()):
        raise ValueError("up to three streams of 4 KiB or more")
    fat = [_FAT, _END]  # sector 0: this table; sector 1: the directory
    starts: list[int] = []
    data = b""
    for content in streams.values():
        padded = content.ljust(-(-len(content) // _SECTOR) * _SECTOR, b"\0")
        first, count = len(fat), len(padded) // _SECTOR
        starts.append(first)
        fat += [first + i + 1 for i in range(count - 1)] + [_END]
        data += padded
    fat += [_FREE] * (_SECTOR // 4 - len(fat))
    names = list(streams)
    directory = _dir_entry("Root Entry", 5, child=1 if names else _NONE, start=_END, size=0)
    for i, name in enumerate(names, start=1):
        right = i + 1 if i < len(names) else _NONE
        directory += _dir_entry(name, 2, right=right, start=starts[i - 1], size=len(streams[name]))
    directory = directory.ljust(_SECTOR, b"\0")
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
    header += struct.pack(
        "<HHHHH6sIIIIIIIII", 0x3E, 3, 0xFFFE, 9, 6, b"", 0, 1, 1, 0, 4096, _END, 0, _END, 0
    )
    header += struct.pack("<I", 0) + struct.pack("<I", _FREE) * 108
    return header + struct.pack(f"<{_SECTOR // 4}I", *fat[: _SECTOR // 4]) + directory + data


def _dir_entry(
    name: str, kind: int, *, child: int = _NONE, right: int = _NONE, start: int, size: int
) -> bytes:
    encoded = (name + "\0").encode("utf-16-le")
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBB", len(encoded), kind, 1)
        + struct.pack("<III", _NONE, right, child)
        + b"\0" * 36
        + struct.pack("<IQ", start, size)
    )


def encrypted_package() -> bytes:
    """What Word saves with an open password: an OLE2 file, no zip, the package encrypted."""
    rng = random.Random(7)
    info = struct.pack("<HHI", 4, 4, 0x40) + b'<?xml version="1.0"?><encryption/>'
    package = struct.pack("<Q", 12000) + rng.randbytes(12000)
    return ole2_bytes({"EncryptionInfo": info.ljust(4096, b"\0"), "EncryptedPackage": package})


def encrypted_pdf() -> bytes:
    """A PDF that opens only with its user password (reportlab's standard encryption)."""
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, encrypt=StandardEncryption("open-sesame", ownerPassword="owner"))
    canvas.drawString(72, 720, "self-evaluation")
    canvas.showPage()
    canvas.save()
    return out.getvalue()


# --- the catalogue ------------------------------------------------------------------------------


def _exe() -> bytes:
    """A Windows program's first bytes: the MZ header, the DOS stub's words, then junk."""
    rng = random.Random(3)
    stub = b"This program cannot be run in DOS mode.\r\r\n$"
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + rng.randbytes(54) + stub + rng.randbytes(4000)


@dataclass(frozen=True)
class Hostile:
    """One hostile file: its name, what it carries, how to write it and what must come out.

    ``codes`` are the import error codes that answer it well; an empty set means the file may
    also be read (it holds a real table beside the trick), with findings or without.
    """

    name: str
    defect: str
    build: Callable[[Path], None]
    codes: frozenset[str] = frozenset()

    def write(self, folder: Path) -> Path:
        path = folder / self.name
        if not path.exists():
            self.build(path)
        return path


def _bytes(make: Callable[[], bytes]) -> Callable[[Path], None]:
    def build(path: Path) -> None:
        path.write_bytes(make())

    return build


def _truncated() -> bytes:
    whole = small_docx()
    return whole[: len(whole) // 2]


HOSTILE: list[Hostile] = [
    Hostile("empty.docx", "0 bytes", _bytes(lambda: b""), frozenset({"import-empty"})),
    Hostile(
        "random-bytes.docx",
        "64 KiB of random bytes",
        _bytes(lambda: random.Random(1).randbytes(64 * 1024)),
        frozenset({"import-binary", "import-unrecognised", "import-corrupt"}),
    ),
    Hostile(
        "truncated.docx",
        "a .docx cut in half",
        _bytes(_truncated),
        frozenset({"import-corrupt"}),
    ),
    Hostile(
        "encrypted-package.docx",
        "an OLE2 container with EncryptedPackage (a .docx with an open password)",
        _bytes(encrypted_package),
        frozenset({"import-encrypted"}),
    ),
    Hostile(
        "encrypted.pdf",
        "a PDF with a user password",
        _bytes(encrypted_pdf),
        frozenset({"import-encrypted"}),
    ),
    Hostile(
        "zip-bomb.docx",
        "word/document.xml inflates to 1 GiB",
        _zip_bomb,
        frozenset({"import-zip-bomb"}),
    ),
    Hostile(
        "zip-bomb-lying-size.docx",
        "word/document.xml inflates to 1 GiB while its headers claim 4 KiB",
        lambda path: _zip_bomb(path, declared_size=4096),
        frozenset({"import-zip-bomb", "import-corrupt"}),
    ),
    Hostile(
        "billion-laughs.docx",
        "an entity expanding to 10⁹ words in word/document.xml",
        _bytes(lambda: _docx_with_entity(billion_laughs("w:document"), "lol9")),
        frozenset({"import-unsafe-xml"}),
    ),
    Hostile(
        "external-entity.docx",
        "an entity naming file:///etc/passwd in word/document.xml",
        _bytes(lambda: _docx_with_entity(external_entity("w:document"), "xxe")),
        frozenset({"import-unsafe-xml"}),
    ),
    Hostile(
        "billion-laughs.xlsx",
        "an entity expanding to 10⁹ words in xl/worksheets/sheet1.xml",
        _bytes(lambda: _xlsx_with_entity(billion_laughs("worksheet"), "lol9")),
        frozenset({"import-unsafe-xml"}),
    ),
    Hostile(
        "external-entity.xlsx",
        "an entity naming file:///etc/passwd in xl/worksheets/sheet1.xml",
        _bytes(lambda: _xlsx_with_entity(external_entity("worksheet"), "xxe")),
        frozenset({"import-unsafe-xml"}),
    ),
    Hostile(
        "cell-at-xfd1048576.xlsx",
        "a real table plus one cell at the last row and column of the sheet",
        _bytes(lambda: small_xlsx(far_cell=True)),
    ),
    Hostile(
        "pdf-bomb.pdf",
        "a page content stream that inflates to 1 GiB",
        _pdf_bomb,
        frozenset({"import-zip-bomb", "import-memory", "import-corrupt", "import-no-indicators"}),
    ),
    Hostile(
        "program-renamed.docx",
        "a Windows program (MZ header) renamed .docx",
        _bytes(_exe),
        frozenset({"import-binary", "import-unrecognised"}),
    ),
]


def write_all(folder: Path) -> list[Path]:
    """Every hostile file written into ``folder`` (kept if already there)."""
    folder.mkdir(parents=True, exist_ok=True)
    return [hostile.write(folder) for hostile in HOSTILE]

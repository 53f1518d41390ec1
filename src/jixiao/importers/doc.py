"""Legacy Word .doc files, read by converting them to .docx with LibreOffice.

A .doc is an OLE2 compound file (a small file system: sectors, an allocation table and a
directory of named streams) holding a ``WordDocument`` stream. Password-protected Word 2007+
files use the same container, holding an ``EncryptedPackage`` stream instead. This module reads
just enough of the container to tell those apart and to see the "encrypted" flag of a .doc,
so that neither reaches LibreOffice, which would wait for a password; a readable .doc is
converted (:class:`jixiao.office.Converter`) and read by the .docx importer.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from jixiao.errors import JixiaoError
from jixiao.importers.base import ImportResult, import_error
from jixiao.importers.docx import OLE2_MAGIC, DocxImporter
from jixiao.office import Converter, default_converter

WORD_STREAM = "WordDocument"
ENCRYPTED_STREAM = "EncryptedPackage"
_WORD_NAME = WORD_STREAM.encode("utf-16-le")
_ENCRYPTED_NAME = ENCRYPTED_STREAM.encode("utf-16-le")

# Sector numbers at or above this mark free sectors and chain ends, never data.
_MAX_SECTOR = 0xFFFFFFFA
_HEADER_FAT_ENTRIES = 109
_ENTRY_SIZE = 128
_MINI_SECTOR = 64
_STREAM = 2
_FIB_IDENT = 0xA5EC
_FIB_ENCRYPTED = 0x0100  # fEncrypted in the FIB's flags word (also set for XOR obfuscation)


@dataclass(frozen=True, slots=True)
class OleEntry:
    """One directory entry: a stream (kind 2), a storage (1) or the root (5)."""

    name: str
    kind: int
    start: int
    size: int


class OleFile:
    """The directory of an OLE2 compound file, and the first bytes of its streams.

    Every chain is followed with a step limit, so a hostile file with looping or out-of-range
    sector numbers raises ``ValueError`` instead of hanging.
    """

    def __init__(self, data: bytes) -> None:
        if not data.startswith(OLE2_MAGIC) or len(data) < 512:
            raise ValueError("not an OLE2 file")
        self.data = data
        shift, mini_shift = struct.unpack_from("<HH", data, 0x1E)
        if shift not in (9, 12) or mini_shift != 6:
            raise ValueError(f"sector shift {shift}")
        self.sector_size = 1 << shift
        self.sectors = max(0, (len(data) - self.sector_size) // self.sector_size)
        self.mini_cutoff = struct.unpack_from("<I", data, 0x38)[0]
        self.fat = self._read_fat()
        (first_directory,) = struct.unpack_from("<I", data, 0x30)
        self.entries = self._read_directory(first_directory)

    def names(self) -> set[str]:
        return {entry.name for entry in self.entries if entry.kind == _STREAM}

    def entry(self, name: str) -> OleEntry | None:
        return next((e for e in self.entries if e.kind == _STREAM and e.name == name), None)

    def stream_head(self, entry: OleEntry, size: int) -> bytes:
        """The first ``size`` bytes (at most one mini sector) of a stream."""
        if entry.size >= self.mini_cutoff:
            return self._sector(entry.start)[:size]
        # Small streams live in 64-byte mini sectors inside the root entry's stream.
        root = self.entries[0]
        offset = entry.start * _MINI_SECTOR
        chain = self._chain(root.start, offset // self.sector_size + 1)
        if len(chain) <= offset // self.sector_size:
            raise ValueError("mini stream too short")
        sector = self._sector(chain[offset // self.sector_size])
        at = offset % self.sector_size
        return sector[at : at + size]

    def _sector(self, number: int) -> bytes:
        if number >= self.sectors:
            raise ValueError(f"sector {number} past the end")
        start = (number + 1) * self.sector_size
        return self.data[start : start + self.sector_size]

    def _read_fat(self) -> list[int]:
        """The allocation table: one entry per sector, from the sectors the header lists."""
        per_sector = self.sector_size // 4
        # However many the header claims, the file's size says how many can be needed.
        (claimed,) = struct.unpack_from("<I", self.data, 0x2C)
        needed = min(claimed, -(-self.sectors // per_sector))
        locations = list(struct.unpack_from(f"<{_HEADER_FAT_ENTRIES}I", self.data, 0x4C))
        sector, _ = struct.unpack_from("<II", self.data, 0x44)  # further lists, chained
        while sector < _MAX_SECTOR and len(locations) < needed:
            values = struct.unpack(f"<{per_sector}I", self._sector(sector))
            locations.extend(values[:-1])
            sector = values[-1]
        fat: list[int] = []
        for location in locations[:needed]:
            if location < _MAX_SECTOR:
                fat.extend(struct.unpack(f"<{per_sector}I", self._sector(location)))
        return fat

    def _chain(self, start: int, limit: int) -> list[int]:
        """The sectors of a chain from ``start``, at most ``limit`` of them."""
        chain: list[int] = []
        sector = start
        while sector < _MAX_SECTOR and len(chain) < min(limit, self.sectors):
            if sector >= len(self.fat):
                raise ValueError(f"sector {sector} outside the allocation table")
            chain.append(sector)
            sector = self.fat[sector]
        return chain

    def _read_directory(self, first: int) -> list[OleEntry]:
        entries: list[OleEntry] = []
        for sector in self._chain(first, self.sectors):
            block = self._sector(sector)
            for at in range(0, len(block) - _ENTRY_SIZE + 1, _ENTRY_SIZE):
                entries.append(_entry(block[at : at + _ENTRY_SIZE], self.sector_size))
        if not entries:
            raise ValueError("no directory")
        return entries


def _entry(raw: bytes, sector_size: int) -> OleEntry:
    (length,) = struct.unpack_from("<H", raw, 0x40)
    name = raw[: max(0, min(length, 64) - 2)].decode("utf-16-le", "replace")
    start, size = struct.unpack_from("<IQ", raw, 0x74)
    if sector_size == 512:
        size &= 0xFFFFFFFF  # version 3 files leave the high half undefined
    return OleEntry(name, raw[0x42], start, size)


# --- reading ------------------------------------------------------------------------------------


def read_ole2(data: bytes, name: str, converter: Converter | None = None) -> ImportResult:
    """Read an OLE2 file: an encrypted Office document is refused, a .doc converted and read."""
    try:
        ole = OleFile(data)
        names = ole.names()
        encrypted_doc = WORD_STREAM in names and _is_encrypted_doc(ole)
    except (ValueError, struct.error) as exc:
        raise import_error("import-corrupt", "OLE2 复合文件结构损坏", str(exc)) from exc
    if ENCRYPTED_STREAM in names:
        raise import_error("import-encrypted", "加密的 Office 文档", "an encrypted Office file")
    if encrypted_doc:
        raise import_error("import-encrypted", "加密的 Word 文档", "an encrypted .doc")
    if WORD_STREAM not in names:
        raise import_error(
            "import-unrecognised",
            "这是旧版 Office 文件，但不是 Word 文档",
            "an OLE2 (legacy Office) file without a WordDocument stream",
        )
    docx = _to_docx(data, converter or default_converter())
    return DocxImporter().read(docx, name)


def _is_encrypted_doc(ole: OleFile) -> bool:
    entry = ole.entry(WORD_STREAM)
    if entry is None:
        return False
    head = ole.stream_head(entry, 12)
    if len(head) < 12:
        raise ValueError("WordDocument stream too short")
    ident, flags = struct.unpack_from("<H8xH", head)
    if ident != _FIB_IDENT:
        raise ValueError(f"WordDocument stream starts with {ident:#x}")
    return bool(flags & _FIB_ENCRYPTED)


def _to_docx(data: bytes, converter: Converter) -> bytes:
    try:
        return converter.convert(data, ".doc", "docx")
    except JixiaoError as exc:
        if exc.code != "office-failed":
            raise  # office-missing and office-timeout say what to do themselves
        raise import_error("import-corrupt", "LibreOffice 无法转换该 .doc", exc.detail) from exc


class DocImporter:
    """Word 97–2003 documents, through LibreOffice; also refuses encrypted Office files."""

    name = "doc"

    def __init__(self, converter: Converter | None = None) -> None:
        self.converter = converter

    def sniff(self, head: bytes, name: str) -> float:
        if not head.startswith(OLE2_MAGIC):
            return 0.0
        if _WORD_NAME in head:
            return 0.9
        if _ENCRYPTED_NAME in head:
            return 0.6  # an encrypted .docx or .xlsx: all the same to say "password"
        # The directory may lie beyond the head; read() looks for certain.
        return 0.3

    def read(self, data: bytes, name: str) -> ImportResult:
        return read_ole2(data, name, self.converter)

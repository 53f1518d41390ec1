"""Opening untrusted zip files (docx, xlsx) without letting them exhaust memory or time.

A zip names its members and their sizes in a central directory at its end. Those sizes are
claims: a hostile file can declare small members that inflate to gigabytes, or thousands of
members. :class:`SafeZip` refuses a file whose claims are already too big, and while inflating
it counts the bytes that really come out and stops as soon as a limit is passed, so a lie costs
at most one limit's worth of work.

    archive = SafeZip(data)                 # import-corrupt / import-zip-bomb / import-encrypted
    if "word/document.xml" in archive:
        xml = archive.read("word/document.xml")
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass

from jixiao.errors import ImportError_
from jixiao.importers.base import import_error

ZIP_MAGIC = b"PK\x03\x04"
_EMPTY_ZIP_MAGIC = b"PK\x05\x06"  # an archive with no members starts with its end record
_END_RECORD = b"PK\x05\x06"
_END_RECORD_SIZE = 22
_MAX_COMMENT = 65535
_LOCAL_HEADER_SIZE = 30
_CHUNK = 1 << 16


@dataclass(frozen=True, slots=True)
class ZipLimits:
    """How much an archive may claim and inflate to before it counts as a zip bomb.

    The ratio applies only to members larger than ``ratio_floor`` bytes: a small member that
    compresses well (a page of repeated XML) costs nothing.
    """

    max_members: int = 10_000
    max_total: int = 1 << 30  # declared, all members together
    max_read: int = 64 << 20  # really inflated, all reads together
    max_ratio: float = 200.0
    ratio_floor: int = 1 << 20


DEFAULT_LIMITS = ZipLimits()


def is_zip(head: bytes) -> bool:
    """Whether ``head`` starts like a zip archive."""
    return head.startswith((ZIP_MAGIC, _EMPTY_ZIP_MAGIC))


class SafeZip:
    """A zip archive held in memory, read within :class:`ZipLimits`.

    Raises ``ImportError_`` with code ``import-corrupt`` (not a zip, truncated, bad CRC),
    ``import-zip-bomb`` (too many members, too large, too compressed) or ``import-encrypted``
    (a member needs a password).
    """

    def __init__(self, data: bytes, limits: ZipLimits = DEFAULT_LIMITS) -> None:
        self.limits = limits
        self._data = data
        self._read_so_far = 0
        _check_member_count(data, limits)
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as exc:
            raise import_error(
                "import-corrupt", "zip 文件不完整（可能被截断）", f"incomplete zip: {exc}"
            ) from exc
        self._infos = {info.filename: info for info in self._zip.infolist()}
        self._check_claims()

    def __contains__(self, name: object) -> bool:
        return name in self._infos

    def names(self) -> list[str]:
        """The member names, in the order of the central directory."""
        return list(self._infos)

    def size(self, name: str) -> int:
        """The declared uncompressed size of member ``name``."""
        return self._infos[name].file_size

    def read(self, name: str) -> bytes:
        """The inflated bytes of member ``name`` (``KeyError`` when there is none)."""
        info = self._infos[name]
        if info.flag_bits & 0x1:
            raise import_error("import-encrypted", f"压缩包成员 {name} 设有密码", name)
        budget = self.limits.max_read - self._read_so_far
        if info.file_size > budget:
            raise _bomb(f"{name} declares {info.file_size} bytes")
        if info.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            out = self._inflate(info)
        else:  # bzip2, lzma: rare in office files; zipfile stops at the declared size
            out = self._read_other(info)
        self._read_so_far += len(out)
        return out

    def _raw(self, info: zipfile.ZipInfo) -> memoryview:
        """The member's compressed bytes, found through its local header."""
        at = info.header_offset
        header = self._data[at : at + _LOCAL_HEADER_SIZE]
        if len(header) < _LOCAL_HEADER_SIZE or not header.startswith(ZIP_MAGIC):
            raise _corrupt(info.filename, "no local header")
        name_length, extra_length = struct.unpack_from("<HH", header, 26)
        start = at + _LOCAL_HEADER_SIZE + name_length + extra_length
        end = start + info.compress_size
        if end > len(self._data):
            raise _corrupt(info.filename, "truncated")
        return memoryview(self._data)[start:end]

    def _inflate(self, info: zipfile.ZipInfo) -> bytes:
        """Inflate chunk by chunk, never past the declared size: a member that would give
        more than it declares is lying about its size, the mark of a zip bomb."""
        raw = self._raw(info)
        if info.compress_type == zipfile.ZIP_STORED:
            out = bytearray(raw)
        else:
            out = bytearray()
            inflater = zlib.decompressobj(-zlib.MAX_WBITS)
            try:
                for start in range(0, len(raw), _CHUNK):
                    data: bytes | memoryview = raw[start : start + _CHUNK]
                    while data and not inflater.eof:
                        out += inflater.decompress(data, _CHUNK)
                        self._check_inflation(info, len(out))
                        data = inflater.unconsumed_tail
                    if inflater.eof:
                        break
                out += inflater.flush()
            except zlib.error as exc:
                raise _corrupt(info.filename, str(exc)) from exc
        self._check_inflation(info, len(out))
        if len(out) != info.file_size or zlib.crc32(out) != info.CRC:
            raise _corrupt(info.filename, "size or CRC does not match")
        return bytes(out)

    def _read_other(self, info: zipfile.ZipInfo) -> bytes:
        out = bytearray()
        try:
            with self._zip.open(info) as member:
                while chunk := member.read(_CHUNK):
                    out += chunk
                    self._check_inflation(info, len(out))
        except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError) as exc:
            raise _corrupt(info.filename, str(exc)) from exc
        return bytes(out)

    def _check_claims(self) -> None:
        limits = self.limits
        if len(self._infos) > limits.max_members:
            raise _bomb(f"{len(self._infos)} members")
        total = sum(info.file_size for info in self._infos.values())
        if total > limits.max_total:
            raise _bomb(f"{total} bytes declared")
        for info in self._infos.values():
            if _too_compressed(info.file_size, info.compress_size, limits):
                raise _bomb(f"{info.filename} inflates {info.compress_size} → {info.file_size}")

    def _check_inflation(self, info: zipfile.ZipInfo, inflated: int) -> None:
        # The declared sizes were checked on opening; these are the bytes that really came out.
        if inflated > info.file_size:
            raise _bomb(f"{info.filename} inflates past its declared {info.file_size} bytes")
        if inflated > self.limits.max_read - self._read_so_far:
            raise _bomb(f"{info.filename} inflated past {inflated} bytes")
        if _too_compressed(inflated, info.compress_size, self.limits):
            raise _bomb(f"{info.filename} inflates {info.compress_size} → {inflated}")


def _too_compressed(inflated: int, compressed: int, limits: ZipLimits) -> bool:
    if inflated <= limits.ratio_floor:
        return False
    return inflated > limits.max_ratio * max(compressed, 1)


def _check_member_count(data: bytes, limits: ZipLimits) -> None:
    """Refuse an archive claiming too many members before zipfile lists them all (slow)."""
    start = max(0, len(data) - _END_RECORD_SIZE - _MAX_COMMENT)
    at = data.rfind(_END_RECORD, start)
    if at < 0 or at + _END_RECORD_SIZE > len(data):
        return  # zipfile says what is wrong
    (members,) = struct.unpack_from("<H", data, at + 10)
    if members != 0xFFFF and members > limits.max_members:
        raise _bomb(f"{members} members")


def _bomb(detail: str) -> ImportError_:
    return import_error("import-zip-bomb", "", detail)


def _corrupt(name: str, detail: str) -> ImportError_:
    return import_error("import-corrupt", f"压缩包成员 {name} 已损坏", f"{name}: {detail}")

"""The type of an uploaded file, read from its bytes (the browser's claim is not trusted).

The result is informative: downloads are always served as attachments with ``nosniff``, and
nothing here ever answers ``text/html``, so an uploaded page cannot run in the app's origin.
"""

from __future__ import annotations

import zipfile
from typing import IO

OCTET_STREAM = "application/octet-stream"
HEAD = 4096

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage"),  # .doc .xls .wps
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"{\\rtf", "application/rtf"),
    (b"Rar!\x1a\x07", "application/vnd.rar"),
    (b"7z\xbc\xaf\x27\x1c", "application/x-7z-compressed"),
)

# A member that names the kind of a zip-based document.
_ZIP_MEMBERS: tuple[tuple[str, str], ...] = (
    (
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    (
        "ppt/presentation.xml",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    ("OFD.xml", "application/ofd"),  # 版式文件, the national standard GB/T 33190
)


def sniff(stream: IO[bytes]) -> str:
    """The MIME type of a seekable file, left at its start."""
    head = stream.read(HEAD)
    stream.seek(0)
    try:
        if head.startswith(b"PK\x03\x04"):
            return _zip_type(stream)
        return _magic_type(head) or _text_type(head)
    finally:
        stream.seek(0)


def _magic_type(head: bytes) -> str | None:
    for magic, content_type in _MAGIC:
        if head.startswith(magic):
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def _zip_type(stream: IO[bytes]) -> str:
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:  # OpenDocument names its own type in its first member
                declared = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
                if declared.startswith("application/vnd.oasis.opendocument."):
                    return declared
    except (zipfile.BadZipFile, OSError, ValueError):
        return OCTET_STREAM
    for member, content_type in _ZIP_MEMBERS:
        if member in names:
            return content_type
    return "application/zip"


def _text_type(head: bytes) -> str:
    if not head or b"\x00" in head:
        return OCTET_STREAM
    # The head may cut a character in two: judge all but its last few bytes.
    sample = head[:-4] if len(head) == HEAD else head
    for encoding in ("utf-8", "gb18030"):
        try:
            sample.decode(encoding)
        except UnicodeDecodeError:
            continue
        return "text/plain"
    return OCTET_STREAM

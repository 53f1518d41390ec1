"""File names for downloads and the ``Content-Disposition`` header that carries them.

A Chinese name travels as RFC 5987 ``filename*=UTF-8''…`` (percent-encoded UTF-8), with a
plain ASCII ``filename="…"`` beside it for the few clients that read only that one.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from jixiao_web.evaluations.models import Document

# Letters and digits of any script (so 单位 and 自评表 stay), and a little punctuation.
_UNSAFE = re.compile(r"[^\w\-.()（）]+")
_ASCII_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
MAX_NAME = 200


def safe_component(text: str) -> str:
    """One part of a file name: runs of anything but letters, digits and ``-.()`` become
    ``_`` (no path separators, quotes, spaces or control characters)."""
    return _UNSAFE.sub("_", text).strip("._") or "_"


def download_name(document: Document, label: str, number: int, extension: str) -> str:
    """``{unit}-{year}[-{project}]-{label}-v{n}.{ext}``, e.g. 单位A-2023-自评表-v3.docx."""
    parts = [document.unit.name, str(document.year), document.project, label, f"v{number}"]
    stem = "-".join(safe_component(part) for part in parts if part)
    return f"{stem}.{extension}"


def clean_original_name(name: str) -> str:
    """The uploader's file name without folders or control characters, at most 200 long
    (the extension kept)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip(" .")
    base = base.replace('"', "'")
    if len(base) > MAX_NAME:
        extension = base.rpartition(".")[2] if "." in base else ""
        keep = f".{extension}" if 0 < len(extension) <= 10 else ""
        base = base[: MAX_NAME - len(keep)] + keep
    return base or "附件"


def ascii_fallback(name: str) -> str:
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    plain = _ASCII_UNSAFE.sub("_", stem).strip("._")
    if not any(ch.isalnum() for ch in plain):
        plain = "download"
    clean_extension = _ASCII_UNSAFE.sub("", extension)
    return f"{plain}.{clean_extension}" if clean_extension else plain


def content_disposition(name: str) -> str:
    """``attachment`` with the ASCII fallback and the exact UTF-8 name."""
    return (
        f"attachment; filename=\"{ascii_fallback(name)}\"; filename*=UTF-8''{quote(name, safe='')}"
    )

"""Importers: files in, evaluations out, chosen by content.

Each format is one module with an :class:`Importer`; :func:`register` adds it to the registry
and :func:`import_bytes` / :func:`import_path` let the importer most confident about the
content read it. To add a format: write ``importers/<format>.py`` with a class that has
``name``, ``sniff`` and ``read``, and register an instance below.
"""

from __future__ import annotations

from os import PathLike
from pathlib import Path

from jixiao.errors import ImportError_
from jixiao.importers.base import (
    HEAD_SIZE,
    IMPORT_ERROR_CODES,
    Importer,
    ImportResult,
    choose,
    import_error,
    register,
    registered,
)
from jixiao.importers.decoding import decode
from jixiao.importers.doc import DocImporter
from jixiao.importers.docx import DocxImporter
from jixiao.importers.html import HtmlImporter
from jixiao.importers.json_form import JsonImporter
from jixiao.importers.pdf import PdfImporter
from jixiao.importers.pipe_text import PipeTextImporter
from jixiao.importers.report_sections import parse_report
from jixiao.importers.text_form import TextFormImporter
from jixiao.importers.xlsx import XlsxImporter

register(JsonImporter())
register(TextFormImporter())
register(HtmlImporter())
register(PipeTextImporter())
register(DocxImporter())
register(DocImporter())
register(XlsxImporter())
register(PdfImporter())


def _diagnose(data: bytes) -> ImportError_:
    """Why nobody claimed the bytes, in the most specific terms available."""
    try:
        text = decode(data)
    except ImportError_ as exc:
        return exc
    if not text.strip():
        return import_error("import-empty")
    return import_error("import-unrecognised")


def select_importer(data: bytes, name: str = "") -> Importer:
    """The importer that recognises the content; raise the most specific failure if none."""
    if not data.strip():
        raise import_error("import-empty")
    importer = choose(data[:HEAD_SIZE], name)
    if importer is None:
        raise _diagnose(data)
    return importer


def import_bytes(data: bytes, name: str = "") -> ImportResult:
    """Read one file's bytes with the importer that recognises its content."""
    return select_importer(data, name).read(data, name)


def import_path(path: str | PathLike[str]) -> ImportResult:
    """Read a file; provenance names it by its base name (no local folders in the output)."""
    file = Path(path)
    return import_bytes(file.read_bytes(), file.name)


__all__ = [
    "IMPORT_ERROR_CODES",
    "DocImporter",
    "DocxImporter",
    "HtmlImporter",
    "ImportResult",
    "Importer",
    "JsonImporter",
    "PdfImporter",
    "PipeTextImporter",
    "TextFormImporter",
    "XlsxImporter",
    "import_bytes",
    "import_path",
    "parse_report",
    "register",
    "registered",
    "select_importer",
]

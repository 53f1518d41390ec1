"""A version's files, made on demand by the core's renderers and kept in storage.

A version never changes, so the file of (version, part, format) made once is that file for
good: it is kept in the default storage under
``rendered/<document>/v<n>/<jixiao version>-<profile>/<part>.<format>`` and every later
download reads it back (a PDF costs one LibreOffice run, not one per download). The rule
profile is part of the name because the Excel 自评表 and the 自评报告 print figures scored by
it; the jixiao version, so that a release with better renderers makes its files anew.

PDFs are the Word files converted by one process-wide ``jixiao.office.ConverterPool``, made
on the first PDF asked for; without LibreOffice the download is refused with
:class:`OfficeUnavailable` (HTTP 503) and the Word file still works.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404
from django.utils.translation import gettext as _

import jixiao
from jixiao import CheckReport, Evaluation
from jixiao.errors import JixiaoError
from jixiao.office import ConverterPool
from jixiao.render.base import RenderContext
from jixiao.render.findings_report import findings_docx, findings_html, findings_xlsx
from jixiao.render.registry import RENDERERS
from jixiao_web.evaluations.models import Document, Version
from jixiao_web.files import access
from jixiao_web.files.errors import OfficeUnavailable
from jixiao_web.files.naming import download_name
from jixiao_web.services import audit
from jixiao_web.services.checking import profile
from jixiao_web.services.documents import load_evaluation, version_of
from jixiao_web.services.policy import Actor


@dataclass(frozen=True)
class Part:
    slug: str
    label: str
    formats: tuple[str, ...]


PARTS: dict[str, Part] = {
    part.slug: part
    for part in (
        Part("table", "自评表", ("docx", "xlsx", "pdf")),
        Part("report", "自评报告", ("docx", "pdf")),
        Part("findings", "问题清单", ("docx", "xlsx", "html", "pdf")),
    )
}
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
}


@dataclass(frozen=True)
class Download:
    name: str
    content_type: str
    data: bytes


def download(
    actor: Actor, document_id: int, part: str, format: str, number: int | None = None
) -> Download:
    """One file of one version (the current one when ``number`` is None), if the actor may
    have it; Http404 for a part or format that does not exist."""
    kind = PARTS.get(part)
    if kind is None or format not in kind.formats:
        raise Http404(_("没有这种文件"))
    document = access.document_for(actor, document_id)
    number = document.version if number is None else number
    if not access.may_download(actor, document, part, number):
        raise access.refuse(actor)
    version = version_of(document, number)
    data = rendered(version, part, format)
    if actor.is_authenticated:  # who took a copy; the public's copies of public files are not
        audit.record(actor, "download", document, part=part, format=format, version=number)
    return Download(
        download_name(document, kind.label, number, format), CONTENT_TYPES[format], data
    )


RENDERED = "rendered"


def made_by() -> str:
    """What renders a file (the core's version, the rule profile): a new one renders anew."""
    return f"{jixiao.__version__}-{settings.JIXIAO_PROFILE}"


def cache_name(version: Version, part: str, format: str) -> str:
    where = f"{RENDERED}/{version.document_id}/v{version.number}/{made_by()}"
    return f"{where}/{part}.{format}"


def stale_renders() -> Iterator[str]:
    """Stored files no download will ask for again: made by another release or profile, or
    of a document that is gone (``rendered/<document>/v<n>/<made by>/<part>.<format>``)."""
    current = made_by()
    if not default_storage.exists(RENDERED):
        return
    documents, _ = default_storage.listdir(RENDERED)
    existing = {str(pk) for pk in Document.objects.values_list("pk", flat=True)}
    for document in documents:
        for version in default_storage.listdir(f"{RENDERED}/{document}")[0]:
            folder = f"{RENDERED}/{document}/{version}"
            for maker in default_storage.listdir(folder)[0]:
                if maker != current or document not in existing:
                    files = default_storage.listdir(f"{folder}/{maker}")[1]
                    yield from (f"{folder}/{maker}/{name}" for name in files)


def prune_renders(*, dry_run: bool = False) -> list[str]:
    """Delete the stale rendered files (all of them are made again if ever asked for)."""
    stale = list(stale_renders())
    if not dry_run:
        for name in stale:
            default_storage.delete(name)
    return stale


def rendered(version: Version, part: str, format: str) -> bytes:
    """The file from storage, made and stored first if this is the first time it is asked."""
    name = cache_name(version, part, format)
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as stored:
            return bytes(stored.read())
    data = render(version, part, format)
    _keep(name, data)
    return data


def _keep(name: str, data: bytes) -> None:
    saved = default_storage.save(name, ContentFile(data))
    if saved != name:  # another request stored it meanwhile: the same file, keep one copy
        default_storage.delete(saved)


def render(version: Version, part: str, format: str) -> bytes:
    """Make the file with the core (a PDF from the stored Word file)."""
    if format == "pdf":
        return to_pdf(rendered(version, part, "docx"))
    evaluation = load_evaluation(version)
    if part == "findings":
        return _findings(check_report_of(version, evaluation), format)
    renderer = next(r for r in RENDERERS.values() if r.part == part and r.format == format)
    return renderer.make(evaluation, RenderContext(profile()))


def check_report_of(version: Version, evaluation: Evaluation) -> CheckReport:
    """The report checked when the version was saved, with its evaluation put back."""
    stored = json.loads(version.check_json)
    return CheckReport.model_validate({**stored, "evaluation": evaluation})


def _findings(report: CheckReport, format: str) -> bytes:
    if format == "docx":
        return findings_docx(report)
    if format == "xlsx":
        return findings_xlsx(report)
    return findings_html(report).encode("utf-8")


class PdfConverter(Protocol):
    """What a PDF needs of ``ConverterPool`` (tests pass a fake one)."""

    def convert_many(
        self, items: Sequence[tuple[bytes, str]], to: str
    ) -> list[bytes | JixiaoError]: ...


_pool: PdfConverter | None = None
_pool_lock = threading.Lock()


def converter_pool() -> PdfConverter:
    """One LibreOffice for this process, started on the first PDF: a download converts one
    file, and the converter queues concurrent ones on its own lock."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ConverterPool(workers=1)
        return _pool


def to_pdf(docx: bytes) -> bytes:
    try:
        (result,) = converter_pool().convert_many([(docx, ".docx")], "pdf")
    except JixiaoError as error:  # office-missing is raised before anything runs
        raise OfficeUnavailable(error) from error
    if isinstance(result, JixiaoError):
        raise OfficeUnavailable(result)
    return result

"""What the files box of a document page shows to one reader: download links of the version
on the page, and the attachments with what the reader may do with them."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jixiao_web.evaluations.models import Document
from jixiao_web.files import access
from jixiao_web.files.attachments import max_bytes
from jixiao_web.files.errors import megabytes
from jixiao_web.files.models import Attachment
from jixiao_web.files.services import PARTS
from jixiao_web.services.policy import Actor

StrOrPromise = str | Promise
FORMAT_LABELS: dict[str, StrOrPromise] = {
    "docx": "Word",
    "xlsx": "Excel",
    "pdf": "PDF",
    "html": _("网页"),
}
# As shown on the page (the file names keep the official Chinese names in every language).
TITLES: dict[str, StrOrPromise] = {
    "table": _("自评表"),
    "report": _("自评报告"),
    "findings": _("问题清单"),
}


@dataclass(frozen=True)
class Link:
    label: StrOrPromise
    url: str


@dataclass(frozen=True)
class Group:
    label: StrOrPromise
    links: list[Link]


@dataclass(frozen=True)
class AttachmentRow:
    attachment: Attachment
    url: str
    delete_url: str | None


@dataclass(frozen=True)
class FilesPanel:
    number: int
    groups: list[Group]
    attachments: list[AttachmentRow] | None  # None: not the reader's to see
    upload_url: str | None
    max_size: str


def files_panel(actor: Actor, document: Document, number: int | None, upload: bool) -> FilesPanel:
    """The box for ``document`` at version ``number`` (its current one when None); the upload
    form only where ``upload`` asks for it (the document page, not an old version's)."""
    shown = document.version if number is None else number
    groups = [
        Group(TITLES[slug], [_link(document, shown, number, slug, f) for f in part.formats])
        for slug, part in PARTS.items()
        if access.may_download(actor, document, slug, shown)
    ]
    rows = _attachment_rows(actor, document) if access.is_insider(actor, document) else None
    can_upload = upload and access.category_for(actor, document) is not None
    upload_url = reverse("attachment-upload", args=[document.pk]) if can_upload else None
    return FilesPanel(shown, groups, rows, upload_url, megabytes(max_bytes()))


def _link(document: Document, shown: int, number: int | None, part: str, format: str) -> Link:
    if number is None:
        url = reverse("download", args=[document.pk, part, format])
    else:
        url = reverse("version-download", args=[document.pk, shown, part, format])
    return Link(FORMAT_LABELS[format], url)


def _attachment_rows(actor: Actor, document: Document) -> list[AttachmentRow]:
    found = Attachment.objects.filter(document=document).select_related("uploaded_by")
    rows = []
    for attachment in found:
        attachment.document = document
        url = reverse("attachment", args=[document.pk, attachment.pk])
        delete = reverse("attachment-delete", args=[document.pk, attachment.pk])
        rows.append(
            AttachmentRow(attachment, url, delete if access.may_delete(actor, attachment) else None)
        )
    return rows

"""Supporting documents: upload, list, open and remove, each through the access rules.

The bytes are stored under a random name (``attachments/<document>/<hex>``), never the
uploader's, and described by an :class:`Attachment` row written in the same transaction as
its audit entry; if that transaction fails, the stored bytes are removed again.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from functools import partial
from typing import IO

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from jixiao_web.evaluations.models import Document
from jixiao_web.files import access
from jixiao_web.files.errors import TooLarge
from jixiao_web.files.models import Attachment
from jixiao_web.files.naming import clean_original_name
from jixiao_web.files.sniffing import sniff
from jixiao_web.services import audit
from jixiao_web.services.errors import InvalidInput, Locked, NotAllowed
from jixiao_web.services.policy import Actor

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def max_bytes() -> int:
    """The upload limit (``JIXIAO_ATTACHMENT_MAX_BYTES``, from the environment; 20 MiB)."""
    return int(getattr(settings, "JIXIAO_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def check_size(size: int) -> None:
    if size > max_bytes():
        raise TooLarge(size, max_bytes())


def attachments_of(actor: Actor, document_id: int) -> QuerySet[Attachment]:
    document = access.insider_document(actor, document_id)
    return Attachment.objects.filter(document=document).select_related("uploaded_by")


def attach(actor: Actor, document_id: int, upload: UploadedFile) -> Attachment:
    """Store an upload as an attachment of the document, audited as ``attach``."""
    document = access.insider_document(actor, document_id)
    category = access.attaching_category(actor, document)
    size, stream = _checked(upload)
    digest, content_type = _sha256(upload), sniff(stream)
    stored = default_storage.save(f"attachments/{document.pk}/{uuid.uuid4().hex}", upload)
    try:
        with transaction.atomic():
            _still_in_state(document)
            attachment = Attachment.objects.create(
                document=document,
                category=category,
                uploaded_by=actor.user,
                original_name=clean_original_name(upload.name or ""),
                content_type=content_type,
                size=size,
                sha256=digest,
                storage_name=stored,
            )
            audit.record(actor, "attach", document, **_described(attachment))
    except BaseException:
        default_storage.delete(stored)
        raise
    return attachment


def _checked(upload: UploadedFile) -> tuple[int, IO[bytes]]:
    size = int(upload.size or 0)
    check_size(size)
    if size == 0:
        raise InvalidInput(_("上传的文件是空的"))
    if upload.file is None:
        raise InvalidInput(_("上传的文件无法读取"))
    return size, upload.file


def _still_in_state(document: Document) -> None:
    """Lock the document and make sure it was not submitted (or reopened) meanwhile."""
    locked = Document.objects.select_for_update().filter(pk=document.pk)
    if locked.values_list("state", flat=True).first() != document.state:
        raise Locked(_("文档状态刚刚改变，请刷新页面后重试"))


def _sha256(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _described(attachment: Attachment) -> dict[str, object]:
    return {
        "attachment": attachment.pk,
        "name": attachment.original_name,
        "category": attachment.category,
        "size": attachment.size,
        "sha256": attachment.sha256,
    }


def attachment_of(actor: Actor, document_id: int, attachment_id: int) -> Attachment:
    document = access.insider_document(actor, document_id)
    found = Attachment.objects.filter(document=document, pk=attachment_id).first()
    if found is None:
        raise Http404(_("没有这个附件"))
    found.document = document
    return found


@dataclass(frozen=True)
class Opened:
    """An attachment and its stored file, open for streaming (the response closes it)."""

    attachment: Attachment
    file: File[bytes]


def open_attachment(actor: Actor, document_id: int, attachment_id: int) -> Opened:
    """The stored file, for those who may have it; audited as ``download-attachment``."""
    attachment = attachment_of(actor, document_id, attachment_id)
    opened = Opened(attachment, default_storage.open(attachment.storage_name, "rb"))
    audit.record(actor, "download-attachment", attachment.document, **_described(attachment))
    return opened


def remove(actor: Actor, document_id: int, attachment_id: int) -> Document:
    """Delete an attachment (its uploader only, while they may still attach), audited."""
    attachment = attachment_of(actor, document_id, attachment_id)
    if not access.may_delete(actor, attachment):
        raise NotAllowed(_("只有上传人可以删除附件，且仅在其仍可上传时"))
    with transaction.atomic():
        audit.record(actor, "detach", attachment.document, **_described(attachment))
        attachment.delete()
        # Only once the row is gone for good: a rollback keeps both the row and its file.
        transaction.on_commit(partial(default_storage.delete, attachment.storage_name))
    return attachment.document

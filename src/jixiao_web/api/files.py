"""Files over the API: a version's 自评表 / 自评报告 / 问题清单, and the attachments.

The same services and access rules as the pages (``jixiao_web.files``): downloads need no
session (the public gets a published document's table and report); attachments need one,
and uploading or removing one needs its CSRF token too.
"""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest, HttpResponseBase
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.security import django_auth

from jixiao_web.api.schemas import ErrorOut
from jixiao_web.files import access, attachments, services
from jixiao_web.files.models import Attachment
from jixiao_web.files.responses import download_response
from jixiao_web.services.policy import Actor, actor_from_request

router = Router(tags=["files"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 409: ErrorOut, 413: ErrorOut, 503: ErrorOut}


class AttachmentOut(Schema):
    id: int
    name: str
    category: str
    content_type: str
    size: int
    sha256: str
    uploaded_by: str
    uploaded_at: datetime
    can_delete: bool


def _out(actor: Actor, attachment: Attachment) -> dict[str, object]:
    uploader = attachment.uploaded_by
    return {
        "id": attachment.pk,
        "name": attachment.original_name,
        "category": attachment.category,
        "content_type": attachment.content_type,
        "size": attachment.size,
        "sha256": attachment.sha256,
        "uploaded_by": uploader.get_username() if uploader is not None else "",
        "uploaded_at": attachment.uploaded_at,
        "can_delete": access.may_delete(actor, attachment),
    }


@router.get("/documents/{document_id}/files/{part}/{format}")
def download_current(
    request: HttpRequest, document_id: int, part: str, format: str
) -> HttpResponseBase:
    """``part``: table, report, findings; ``format``: docx, xlsx, pdf, html (as offered)."""
    made = services.download(actor_from_request(request), document_id, part, format)
    return download_response(made.data, made.name, made.content_type)


@router.get("/documents/{document_id}/versions/{number}/files/{part}/{format}")
def download_version(
    request: HttpRequest, document_id: int, number: int, part: str, format: str
) -> HttpResponseBase:
    who = actor_from_request(request)
    made = services.download(who, document_id, part, format, number)
    return download_response(made.data, made.name, made.content_type)


@router.get(
    "/documents/{document_id}/attachments",
    auth=django_auth,
    response={200: list[AttachmentOut], **ERRORS},
)
def list_attachments(request: HttpRequest, document_id: int) -> list[dict[str, object]]:
    who = actor_from_request(request)
    return [_out(who, found) for found in attachments.attachments_of(who, document_id)]


@router.post(
    "/documents/{document_id}/attachments",
    auth=django_auth,
    response={201: AttachmentOut, **ERRORS},
)
def upload(
    request: HttpRequest, document_id: int, file: File[UploadedFile]
) -> Status[dict[str, object]]:
    who = actor_from_request(request)
    return Status(201, _out(who, attachments.attach(who, document_id, file)))


@router.get("/documents/{document_id}/attachments/{attachment_id}", auth=django_auth)
def download_attachment(
    request: HttpRequest, document_id: int, attachment_id: int
) -> HttpResponseBase:
    opened = attachments.open_attachment(actor_from_request(request), document_id, attachment_id)
    found = opened.attachment
    return download_response(opened.file, found.original_name, found.content_type)


@router.delete(
    "/documents/{document_id}/attachments/{attachment_id}",
    auth=django_auth,
    response={204: None, **ERRORS},
)
def delete_attachment(request: HttpRequest, document_id: int, attachment_id: int) -> Status[None]:
    attachments.remove(actor_from_request(request), document_id, attachment_id)
    return Status(204, None)

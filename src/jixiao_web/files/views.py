"""Downloads of a version's files and the attachments of a document, as pages and forms.

Downloads need no login: the access rules decide (the public gets the 自评表 and 自评报告 of
a published document). Uploading and removing are POSTs from the document page that come
back to it with a message; a refusal is the app's failure page (403, 409, 413, 503 …).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST, require_safe

from jixiao_web.files import attachments, services
from jixiao_web.files.responses import download_response
from jixiao_web.pages.views.common import actor, failure_page
from jixiao_web.services.errors import InvalidInput, ServiceError

# Some room over the limit for the multipart envelope around the file.
ENVELOPE = 64 * 1024
View = Callable[..., HttpResponseBase]


def shows_service_errors(view: View) -> View:
    """A refusal is the app's failure page with its status (as the pages' own decorator,
    for views that may also answer with a streamed file)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return view(request, *args, **kwargs)
        except ServiceError as error:
            return failure_page(request, error)

    return wrapped


@require_safe
@shows_service_errors
def download(
    request: HttpRequest, pk: int, part: str, format: str, number: int | None = None
) -> HttpResponseBase:
    made = services.download(actor(request), pk, part, format, number)
    return download_response(made.data, made.name, made.content_type)


@login_required
@require_safe
@shows_service_errors
def attachment(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponseBase:
    opened = attachments.open_attachment(actor(request), pk, attachment_id)
    file = opened.attachment
    return download_response(opened.file, file.original_name, file.content_type)


@csrf_exempt  # checked in _store, after the length: reading the token means reading the body
@login_required
@require_POST
@shows_service_errors
def upload(request: HttpRequest, pk: int) -> HttpResponseBase:
    # Refuse an oversized body by its declared length, before Django reads it to disk.
    declared = request.META.get("CONTENT_LENGTH") or "0"
    if declared.isdigit() and int(declared) > attachments.max_bytes() + ENVELOPE:
        attachments.check_size(int(declared) - ENVELOPE)
    return _store(request, pk)


@csrf_protect
def _store(request: HttpRequest, pk: int) -> HttpResponse:
    upload = request.FILES.get("file")
    if upload is None:
        raise InvalidInput(_("请选择要上传的文件"))
    added = attachments.attach(actor(request), pk, upload)
    messages.success(request, _("已上传附件：%(name)s") % {"name": added.original_name})
    return redirect("document", pk=pk)


@login_required
@require_POST
@shows_service_errors
def delete(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponse:
    attachments.remove(actor(request), pk, attachment_id)
    messages.success(request, _("已删除附件"))
    return redirect("document", pk=pk)

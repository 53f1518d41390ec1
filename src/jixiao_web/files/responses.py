"""The HTTP response of every download, for the pages and the API alike.

Always ``Content-Disposition: attachment`` (never shown inline, whatever the type), the
name as RFC 5987 UTF-8, ``nosniff``, and a sandboxing CSP for the odd browser that renders
it anyway (the 问题清单 is HTML).
"""

from __future__ import annotations

from django.core.files import File
from django.http import FileResponse, HttpResponse, HttpResponseBase
from django.utils.cache import patch_cache_control

from jixiao_web.files.naming import content_disposition

SANDBOX = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


def download_response(body: bytes | File[bytes], name: str, content_type: str) -> HttpResponseBase:
    response: HttpResponseBase
    if isinstance(body, File):
        response = FileResponse(body, as_attachment=True, content_type=content_type)
    else:
        response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition(name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX
    # Files of unpublished documents are for the signed-in reader only: no shared caches.
    patch_cache_control(response, private=True, max_age=0)
    return response

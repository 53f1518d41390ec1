"""``/healthz``: a load balancer's liveness probe, and the benchmark's bare Django view.

It touches neither the database nor the session, so it answers while the database is down
and measures what the framework alone costs per request.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")

"""Versions: any earlier version read-only, and what changed between two versions."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jixiao_web.pages.presenters import document_view
from jixiao_web.pages.views.common import actor, shows_service_errors
from jixiao_web.services.diff import diff_json
from jixiao_web.services.documents import insider_document, version_of


@login_required
@shows_service_errors
def version(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    doc = insider_document(actor(request), pk)
    shown = version_of(doc, number)
    context = {"document": doc, "shown": shown, "view": document_view(shown)}
    return render(request, "jixiao_web/version.html", context)


def _number(text: str | None, default: int) -> int:
    return int(text) if text and text.isdigit() else default


@login_required
@shows_service_errors
def changes(request: HttpRequest, pk: int) -> HttpResponse:
    """``?from=a&to=b`` (default: the previous version against the current one)."""
    doc = insider_document(actor(request), pk)
    newer = version_of(doc, _number(request.GET.get("to"), doc.version))
    older = version_of(doc, _number(request.GET.get("from"), max(newer.number - 1, 1)))
    context = {
        "document": doc,
        "older": older,
        "newer": newer,
        "rows": diff_json(older.evaluation_json, newer.evaluation_json),
    }
    return render(request, "jixiao_web/changes.html", context)

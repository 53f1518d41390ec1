"""One document, read-only: the table in the paper form's order, score, findings, actions."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jixiao_web.audit.models import AuditLog
from jixiao_web.evaluations.models import Document, Review, State
from jixiao_web.pages.presenters import document_view
from jixiao_web.pages.views.common import actor, shows_service_errors
from jixiao_web.services import policy
from jixiao_web.services.documents import current_version, mark_seen, readable_document


@login_required
@shows_service_errors
def document(request: HttpRequest, pk: int) -> HttpResponse:
    who = actor(request)
    doc = readable_document(who, pk)
    if not policy.is_insider(who, doc):
        return redirect("public-document", pk=doc.pk)  # published: the portal's page
    review = Review.objects.filter(document=doc).first()
    seen = mark_seen(who, doc)
    context = {
        "document": doc,
        # A reviewer coming back sees what changed since the version they last looked at.
        "seen_before": seen if seen is not None and seen < doc.version else None,
        "view": document_view(current_version(doc), review),
        "review": review,
        "actions": policy.allowed_actions(who, doc),
        "can_edit": policy.can_edit(who, doc),
        "history": AuditLog.objects.filter(object_type="Document", object_id=str(doc.pk))[:50],
        "versions": doc.versions.only(
            "number", "author", "created_at", "note", "note_code", "note_args"
        ).select_related("author"),
    }
    return render(request, "jixiao_web/document.html", context)


def public_document(request: HttpRequest, pk: int) -> HttpResponse:
    """The portal's page: published documents only, for anyone."""
    doc = Document.objects.select_related("unit").filter(pk=pk, state=State.PUBLISHED).first()
    if doc is None:
        raise Http404(_("没有这份已公开的自评表"))
    review = Review.objects.filter(document=doc).first()
    context = {"document": doc, "view": document_view(current_version(doc), review)}
    return render(request, "jixiao_web/public_document.html", context)

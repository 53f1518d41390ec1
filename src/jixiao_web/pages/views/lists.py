"""Lists: the documents a user may see, and the public portal of published ones."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from jixiao_web.evaluations.models import Document, State
from jixiao_web.pages.views.common import actor
from jixiao_web.services import policy


def home(request: HttpRequest) -> HttpResponse:
    return redirect("documents" if request.user.is_authenticated else "portal")


@login_required
def documents(request: HttpRequest) -> HttpResponse:
    visible = policy.visible_documents(actor(request)).select_related("unit")
    state = request.GET.get("state", "")
    if state in State.values:
        visible = visible.filter(state=state)
    context = {"documents": visible, "states": State.choices, "chosen_state": state}
    return render(request, "jixiao_web/documents.html", context)


def portal(request: HttpRequest) -> HttpResponse:
    published = Document.objects.filter(state=State.PUBLISHED).select_related("unit")
    return render(request, "jixiao_web/portal.html", {"documents": published})

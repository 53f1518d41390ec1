"""The workflow acts, as POSTs from the document page; each one goes through the services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jixiao_web.pages.views.common import actor, shows_service_errors
from jixiao_web.services import workflow
from jixiao_web.services.policy import TRANSITIONS

SCORE_FIELD = "review-score:"


@login_required
@require_POST
@shows_service_errors
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in TRANSITIONS:
        raise Http404(_("没有这个操作"))
    who = actor(request)
    reason = request.POST.get("reason", "")
    if action == "submit":
        workflow.submit(who, pk)
    elif action == "sign":
        workflow.sign(who, pk)
    elif action == "review":
        workflow.review(who, pk, _line_scores(request), request.POST.get("comment", ""))
    elif action == "publish":
        workflow.publish(who, pk)
    elif action == "return":
        workflow.send_back(who, pk, reason)
    else:
        workflow.reopen(who, pk, reason)
    messages.success(request, _("已%(action)s") % {"action": TRANSITIONS[action].label})
    return redirect("document", pk=pk)


def _line_scores(request: HttpRequest) -> dict[str, str]:
    return {
        key.removeprefix(SCORE_FIELD): request.POST.get(key, "")
        for key in request.POST
        if key.startswith(SCORE_FIELD)
    }

"""The workflow acts, as POSTs from the document page; each one goes through the services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jixiao_web.pages.views.common import actor, shows_service_errors
from jixiao_web.services import workflow
from jixiao_web.services.policy import TRANSITIONS

SCORE_FIELD = "review-score:"

# What the user is told once an action is done, each written out: "已" + the action's name
# reads badly for several of them (已单位负责人签字).
DONE = {
    "submit": gettext_lazy("已提交，等待单位负责人签字"),
    "sign": gettext_lazy("已签字，等待财政复核"),
    "review": gettext_lazy("复核已完成"),
    "publish": gettext_lazy("已公开"),
    "return": gettext_lazy("已退回草稿"),
    "reopen": gettext_lazy("已重新打开为草稿"),
}


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
    messages.success(request, DONE.get(action, TRANSITIONS[action].label))
    return redirect("document", pk=pk)


def _line_scores(request: HttpRequest) -> dict[str, str]:
    return {
        key.removeprefix(SCORE_FIELD): request.POST.get(key, "")
        for key in request.POST
        if key.startswith(SCORE_FIELD)
    }

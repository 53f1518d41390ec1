"""The edit page: the whole table on one page, checked as it is typed, saved as a version.

GET shows the current version. POST with ``op`` changes rows (add, remove, move) on what was
typed and shows the form again, nothing saved; POST without ``op`` saves a new version based on
the version the form was opened on (a stale one gets the conflict page, 409). ``preview``
answers HTMX while the user types: recomputed figures and findings, swapped in out of band.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jixiao import Evaluation
from jixiao.model import FundLine
from jixiao_web.evaluations.models import Document
from jixiao_web.pages.building import InputErrors, build_evaluation, computed_rate
from jixiao_web.pages.editing import (
    FormInput,
    input_from_evaluation,
    input_from_post,
    is_total_line,
)
from jixiao_web.pages.editor_cache import (
    EDITOR_SLOT,
    cached_editor,
    page_with_editor,
    with_csrf,
)
from jixiao_web.pages.presenters import DocumentView, build_view, document_view
from jixiao_web.pages.row_ops import apply_op
from jixiao_web.pages.views.common import actor, shows_service_errors
from jixiao_web.services.checking import check_evaluation
from jixiao_web.services.diff import diff_json
from jixiao_web.services.documents import (
    current_version,
    editable_document,
    load_evaluation,
    save_version,
    version_of,
)
from jixiao_web.services.errors import Conflict
from jixiao_web.services.vocabulary import level_choices

_FUND_LINE = re.compile(r"^funds\.lines\[\d+\]")


@dataclass(frozen=True)
class FundRow:
    """One typed 项目资金 row beside the model path its findings and errors use."""

    path: str
    typed: dict[str, str]
    rate: str | None


def fund_rows(form: FormInput, view: DocumentView) -> list[FundRow]:
    """The project's 项目资金 rows as typed, each with the 执行率 computed from its amounts."""
    lines = view.evaluation.funds.lines
    numbers = [n for n, line in enumerate(lines) if not is_total_line(line)]
    rows = []
    for index, typed in enumerate(form.fund_lines):
        number = numbers[index] if index < len(numbers) else index + 1
        line = lines[number] if number < len(lines) else None
        rows.append(FundRow(f"funds.lines[{number}]", typed, _rate_shown(line)))
    return rows


def _rate_shown(line: FundLine | None) -> str | None:
    """The row's computed 执行率, as it is saved for a typed row (never the printed one)."""
    rate = None if line is None else computed_rate(line)
    return None if rate is None else f"{rate}%"


def _place_fund_line_findings(view: DocumentView) -> DocumentView:
    """A project's findings about one 项目资金 row go beside that row, not the funds block."""
    if view.evaluation.kind != "project":
        return view
    kept = []
    for finding in view.findings_at.get("funds", []):
        match = _FUND_LINE.match(finding["path"])
        if match is None:
            kept.append(finding)
        else:
            view.findings_at.setdefault(match.group(0), []).append(finding)
    view.findings_at["funds"] = kept
    return view


def _gone_answers(form: FormInput, view: DocumentView) -> list[tuple[dict[str, str], str]]:
    """Answers written to findings no longer raised: kept on the page, as they may come back."""
    raised = {(f["code"], f["path"]) for f in view.findings}
    return [
        ({"code": code, "path": path}, text)
        for (code, path), text in form.justifications.items()
        if (code, path) not in raised
    ]


def _page(
    request: HttpRequest, document: Document, editor: bytes, status: int = 200
) -> HttpResponse:
    """The page around the editor: the user's header, messages and the document's title."""
    token = get_token(request)  # one masked token for the header's forms and the editor's
    context = {"document": document, "editor": mark_safe(EDITOR_SLOT), "csrf_token": token}
    page = render_to_string("jixiao_web/edit.html", context, request)
    body = page_with_editor(page, with_csrf(editor, token))
    return HttpResponse(body, status=status)


def _editor(
    document: Document,
    form: FormInput,
    view: DocumentView,
    errors: InputErrors | None = None,
    just_saved: bool = False,
) -> str:
    """The editor's HTML, rendered without the request: see :mod:`editor_cache`."""
    view = _place_fund_line_findings(view)
    context = {
        "document": document,
        "form": form,
        "view": view,
        "fund_rows": fund_rows(form, view),
        "gone_answers": _gone_answers(form, view),
        "errors": errors or {},
        "levels": level_choices(),
        "edit_url": reverse("edit", args=[document.pk]),
        "just_saved": just_saved,
    }
    return render_to_string("jixiao_web/_editor.html", context)


def _saved_editor(request: HttpRequest, document: Document) -> bytes:
    """The current version's editor, rendered once per version and language."""
    just_saved = request.GET.get("saved") == str(document.version)

    def render_it() -> str:
        version = current_version(document)
        form = input_from_evaluation(load_evaluation(version), document.version)
        return _editor(document, form, document_view(version), just_saved=just_saved)

    return cached_editor(document, just_saved, render_it)


def _live_view(evaluation: Evaluation) -> DocumentView:
    return build_view(evaluation, check_evaluation(evaluation).json_dict())


@login_required
@shows_service_errors
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    who = actor(request)
    document = editable_document(who, pk)
    if request.method != "POST":
        return _page(request, document, _saved_editor(request, document))
    form = input_from_post(request.POST)
    base = load_evaluation(version_of(document, form.based_on or document.version))
    op = request.POST.get("op", "")
    if op:
        form = apply_op(form, op)
    evaluation, errors = build_evaluation(form, base, who.username)
    if op or errors:
        editor = _editor(document, form, _live_view(evaluation), errors).encode()
        return _page(request, document, editor, status=400 if errors and not op else 200)
    try:
        saved = save_version(who, pk, evaluation, form.based_on)
    except Conflict as conflict:
        return _conflict(request, document, evaluation, conflict)
    messages.success(request, _("已保存为第 %(number)d 版") % {"number": saved.version.number})
    return redirect(f"{request.path}?saved={saved.version.number}")


def _conflict(
    request: HttpRequest, document: Document, mine: Evaluation, conflict: Conflict
) -> HttpResponse:
    document.refresh_from_db()
    theirs = current_version(document)
    based_on = version_of(document, conflict.based_on)
    mine_json = mine.model_dump_json()
    context: dict[str, Any] = {
        "document": document,
        "conflict": conflict,
        "their_changes": diff_json(based_on.evaluation_json, theirs.evaluation_json),
        "my_changes": diff_json(based_on.evaluation_json, mine_json),
        "differences": diff_json(theirs.evaluation_json, mine_json),
        "posted": [
            (key, value)
            for key in request.POST
            if key not in {"csrfmiddlewaretoken", "based_on", "op"}
            for value in request.POST.getlist(key)
        ],
    }
    return render(request, "jixiao_web/conflict.html", context, status=409)


@require_POST
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    """HTMX while typing: the recomputed figures and findings of what is on the form."""
    if not request.user.is_authenticated:
        # The page keeps the input in the browser; 401 lets it say so instead of swapping
        # in a login page.
        return HttpResponse(_("登录已过期"), status=401)
    return _preview(request, pk)


@shows_service_errors
def _preview(request: HttpRequest, pk: int) -> HttpResponse:
    who = actor(request)
    document = editable_document(who, pk)
    form = input_from_post(request.POST)
    base = load_evaluation(version_of(document, form.based_on or document.version))
    evaluation, errors = build_evaluation(form, base, who.username)
    view = _place_fund_line_findings(_live_view(evaluation))
    context = {"view": view, "errors": errors, "form": form, "fund_rows": fund_rows(form, view)}
    return render(request, "jixiao_web/_live.html", context)

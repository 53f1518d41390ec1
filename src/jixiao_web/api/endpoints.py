"""Documents over JSON: list, read, versions, save with version, workflow acts, check, diff.

Reads follow the policy (anonymous callers see published documents only); writes need a
signed-in session and its CSRF token, like the pages.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.security import django_auth

from jixiao import Evaluation
from jixiao_web.api.files import router as files_router
from jixiao_web.api.schemas import (
    ActIn,
    DiffRowOut,
    DocumentDetail,
    DocumentOut,
    ErrorOut,
    SavedOut,
    SaveIn,
    VersionOut,
)
from jixiao_web.evaluations.models import Document, State
from jixiao_web.services import listing, policy, workflow
from jixiao_web.services.checking import check_evaluation, report_dict
from jixiao_web.services.diff import diff_json
from jixiao_web.services.documents import (
    current_version,
    insider_document,
    readable_document,
    save_version,
    version_of,
)
from jixiao_web.services.errors import InvalidInput, ServiceError
from jixiao_web.services.policy import actor_from_request

# The OpenAPI page is for the people who use the API: signed-in users, not the open internet.
api = NinjaAPI(
    title="jixiao 绩效自评 API",
    version="1",
    urls_namespace="api",
    docs_decorator=login_required,
)
api.add_router("/", files_router)  # downloads and attachments
api.add_router("/", "jixiao_web.api.dashboard.router")  # GET /api/dashboard
ERRORS = {403: ErrorOut, 409: ErrorOut, 422: ErrorOut, 400: ErrorOut, 404: ErrorOut}


@api.exception_handler(ServiceError)
def service_error(request: HttpRequest, error: ServiceError) -> Any:
    body = {"code": error.code, "message": error.message, "detail": error.detail}
    return api.create_response(request, body, status=error.status)


def _out(document: Document, who: policy.Actor) -> dict[str, Any]:
    fields = ("id", "year", "kind", "project", "state", "version", "score",
              "score_recomputed", "grade", "errors", "warnings")  # fmt: skip
    summary = {"unit": document.unit.name, **{name: getattr(document, name) for name in fields}}
    if not policy.is_insider(who, document):  # the review's findings are not public
        summary["errors"] = summary["warnings"] = None
    return summary


class DocumentPages(LimitOffsetPagination):
    """ninja's limit / offset paging, each document of the page given as its summary."""

    def paginate_queryset(
        self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        page = super().paginate_queryset(queryset, pagination, request, **params)
        who = actor_from_request(request)
        page["items"] = [_out(document, who) for document in page["items"]]
        return page


@api.get("/documents", response={200: list[DocumentOut], 400: ErrorOut})
@paginate(DocumentPages, max_limit=500)
def list_documents(
    request: HttpRequest,
    year: int | None = None,
    state: str = "",
    unit: str = "",
    errors: bool = False,
    sort: str = "",
) -> Any:
    """The documents the caller may see, filtered as the list page filters them."""
    if state and state not in State.values:
        raise InvalidInput(_("没有这种状态：%(state)s") % {"state": state})
    if sort and not listing.is_known_sort(sort):
        raise InvalidInput(_("没有这种排序：%(sort)s") % {"sort": sort})
    chosen = listing.Listing(year, state, unit.strip()[: listing.UNIT_TEXT_MAX], errors, sort)
    visible = policy.visible_documents(actor_from_request(request)).select_related("unit")
    return chosen.apply(visible)


@api.get("/documents/{document_id}", response={200: DocumentDetail, **ERRORS})
def read_document(request: HttpRequest, document_id: int) -> dict[str, Any]:
    who = actor_from_request(request)
    document = readable_document(who, document_id)
    version = current_version(document)
    return {
        **_out(document, who),
        "actions": [t.action for t in policy.allowed_actions(who, document)],
        "can_edit": policy.can_edit(who, document),
        "evaluation": json.loads(version.evaluation_json),
        # The review findings are for the unit and its reviewers, as on the pages.
        "check": report_dict(version.check_json) if policy.is_insider(who, document) else None,
    }


@api.get("/documents/{document_id}/versions/{number}", response={200: VersionOut, **ERRORS})
def read_version(request: HttpRequest, document_id: int, number: int) -> dict[str, Any]:
    document = insider_document(actor_from_request(request), document_id)
    version = version_of(document, number)
    evaluation = json.loads(version.evaluation_json)
    return {"number": number, "evaluation": evaluation, "check": report_dict(version.check_json)}


@api.get("/documents/{document_id}/changes", response={200: list[DiffRowOut], **ERRORS})
def changes(request: HttpRequest, document_id: int, since: int, to: int | None = None) -> Any:
    """What changed from version ``since`` to version ``to`` (default: the current one)."""
    document = insider_document(actor_from_request(request), document_id)
    older, newer = version_of(document, since), version_of(document, to or document.version)
    return diff_json(older.evaluation_json, newer.evaluation_json)


@api.put("/documents/{document_id}", auth=django_auth, response={200: SavedOut, **ERRORS})
def save(request: HttpRequest, document_id: int, payload: SaveIn) -> dict[str, Any]:
    """Save a new version; 409 ``version-conflict`` when ``based_on`` is no longer current."""
    who = actor_from_request(request)
    saved = save_version(who, document_id, payload.evaluation, payload.based_on, payload.note)
    check = json.loads(saved.version.check_json)
    return {"id": saved.document.pk, "version": saved.version.number, "check": check}


@api.post(
    "/documents/{document_id}/actions/{action}",
    auth=django_auth,
    response={200: DocumentOut, **ERRORS},
)
def act(request: HttpRequest, document_id: int, action: str, payload: ActIn) -> dict[str, Any]:
    """submit, sign, review (line_scores, comment), publish, return / reopen (reason)."""
    who = actor_from_request(request)
    moved = _act(who, document_id, action, payload)
    return _out(Document.objects.select_related("unit").get(pk=moved.pk), who)


def _act(who: policy.Actor, document_id: int, action: str, payload: ActIn) -> Document:
    if action == "submit":
        return workflow.submit(who, document_id)
    if action == "sign":
        return workflow.sign(who, document_id)
    if action == "review":
        return workflow.review(who, document_id, payload.line_scores, payload.comment)
    if action == "publish":
        return workflow.publish(who, document_id)
    if action == "return":
        return workflow.send_back(who, document_id, payload.reason)
    if action == "reopen":
        return workflow.reopen(who, document_id, payload.reason)
    raise InvalidInput(_("没有这个操作：%(action)s") % {"action": action})


@api.post("/check", auth=django_auth)
def check(request: HttpRequest, evaluation: Evaluation) -> dict[str, Any]:
    """Score and check an evaluation without saving it: the core's CheckReport as JSON."""
    return check_evaluation(evaluation).json_dict()

"""The dashboard (概览) over JSON: the numbers the /dashboard/ page shows, for reviewers."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.security import django_auth

from jixiao_web.api.schemas import ErrorOut
from jixiao_web.services.dashboard import dashboard
from jixiao_web.services.policy import actor_from_request

router = Router(tags=["dashboard"])


class StateCount(Schema):
    state: str
    label: str
    count: int


class UnitRef(Schema):
    id: int
    name: str


class GradeCount(Schema):
    grade: str
    label: str
    count: int


class ScoreSummary(Schema):
    count: int
    average: str | None  # Decimal as text, 0.01; None when no score is known


class Scores(Schema):
    self: ScoreSummary
    recomputed: ScoreSummary


class ScoreBin(Schema):
    bin: str
    self: int
    recomputed: int


class Gap(Schema):
    document: int
    unit: str
    subject: str
    self: str
    recomputed: str
    gap: str


class CodeCount(Schema):
    code: str
    title: str
    severity: str
    findings: int
    documents: int


class DepartmentScores(Schema):
    name: str
    documents: int
    self_count: int
    self_average: str | None
    recomputed_count: int
    recomputed_average: str | None


class DashboardOut(Schema):
    year: int | None
    years: list[int]
    total: int
    states: list[StateCount]
    not_started: list[UnitRef]
    grades: list[GradeCount]
    scores: Scores
    histogram: list[ScoreBin]
    gaps: list[Gap]
    codes: list[CodeCount]
    departments: list[DepartmentScores]


@router.get("/dashboard", auth=django_auth, response={200: DashboardOut, 403: ErrorOut})
def dashboard_numbers(request: HttpRequest, year: str = "") -> object:
    """``?year=`` (default: the latest year with documents; a value that is no year is
    ignored). For 主管部门审核, 财政复核 and 管理员, over the units they review."""
    return dashboard(actor_from_request(request), year)

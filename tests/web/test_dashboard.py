"""The dashboard (概览): one year's states, scores, grades, gaps, finding codes and the
averages per 主管部门, for reviewers over the units they review."""

from __future__ import annotations

import json
import re
from itertools import count
from typing import Any

import pytest

from jixiao_web.evaluations.models import Document, Version
from jixiao_web.orgs.models import OrgUnit
from jixiao_web.services.dashboard import dashboard

_projects = count(1)


def _document(
    unit: OrgUnit,
    *,
    year: int = 2023,
    state: str = "draft",
    score: str = "",
    recomputed: str = "",
    grade: str = "",
    codes: tuple[str, ...] = (),
) -> Document:
    """A document whose summary columns and current check are exactly as given."""
    document = Document.objects.create(
        unit=unit, year=year, kind="project", project=f"项目{next(_projects)}", state=state,
        version=2, score=score, score_recomputed=recomputed, grade=grade,
    )  # fmt: skip
    findings = [{"code": code, "severity": "warning"} for code in codes]
    # An older version with other findings: only the current one counts.
    Version.objects.create(document=document, number=1, evaluation_json="{}",
                           check_json=json.dumps({"findings": [{"code": "old-only"}]}))  # fmt: skip
    Version.objects.create(document=document, number=2, evaluation_json="{}",
                           check_json=json.dumps({"findings": findings}))  # fmt: skip
    return document


@pytest.fixture
def district(org: dict[str, Any]) -> dict[str, Document]:
    """2023: A submitted 95 → 80 (良), A draft unknown → 70 (中), B published 88 → 91 (优),
    C signed 92 → 85.5 (良); 2022: one draft of B."""
    return {
        "a1": _document(org["A"], state="submitted", score="95", recomputed="80.00", grade="良",
                        codes=("weights-total", "funds-over-executed", "weights-total")),
        "a2": _document(org["A"], score="", recomputed="70.00", grade="中",
                        codes=("weights-total",)),
        "b": _document(org["B"], state="published", score="88", recomputed="91.00", grade="优"),
        "c": _document(org["C"], state="signed", score="92", recomputed="85.50", grade="良",
                       codes=("funds-over-executed",)),
        "old": _document(org["B"], year=2022, score="60", recomputed="60.00", grade="中"),
    }  # fmt: skip


def test_the_states_are_counted_for_the_latest_year(finance: Any, district: Any) -> None:
    data = dashboard(finance.actor)

    assert (data["year"], data["years"], data["total"]) == (2023, [2023, 2022], 4)
    assert {row["state"]: row["count"] for row in data["states"]} == {
        "draft": 1, "submitted": 1, "signed": 1, "reviewed": 0, "published": 1,
    }  # fmt: skip


def test_units_without_a_document_of_the_year_are_listed_as_not_started(
    finance: Any, district: Any
) -> None:
    names = [unit["name"] for unit in dashboard(finance.actor)["not_started"]]

    assert names == ["主管部门D", "主管部门E"]  # the finance bureau itself files nothing
    assert [u["name"] for u in dashboard(finance.actor, "2022")["not_started"]] == [
        "主管部门D", "主管部门E", "单位A", "单位C",
    ]  # fmt: skip


def test_grades_and_averages_leave_an_unknown_score_out(finance: Any, district: Any) -> None:
    data = dashboard(finance.actor)

    assert [(row["grade"], row["count"]) for row in data["grades"]] == [
        ("优", 1), ("良", 2), ("中", 1),
    ]  # fmt: skip
    # (95 + 88 + 92) / 3, not / 4: the draft's unknown self-reported total is no 0.
    assert data["scores"]["self"] == {"count": 3, "average": "91.67"}
    assert data["scores"]["recomputed"] == {"count": 4, "average": "81.63"}


def test_the_histogram_counts_self_reported_and_recomputed_totals(
    finance: Any, district: Any
) -> None:
    rows = {
        row["bin"]: (row["self"], row["recomputed"])
        for row in dashboard(finance.actor)["histogram"]
    }

    assert rows == {"<60": (0, 0), "60–70": (0, 0), "70–80": (0, 1), "80–90": (1, 2), "≥90": (2, 1)}


def test_the_widest_gaps_come_first_and_a_higher_recomputed_score_is_no_gap(
    finance: Any, district: Any
) -> None:
    gaps = dashboard(finance.actor)["gaps"]

    assert [(g["unit"], g["self"], g["recomputed"], g["gap"]) for g in gaps] == [
        ("单位A", "95.00", "80.00", "15.00"),
        ("单位C", "92.00", "85.50", "6.50"),
    ]
    assert gaps[0]["document"] == district["a1"].pk


def test_finding_codes_of_current_versions_are_ranked_with_their_catalogue_titles(
    finance: Any, district: Any
) -> None:
    codes = dashboard(finance.actor)["codes"]

    assert [(c["code"], c["documents"], c["findings"]) for c in codes] == [
        ("weights-total", 2, 3),  # as many documents: more findings first
        ("funds-over-executed", 2, 2),
    ]  # "old-only" is in earlier versions only
    assert codes[0]["title"] == "分值合计不对"


def test_each_department_averages_its_units_known_scores(finance: Any, district: Any) -> None:
    departments = dashboard(finance.actor)["departments"]

    assert departments == [
        {"name": "主管部门D", "documents": 3, "self_count": 2, "self_average": "91.50",
         "recomputed_count": 3, "recomputed_average": "80.33"},
        {"name": "主管部门E", "documents": 1, "self_count": 1, "self_average": "92.00",
         "recomputed_count": 1, "recomputed_average": "85.50"},
    ]  # fmt: skip


def test_a_supervisor_sees_its_own_subtree_only(supervisor: Any, district: Any) -> None:
    data = dashboard(supervisor.actor)

    assert data["total"] == 3
    assert [d["name"] for d in data["departments"]] == ["主管部门D"]
    assert [g["unit"] for g in data["gaps"]] == ["单位A"]
    assert [u["name"] for u in data["not_started"]] == ["主管部门D"]


def test_a_unit_filler_gets_no_dashboard(filler_b: Any, district: Any) -> None:
    page = filler_b.client.get("/dashboard/")
    api = filler_b.client.get("/api/dashboard")

    assert page.status_code == 403
    assert "单位A" not in page.content.decode()
    assert api.status_code == 403
    assert api.json()["code"] == "not-allowed"
    assert 'href="/dashboard/"' not in filler_b.client.get("/documents/").content.decode()


def test_an_anonymous_visitor_is_sent_to_sign_in(anonymous: Any, district: Any) -> None:
    page = anonymous.client.get("/dashboard/")

    assert (page.status_code, page["Location"]) == (302, "/login/?next=/dashboard/")
    assert anonymous.client.get("/api/dashboard").status_code == 401


@pytest.mark.parametrize("asked", ["", "abc", "20233", "２０２３", "-1"])
def test_a_year_that_is_not_one_falls_back_to_the_latest(
    asked: str, finance: Any, district: Any
) -> None:
    assert finance.client.get("/api/dashboard", {"year": asked}).json()["year"] == 2023


def test_the_year_asked_for_is_shown(finance: Any, district: Any) -> None:
    data = finance.client.get("/api/dashboard?year=2022").json()

    assert (data["year"], data["total"], data["scores"]["self"]["average"]) == (2022, 1, "60.00")


def test_the_api_gives_the_numbers_of_the_service(finance: Any, district: Any) -> None:
    assert finance.client.get("/api/dashboard").json() == json.loads(
        json.dumps(dashboard(finance.actor))
    )


def _many(org: dict[str, Any], how_many: int) -> None:
    units = [org["A"], org["B"], org["C"]]
    for index in range(how_many):
        _document(units[index % 3], score="90", recomputed="85.00", grade="良",
                  codes=("weights-total",))  # fmt: skip


@pytest.mark.parametrize("path", ["/dashboard/", "/api/dashboard"])
def test_the_dashboard_needs_the_same_queries_for_50_documents_as_for_5(
    path: str, org: dict[str, Any], finance: Any, django_assert_max_num_queries: Any
) -> None:
    _many(org, 5)
    finance.client.get(path)  # the session
    with django_assert_max_num_queries(12) as few:
        assert finance.client.get(path).status_code == 200
    _many(org, 45)
    with django_assert_max_num_queries(12) as many:
        assert finance.client.get(path).status_code == 200

    assert len(many.captured_queries) == len(few.captured_queries)
    assert dashboard(finance.actor)["total"] == 50


def test_the_page_carries_tables_the_chart_data_and_our_own_echarts(
    finance: Any, district: Any
) -> None:
    page = finance.client.get("/dashboard/").content.decode()

    assert '<script id="dashboard-data" type="application/json">' in page
    assert "/static/jixiao_web/vendor/echarts-5.6.0.min.js" in page
    assert "/static/jixiao_web/dashboard.js" in page
    assert '<td class="num">91.67</td>' in page
    assert "分值合计不对" in page
    assert 'href="/dashboard/"' in page  # the header offers it to a reviewer
    assert re.findall(r"https?://[^\s\"'<]+", page) == []


def test_the_page_shows_a_real_document_check(finance: Any, draft_a: Document) -> None:
    page = finance.client.get("/dashboard/")

    assert page.status_code == 200
    assert "单位A" not in [u["name"] for u in dashboard(finance.actor)["not_started"]]


def test_a_district_without_documents_has_an_empty_dashboard(finance: Any) -> None:
    data = dashboard(finance.actor)
    page = finance.client.get("/dashboard/")

    assert (data["year"], data["total"], data["gaps"], data["codes"]) == (None, 0, [], [])
    assert data["scores"]["self"] == {"count": 0, "average": None}
    assert "该年度没有您可查看的自评表。" in page.content.decode()

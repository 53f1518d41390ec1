"""report-arithmetic: shares and sums in the report recomputed from its own amounts."""

from __future__ import annotations

import pytest

from tests.core.checks.support import run, section
from tests.factories import clean_department

BASIC = (
    "2023年度财政拨款基本支出1007.91万元，其中基本支出：人员经费 817.05万元，"
    "占基本支出的{staff}%，主要包括基本工资等。公用经费{office}万元，占基本支出的13.78%，；"
    "主要包括办公费等。其他支出52万元，占基本支出的5.16%。"
)
PROJECT = (
    "2023年度本部门项目支出 16503.88万元，项目资金做专款专用。其中一般公共预算财政拨款支出"
    "4217.84万元，主要用于污水整治等项目；政府性基金财政拨款支出12055.36万元，主要用于管网"
    "建设等；其他支出{other}万元，主要用于项目前期费用。"
)


def with_spending(
    staff: str = "81.06", office: str = "138.86", other: str = "230.68", extra: str = ""
):
    evaluation = clean_department()
    section(evaluation, 2).text = "\n".join(
        [BASIC.format(staff=staff, office=office), PROJECT.format(other=other), extra]
    )
    return evaluation


def test_the_seeds_shares_and_sums_are_right_to_the_printed_rounding():
    assert run(with_spending(), "report_arithmetic") == []


@pytest.mark.parametrize("staff", ["81.06", "81.07", "81.05", "81.1"])
def test_a_share_right_to_its_printed_places_passes(staff: str):
    assert run(with_spending(staff=staff), "report_arithmetic") == []


def test_it_flags_a_share_that_does_not_follow_from_the_amounts():
    [finding] = run(with_spending(staff="80.16"), "report_arithmetic")

    assert finding.code == "report-arithmetic"
    assert finding.path == "report.sections[1].text"
    assert finding.evidence["kind"] == "share"
    assert finding.evidence["printed"] == "80.16%"
    assert finding.evidence["computed"] == "81.06%"
    assert "817.05万元" in finding.message
    assert "1007.91万元" in finding.message


def test_it_flags_parts_whose_shares_make_100_percent_but_whose_amounts_miss_the_whole():
    findings = run(with_spending(office="148.86"), "report_arithmetic")

    kinds = sorted(str(finding.evidence["kind"]) for finding in findings)
    assert kinds == ["parts", "share"]
    [parts] = [finding for finding in findings if finding.evidence["kind"] == "parts"]
    assert parts.evidence["sum"] == "1017.91"
    assert parts.evidence["difference"] == "10.00"


def test_it_flags_a_listed_breakdown_closed_by_other_that_misses_its_whole():
    [finding] = run(with_spending(other="300.68"), "report_arithmetic")

    assert finding.evidence["kind"] == "parts"
    assert finding.evidence["parts"] == ["4217.84万元", "12055.36万元", "300.68万元"]
    assert finding.evidence["sum"] == "16573.88"
    assert "多70.00万元" in finding.message


def test_it_leaves_an_open_breakdown_alone():
    evaluation = clean_department()
    section(
        evaluation, 2
    ).text = "基本支出1007.91万元，其中人员经费817.05万元，公用经费138.86万元。"

    assert run(evaluation, "report_arithmetic") == []


@pytest.mark.parametrize(
    "text",
    [
        "人员经费817.05万元，占比81.06%。",  # no base named
        "人员经费817.05万元、公用经费138.86万元，分别占基本支出的81.06%和13.78%。",
        "新增装配式建筑开工面积4.98万平米，占新开工建筑面积比高达84.5%。",  # base not stated
    ],
)
def test_it_skips_shares_it_cannot_recompute(text: str):
    evaluation = clean_department()
    section(evaluation, 2).text = text

    assert run(evaluation, "report_arithmetic") == []


def test_the_clean_report_adds_up():
    assert run(clean_department(), "report_arithmetic") == []

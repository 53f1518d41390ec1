"""report-score-mismatch: the report's stated total score and grade against the table."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from jixiao.findings import Severity
from tests.core.checks.support import run, section
from tests.factories import clean_department


def with_conclusion(text: str, score: str = "98", grade: str | None = "优"):
    evaluation = clean_department()
    evaluation.total.score = D(score)
    evaluation.grade = grade
    section(evaluation, 6).text = text
    return evaluation


@pytest.mark.parametrize(
    "text",
    [
        "综上所述，项目总体自评分为“98分”，自评级别为优。",
        "部门整体支出自评得分为98.00分，自评等级为“优秀”。",
        "本次评价总分100分，自评得分98分，等级为优。",
        "总分98分。",
        "结果将在政府网站公开。",
    ],
)
def test_it_accepts_a_report_that_agrees_with_the_table(text: str):
    assert run(with_conclusion(text), "report_score") == []


def test_it_flags_a_stated_score_that_differs_from_the_table():
    [finding] = run(with_conclusion("自评得分为99.72分，自评级别为优。"), "report_score")

    assert finding.code == "report-score-mismatch"
    assert finding.severity is Severity.ERROR
    assert finding.path == "report.sections[5].text"
    assert finding.evidence["stated"] == "99.72分"
    assert finding.evidence["table"] == "98分"
    assert finding.evidence["phrase"] == "自评得分为99.72分，自评级别为优"


def test_a_score_is_compared_to_the_places_the_report_prints():
    assert run(with_conclusion("自评得分为99.7分。", score="99.72"), "report_score") == []


def test_it_flags_a_stated_grade_that_differs_from_the_table():
    [finding] = run(with_conclusion("自评得分98分，等级为良。"), "report_score")

    assert finding.evidence["item"] == "自评等级"
    assert finding.evidence["stated"] == "良"
    assert finding.evidence["table"] == "优"


def test_without_a_printed_grade_the_table_score_decides_it():
    findings = run(with_conclusion("自评级别为优。", score="89.99", grade=None), "report_score")

    [finding] = findings
    assert finding.evidence["table"] == "良"


def test_the_clean_report_states_the_tables_score_and_grade():
    assert run(clean_department(), "report_score") == []

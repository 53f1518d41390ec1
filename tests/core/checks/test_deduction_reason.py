"""deduction-without-reason: points lost with no 偏差原因分析."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from jixiao.findings import Severity
from tests.core.checks.support import run
from tests.factories import clean_department


@pytest.mark.parametrize("reason", [None, "", " 　 "])
def test_it_flags_a_deduction_with_no_deviation_analysis(reason: str | None):
    evaluation = clean_department()
    evaluation.indicators[12].deviation_reason = reason

    [finding] = run(evaluation, "deduction_reason")

    assert finding.code == "deduction-without-reason"
    assert finding.severity is Severity.WARNING
    assert finding.path == "indicators[12].deviation_reason"
    assert finding.message == (
        "“黑臭水体消除比例”得分 4.72 分低于分值 5 分，但未填写偏差原因分析及改进措施"
    )


def test_it_says_nothing_about_the_clean_document():
    assert run(clean_department(), "deduction_reason") == []


def test_a_full_score_needs_no_deviation_analysis():
    evaluation = clean_department()
    evaluation.indicators[12].score = D(5)
    evaluation.indicators[12].deviation_reason = None

    assert run(evaluation, "deduction_reason") == []


def test_a_lower_execution_score_in_a_table_without_a_report_is_flagged():
    evaluation = clean_department()
    evaluation.report = None
    evaluation.funds.executed = D("14884.02")  # 85%
    evaluation.funds.score = D("8.5")

    [finding] = run(evaluation, "deduction_reason")

    assert finding.path == "funds.score"


def test_a_low_rate_in_a_table_without_a_report_is_flagged_even_with_full_marks():
    evaluation = clean_department()
    evaluation.report = None
    evaluation.funds.executed = D("14884.9215")  # 85%, below 90%

    [finding] = run(evaluation, "deduction_reason")

    assert finding.path == "funds.execution_rate"
    assert "执行率 85% 低于 90%" in finding.message


def test_a_rate_of_exactly_90_percent_needs_no_explanation():
    evaluation = clean_department()
    evaluation.report = None
    evaluation.funds.executed = D("15760.611")

    assert run(evaluation, "deduction_reason") == []


def test_the_report_is_where_a_low_rate_is_explained():
    evaluation = clean_department()
    evaluation.funds.executed = D("14884.02")
    evaluation.funds.score = D("8.5")

    assert run(evaluation, "deduction_reason") == []

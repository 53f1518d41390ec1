"""funds-over-executed: spending above the full-year budget."""

from __future__ import annotations

from decimal import Decimal as D

from jixiao.findings import Severity
from tests.core.checks.support import run
from tests.factories import clean_department


def test_it_warns_when_more_was_spent_than_budgeted_and_says_the_score_is_capped():
    evaluation = clean_department()
    evaluation.funds.executed = D("18387.38")

    [finding] = run(evaluation, "funds_over_executed")

    assert finding.code == "funds-over-executed"
    assert finding.severity is Severity.WARNING
    assert finding.path == "funds.executed"
    assert finding.evidence["rate"] == "105"
    assert "执行率得分按 100% 封顶，最多得分值 10 分" in finding.message


def test_spending_exactly_the_budget_is_not_over_executed():
    assert run(clean_department(), "funds_over_executed") == []


def test_one_cent_over_the_budget_is_over_executed():
    evaluation = clean_department()
    evaluation.funds.executed = D("17511.80")

    assert len(run(evaluation, "funds_over_executed")) == 1

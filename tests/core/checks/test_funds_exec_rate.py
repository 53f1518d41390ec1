"""funds-exec-rate-mismatch: the printed rate against 全年执行数 ÷ 全年预算数."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from jixiao.findings import Severity
from jixiao.model import FundLine
from tests.core.checks.support import run
from tests.factories import clean_department

CODE = "funds-exec-rate-mismatch"


def test_it_flags_a_printed_rate_that_is_not_executed_over_budget():
    evaluation = clean_department()
    evaluation.funds.executed = D("15760.61")  # 90%, while 100% stays printed

    [finding] = run(evaluation, "funds_exec_rate")

    assert finding.code == CODE
    assert finding.severity is Severity.ERROR
    assert finding.path == "funds.execution_rate"
    assert finding.evidence["computed"] == "90"
    assert "执行率填写为 100%" in finding.message
    assert "15760.61 万元 ÷ 全年预算数 17511.79 万元" in finding.message


def test_it_says_nothing_about_the_clean_document():
    assert run(clean_department(), "funds_exec_rate") == []


@pytest.mark.parametrize(("printed", "fires"), [("99.5", False), ("99.4", True)])
def test_it_allows_a_rate_off_by_the_tolerance_and_no_more(printed: str, fires: bool):
    evaluation = clean_department()
    evaluation.funds.execution_rate = D(printed)

    assert bool(run(evaluation, "funds_exec_rate")) is fires


def test_it_accepts_a_rate_printed_capped_at_100_when_spending_exceeds_the_budget():
    evaluation = clean_department()
    evaluation.funds.executed = D("18000")

    assert run(evaluation, "funds_exec_rate") == []


def test_it_warns_about_a_fund_line_whose_printed_rate_disagrees():
    evaluation = clean_department()
    evaluation.funds.lines = [
        FundLine(
            label="当年财政拨款", full_year_budget=D(100), executed=D(80), execution_rate=D(100)
        ),
        FundLine(
            label="上年结转资金", full_year_budget=D(50), executed=D(50), execution_rate=D(100)
        ),
    ]

    [finding] = run(evaluation, "funds_exec_rate")

    assert finding.severity is Severity.WARNING
    assert finding.path == "funds.lines[0].execution_rate"
    assert "“当年财政拨款”执行率填写为 100%" in finding.message


def test_it_cannot_judge_a_rate_without_a_budget():
    evaluation = clean_department()
    evaluation.funds.full_year_budget = None

    assert run(evaluation, "funds_exec_rate") == []


def test_the_total_row_repeated_among_the_lines_is_reported_once():
    evaluation = clean_department()
    funds = evaluation.funds
    funds.execution_rate = D(90)
    funds.lines = [
        FundLine(
            label="年度资金总额",
            full_year_budget=funds.full_year_budget,
            executed=funds.executed,
            execution_rate=funds.execution_rate,
        )
    ]

    assert [f.path for f in run(evaluation, "funds_exec_rate")] == ["funds.execution_rate"]

"""funds-nature-sum: 基本支出 + 项目支出 against their total."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from jixiao.findings import Severity
from tests.core.checks.support import run
from tests.factories import clean_department


def test_it_flags_basic_and_project_spending_that_miss_the_total():
    evaluation = clean_department()
    evaluation.funds.by_nature.basic = D("1107.91")

    [finding] = run(evaluation, "funds_nature_sum")

    assert finding.code == "funds-nature-sum"
    assert finding.severity is Severity.ERROR
    assert finding.path == "funds.by_nature"
    assert finding.message.startswith(
        "基本支出 1107.91 万元 + 项目支出 16503.88 万元 = 17611.79 万元，"
        "与按支出性质分合计数 17511.79 万元相差 100.00 万元"
    )


@pytest.mark.parametrize(
    ("basic", "severity"), [("1007.93", Severity.INFO), ("1007.94", Severity.ERROR)]
)
def test_two_rounded_parts_may_be_two_cents_off_and_no_more(basic: str, severity: Severity):
    evaluation = clean_department()
    evaluation.funds.by_nature.basic = D(basic)

    [finding] = run(evaluation, "funds_nature_sum")

    assert finding.severity is severity


def test_it_says_nothing_about_the_clean_document():
    assert run(clean_department(), "funds_nature_sum") == []


def test_it_needs_both_parts():
    evaluation = clean_department()
    evaluation.funds.by_nature.project = None

    assert run(evaluation, "funds_nature_sum") == []


def test_without_a_printed_total_it_compares_with_the_full_year_budget():
    evaluation = clean_department()
    evaluation.funds.by_nature.total = None
    evaluation.funds.full_year_budget = D("18000")

    [finding] = run(evaluation, "funds_nature_sum")

    assert "与全年预算数 18000.00 万元" in finding.message

"""funds-source-sum: 按收入性质分 parts against their total."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from jixiao.findings import Severity
from jixiao.model import BySource
from tests.core.checks.support import run
from tests.factories import clean_department


def test_it_mentions_a_one_cent_gap_as_rounding():
    evaluation = clean_department()
    evaluation.funds.by_source.general_public_budget = D("5140.38")

    [finding] = run(evaluation, "funds_source_sum")

    assert finding.code == "funds-source-sum"
    assert finding.severity is Severity.INFO
    assert finding.path == "funds.by_source"
    assert finding.message == (
        "按收入性质分项合计 17511.80 万元（一般公共预算 5140.38 + 政府性基金拨款 12055.36 + "
        "其他资金 316.06），与按收入性质分合计数 17511.79 万元相差 0.01 万元，疑为四舍五入，请核对"
    )


def test_it_flags_parts_that_miss_the_total_by_more_than_rounding():
    evaluation = clean_department()
    evaluation.funds.by_source.general_public_budget = D("5000.00")

    [finding] = run(evaluation, "funds_source_sum")

    assert finding.severity is Severity.ERROR
    assert finding.evidence["difference"] == "140.37"


@pytest.mark.parametrize(
    ("general", "severity"), [("5140.40", Severity.INFO), ("5140.41", Severity.ERROR)]
)
def test_three_rounded_parts_may_be_three_cents_off_and_no_more(general: str, severity: Severity):
    evaluation = clean_department()
    evaluation.funds.by_source.general_public_budget = D(general)

    [finding] = run(evaluation, "funds_source_sum")

    assert finding.severity is severity


def test_it_says_nothing_about_the_clean_document():
    assert run(clean_department(), "funds_source_sum") == []


def test_it_does_not_sum_a_single_known_part():
    evaluation = clean_department()
    evaluation.funds.by_source = BySource(total=D("17511.79"), general_public_budget=D(5000))

    assert run(evaluation, "funds_source_sum") == []


def test_without_a_printed_total_it_compares_with_the_full_year_budget():
    evaluation = clean_department()
    evaluation.funds.by_source.total = None
    evaluation.funds.by_source.other = D("16.06")

    [finding] = run(evaluation, "funds_source_sum")

    assert "与全年预算数 17511.79 万元相差 300.00 万元" in finding.message


def test_it_adds_up_the_rows_of_a_project_table():
    evaluation = clean_department()
    evaluation.kind = "project"
    evaluation.funds.by_source = BySource(
        total=D(500), current_year_appropriation=D(300), carried_over=D(150), other=D(40)
    )

    [finding] = run(evaluation, "funds_source_sum")

    assert "当年财政拨款 300.00 + 上年结转资金 150.00 + 其他资金 40.00" in finding.message
    assert finding.severity is Severity.ERROR

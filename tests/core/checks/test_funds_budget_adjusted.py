"""funds-budget-adjusted: a large gap between 年初预算数 and 全年预算数."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from jixiao.findings import Severity
from tests.core.checks.support import run
from tests.factories import clean_department


def test_it_flags_a_full_year_budget_three_and_a_half_times_the_initial_one():
    evaluation = clean_department()
    evaluation.funds.initial_budget = D("5025.23")

    [finding] = run(evaluation, "funds_budget_adjusted")

    assert finding.code == "funds-budget-adjusted"
    assert finding.severity is Severity.WARNING
    assert finding.path == "funds.full_year_budget"
    assert finding.evidence["times"] == "3.48"
    assert finding.message.startswith(
        "全年预算数 17511.79 万元是年初预算数 5025.23 万元的 3.48 倍，调整幅度 248.48%"
    )


def test_it_flags_a_large_cut_as_well():
    evaluation = clean_department()
    evaluation.funds.initial_budget = D("30000")

    assert len(run(evaluation, "funds_budget_adjusted")) == 1


@pytest.mark.parametrize(("full_year", "fires"), [("130", False), ("130.01", True)])
def test_an_adjustment_of_exactly_the_threshold_is_allowed(full_year: str, fires: bool):
    evaluation = clean_department()
    evaluation.funds.initial_budget = D(100)
    evaluation.funds.full_year_budget = D(full_year)

    assert bool(run(evaluation, "funds_budget_adjusted")) is fires


def test_it_says_nothing_about_the_clean_document():
    assert run(clean_department(), "funds_budget_adjusted") == []


def test_a_table_without_an_initial_budget_has_nothing_to_compare():
    evaluation = clean_department()
    evaluation.funds.initial_budget = None

    assert run(evaluation, "funds_budget_adjusted") == []

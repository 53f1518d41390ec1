"""funds-total-mismatch: a breakdown total that is not the full-year budget."""

from __future__ import annotations

from decimal import Decimal as D

from tests.core.checks.support import paths, run
from tests.factories import clean_department, seedlike_department


def test_it_flags_a_by_source_total_that_is_not_the_budget():
    evaluation = clean_department()
    evaluation.funds.by_source.total = D("17511.97")
    findings = run(evaluation, "funds_totals")
    assert paths(findings, "funds-total-mismatch") == ["funds.by_source.total"]
    assert "0.18" in findings[0].message


def test_it_flags_a_by_nature_total_that_is_not_the_budget():
    evaluation = clean_department()
    evaluation.funds.by_nature.total = D("1751.79")
    assert paths(run(evaluation, "funds_totals"), "funds-total-mismatch") == [
        "funds.by_nature.total"
    ]


def test_it_says_nothing_when_the_totals_are_the_budget():
    assert run(clean_department(), "funds_totals") == []
    assert run(seedlike_department(), "funds_totals") == []


def test_it_says_nothing_when_a_total_or_the_budget_is_not_printed():
    evaluation = clean_department()
    evaluation.funds.by_source.total = None
    evaluation.funds.by_nature.total = D("1")
    evaluation.funds.full_year_budget = None
    assert run(evaluation, "funds_totals") == []

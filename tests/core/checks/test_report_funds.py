"""report-funds-mismatch: the report's fund figures against the table's funds block."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from tests.core.checks.support import run, section
from tests.factories import clean_department


def test_it_flags_general_budget_spending_that_does_not_reconcile_with_the_table():
    evaluation = clean_department()
    spending = section(evaluation, 2)
    spending.text = spending.text.replace("4132.46", "4217.84")
    evaluation.funds.by_source.general_public_budget = D("5140.38")

    [finding] = run(evaluation, "report_funds")

    assert finding.code == "report-funds-mismatch"
    assert finding.path == "report.sections[1].text"
    assert finding.evidence["parts"] == ["1007.91万元", "4217.84万元"]
    assert finding.evidence["stated"] == "5225.75"
    assert finding.evidence["table"] == "5140.38"
    assert finding.evidence["difference"] == "85.37"
    assert "1007.91万元＋4217.84万元＝5225.75万元" in finding.message


def test_it_flags_basic_spending_that_differs_from_the_table():
    evaluation = clean_department()
    evaluation.funds.by_nature.basic = D("1107.91")

    findings = run(evaluation, "report_funds")

    [basic] = [f for f in findings if f.evidence["item"] == "基本支出"]
    assert basic.evidence["stated"] == "1007.91"
    assert basic.evidence["table"] == "1107.91"


def test_it_flags_project_spending_that_differs_from_the_table():
    evaluation = clean_department()
    evaluation.funds.by_nature.project = D("16000.00")

    [finding] = run(evaluation, "report_funds")

    assert finding.evidence["item"] == "项目支出"
    assert finding.evidence["difference"] == "503.88"


def test_it_flags_a_government_fund_figure_that_differs_from_the_table():
    evaluation = clean_department()
    evaluation.funds.by_source.government_fund = D("12000.00")

    [finding] = run(evaluation, "report_funds")

    assert finding.evidence["item"] == "政府性基金支出"
    assert finding.evidence["report"] == "12055.36万元"


def test_basic_spending_counts_as_general_budget_only_when_the_report_says_so():
    evaluation = clean_department()
    spending = section(evaluation, 2)
    spending.title = "部门支出情况"
    spending.heading = "二、部门支出情况"
    spending.text = spending.text.replace("财政拨款基本支出", "基本支出")
    evaluation.funds.by_source.general_public_budget = D("9999.99")

    assert run(evaluation, "report_funds") == []


@pytest.mark.parametrize("field", ["basic", "project"])
def test_a_table_without_the_figure_has_nothing_to_compare(field: str):
    evaluation = clean_department()
    setattr(evaluation.funds.by_nature, field, None)

    assert run(evaluation, "report_funds") == []


def test_the_clean_report_reconciles_with_the_table():
    assert run(clean_department(), "report_funds") == []

"""All numeric checks together, on the seed's figures and on the clean document."""

from __future__ import annotations

from jixiao.findings import Severity
from tests.core.checks.support import NUMERIC_MODULES, paths, run
from tests.factories import clean_department, seedlike_department


def seed_findings():
    return run(seedlike_department(), *NUMERIC_MODULES)


def test_the_one_cent_gap_in_the_seeds_income_sources_is_mentioned_as_rounding():
    [finding] = [f for f in seed_findings() if f.code == "funds-source-sum"]

    assert finding.severity is Severity.INFO
    assert finding.evidence["sum"] == "17511.80"
    assert finding.evidence["reference"] == "17511.79"


def test_the_seeds_large_mid_year_budget_adjustment_is_flagged():
    assert paths(seed_findings(), "funds-budget-adjusted") == ["funds.full_year_budget"]


def test_the_seeds_two_unexplained_deductions_are_flagged_and_nothing_else():
    assert paths(seed_findings(), "deduction-without-reason") == [
        "indicators[12].deviation_reason",
        "indicators[13].deviation_reason",
    ]


def test_the_seeds_cost_line_with_full_marks_is_flagged():
    assert paths(seed_findings(), "target-missed-full-score") == ["indicators[8].score"]


def test_what_adds_up_in_the_seed_is_left_alone():
    codes = {finding.code for finding in seed_findings()}

    assert codes.isdisjoint(
        {
            "score-exceeds-weight",
            "score-total-mismatch",
            "grade-mismatch",
            "weights-total",
            "weights-level1",
            "funds-exec-rate-mismatch",
            "funds-exec-score-mismatch",
            "funds-nature-sum",
            "funds-over-executed",
            "missing-value",
        }
    )


def test_the_clean_document_gets_no_warning_and_no_error():
    findings = run(clean_department(), *NUMERIC_MODULES)

    assert [f for f in findings if f.severity is not Severity.INFO] == []

"""The report and text checks on the seed's facts, and on the clean document."""

from __future__ import annotations

from collections import Counter

from jixiao.findings import Finding, Severity
from tests.core.checks.support import TEXT_MODULES, run
from tests.factories import clean_department, seedlike_department


def seed_findings() -> list[Finding]:
    return run(seedlike_department(), *TEXT_MODULES)


def by_code(findings: list[Finding], code: str) -> list[Finding]:
    return [finding for finding in findings if finding.code == code]


def test_vague_targets_are_flagged_at_least_three_times_including_the_seeds_words():
    vague = by_code(seed_findings(), "target-vague")

    words = {str(finding.evidence["words"]) for finding in vague}
    assert len(vague) >= 3
    assert {"改善", "可持续", "及时"} <= words


def test_actuals_that_copy_the_target_are_flagged_for_satisfaction_and_water_supply():
    copied = {
        str(finding.evidence["indicator"])
        for finding in by_code(seed_findings(), "actual-copies-target")
    }

    assert {"群众满意度", "供水率"} <= copied
    assert "危房验收合格率" not in copied
    assert "危房改造户数" not in copied


def test_the_social_benefit_line_is_named_with_its_target():
    [finding] = by_code(seed_findings(), "indicator-name-is-target")

    assert finding.path == "indicators[11].name"


def test_the_report_trains_229_craftsmen_where_the_table_says_225():
    [finding] = by_code(seed_findings(), "report-table-mismatch")

    assert (finding.evidence["table"], finding.evidence["report"]) == ("225名", "229名")


def test_the_reports_general_budget_spending_does_not_reconcile_with_the_table():
    [finding] = by_code(seed_findings(), "report-funds-mismatch")

    assert (finding.evidence["table"], finding.evidence["stated"]) == ("5140.38", "5225.75")


def test_the_personal_mobile_number_is_flagged():
    [finding] = by_code(seed_findings(), "privacy-phone")

    assert finding.path == "signoff.phone"


def test_the_seeds_right_arithmetic_score_and_complete_outline_are_left_alone():
    codes = Counter(finding.code for finding in seed_findings())

    assert codes["report-arithmetic"] == 0
    assert codes["report-score-mismatch"] == 0
    assert codes["report-section-missing"] == 0
    assert codes["privacy-id-number"] == 0


def test_the_clean_document_gets_no_warning_or_error_from_any_text_check():
    findings = run(clean_department(), *TEXT_MODULES)

    assert [f for f in findings if f.severity in (Severity.ERROR, Severity.WARNING)] == []

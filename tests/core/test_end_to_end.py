"""The core issue's acceptance list, on our own seed-like fixture (same facts, own words)."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal as D
from pathlib import Path

import pytest

from jixiao.findings import Severity
from jixiao.importers import import_path
from jixiao.report import CheckReport, check
from jixiao.scoring import round2
from tests.factories import clean_department

SEEDLIKE = Path(__file__).parent.parent / "data" / "department-seedlike.txt"

ABSENT_ON_SEED = [
    "score-exceeds-weight",
    "score-total-mismatch",
    "grade-mismatch",
    "weights-total",
    "funds-exec-rate-mismatch",
    "funds-nature-sum",
    "report-arithmetic",
    "report-score-mismatch",
]


@pytest.fixture(scope="module")
def seed_report() -> CheckReport:
    (evaluation,) = import_path(SEEDLIKE).evaluations
    return check(evaluation)


def _at(report: CheckReport, code: str) -> list[str]:
    return [finding.path for finding in report.findings if finding.code == code]


def test_the_seedlike_file_reports_what_a_reviewer_finds(seed_report):
    codes = Counter(finding.code for finding in seed_report.findings)
    for code in [
        "funds-source-sum",
        "funds-budget-adjusted",
        "target-missed-full-score",
        "indicator-name-is-target",
        "report-table-mismatch",
        "report-funds-mismatch",
        "privacy-phone",
    ]:
        assert codes[code] >= 1, code
    assert codes["deduction-without-reason"] >= 2
    assert codes["target-vague"] >= 3


def test_the_rounding_gap_of_the_sources_is_only_mentioned(seed_report):
    (finding,) = [f for f in seed_report.findings if f.code == "funds-source-sum"]
    assert finding.severity is Severity.INFO


def test_the_findings_sit_on_the_right_lines(seed_report):
    names = {i: ind.name for i, ind in enumerate(seed_report.evaluation.indicators)}
    assert {names[12], names[13]} <= {
        names[int(p.split("[")[1].split("]")[0])]
        for p in _at(seed_report, "deduction-without-reason")
    }
    assert any(p.startswith("indicators[8]") for p in _at(seed_report, "target-missed-full-score"))
    vague = " ".join(_at(seed_report, "target-vague"))
    for index in (7, 12, 13):  # 及时, 改善, 可持续
        assert f"indicators[{index}]" in vague
    copies = " ".join(_at(seed_report, "actual-copies-target"))
    assert "indicators[0]" in copies  # 供水率
    assert "indicators[14]" in copies  # 群众满意度
    assert any(p.startswith("indicators[11]") for p in _at(seed_report, "indicator-name-is-target"))


@pytest.mark.parametrize("code", ABSENT_ON_SEED)
def test_a_good_checker_says_nothing_about_what_is_right(seed_report, code):
    assert code not in {finding.code for finding in seed_report.findings}


def test_the_seed_recomputes_to_94_43_and_stays_excellent(seed_report):
    assert seed_report.score.self_reported == D(98)
    assert round2(seed_report.score.recomputed) == D("94.43")
    assert seed_report.score.grade_recomputed == "优"
    assert seed_report.valid is False


def test_a_clean_document_gets_no_warning_or_error():
    report = check(clean_department())
    serious = [f for f in report.findings if f.severity is not Severity.INFO]
    assert serious == [], [f"{f.code} {f.path} {f.message}" for f in serious]
    assert report.valid


def test_the_clean_document_survives_a_json_round_trip_unchanged():
    evaluation = clean_department()
    assert type(evaluation).from_json(evaluation.to_json()) == evaluation

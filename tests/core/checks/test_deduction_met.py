"""deduction-on-met-target: points lost on a line whose measured target was met."""

from __future__ import annotations

from decimal import Decimal as D

from jixiao.findings import Severity
from tests.core.checks.support import run
from tests.factories import clean_department


def test_it_flags_a_deduction_on_a_met_target():
    evaluation = clean_department()
    evaluation.indicators[0].score = D(4)

    [finding] = run(evaluation, "deduction_met")

    assert finding.code == "deduction-on-met-target"
    assert finding.severity is Severity.WARNING
    assert finding.path == "indicators[0].score"
    assert finding.message.startswith(
        "“供水率”年度指标值 ≥90%，实际完成 92.5%，已达成目标，却只得 4 分（分值 5 分）"
    )


def test_a_qualitative_line_may_lose_points_by_judgement():
    evaluation = clean_department()
    evaluation.indicators[4].score = D("4.5")

    assert run(evaluation, "deduction_met") == []


def test_a_deduction_on_a_missed_target_is_not_this_finding():
    evaluation = clean_department()
    assert evaluation.indicators[12].score == D("4.72")

    assert run(evaluation, "deduction_met") == []


def test_it_says_nothing_about_the_clean_document():
    assert run(clean_department(), "deduction_met") == []

"""target-missed-full-score: full marks on a measured line that missed its target."""

from __future__ import annotations

from decimal import Decimal as D

from jixiao.findings import Severity
from jixiao.model import Measured
from tests.core.checks.support import run
from tests.factories import clean_department, seedlike_department


def test_it_flags_the_seeds_cost_line_with_its_recomputed_score():
    [finding] = run(seedlike_department(), "target_missed")

    assert finding.code == "target-missed-full-score"
    assert finding.severity is Severity.ERROR
    assert finding.path == "indicators[8].score"
    assert finding.evidence["recomputed"] == "1.43"
    assert finding.message == (
        "“全年预算数”年度指标值 5025.23万元，实际完成 17511.79万元，未达成目标"
        "（反向指标，越低越好），却自评满分 5 分；按评分规则应得 1.43 分"
    )


def test_it_flags_a_positive_line_below_its_target_with_full_marks():
    evaluation = clean_department()
    evaluation.indicators[0].actual = Measured(text="80%")

    [finding] = run(evaluation, "target_missed")

    assert finding.path == "indicators[0].score"
    assert finding.evidence["recomputed"] == "4.44"


def test_a_missed_target_scored_below_full_marks_is_not_this_finding():
    evaluation = clean_department()
    evaluation.indicators[0].actual = Measured(text="80%")
    evaluation.indicators[0].score = D("4.44")

    assert run(evaluation, "target_missed") == []


def test_a_qualitative_line_is_never_known_to_have_missed():
    evaluation = clean_department()
    evaluation.indicators[4].actual = Measured(text="基本达到一级A标")

    assert run(evaluation, "target_missed") == []


def test_it_says_nothing_about_the_clean_document():
    assert run(clean_department(), "target_missed") == []

"""score-recomputed-differs: the total recomputed by the rules against the self score."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from jixiao.findings import Severity
from jixiao.model import Measured
from tests.core.checks.support import run
from tests.factories import clean_department, seedlike_department


def test_it_tells_the_seed_that_the_rules_give_94_43_and_names_the_cost_line():
    [finding] = run(seedlike_department(), "score_recomputed")

    assert finding.code == "score-recomputed-differs"
    assert finding.severity is Severity.INFO
    assert finding.path == "total.score"
    assert finding.evidence["recomputed"] == "94.43"
    assert finding.evidence["difference"] == "-3.57"
    assert finding.evidence["paths"] == ["indicators[8]"]
    assert "自评总分 98 分，相差 3.57 分（重算等级“优”，自评等级“优”）" in finding.message
    assert finding.message.endswith("全年预算数 5 → 1.43")


def test_it_warns_when_the_recomputed_total_falls_into_another_grade():
    evaluation = clean_department()
    evaluation.indicators[10].actual = Measured(text="0万元")  # 10 → 0: 89.72, 良

    [finding] = run(evaluation, "score_recomputed")

    assert finding.severity is Severity.WARNING
    assert finding.evidence["grade_recomputed"] == "良"


def test_it_says_nothing_about_the_clean_document():
    assert run(clean_department(), "score_recomputed") == []


@pytest.mark.parametrize(("printed", "fires"), [("99.5", True), ("99.51", False)])
def test_a_gap_of_half_a_point_is_worth_telling(printed: str, fires: bool):
    evaluation = clean_department()
    evaluation.indicators[12].actual = Measured(text="90%")  # recomputed total exactly 100
    evaluation.total.score = D(printed)

    assert bool(run(evaluation, "score_recomputed")) is fires

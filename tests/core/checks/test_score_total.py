"""score-total-mismatch: the printed 总分 against the sum of the printed scores."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from jixiao.findings import Severity
from tests.core.checks.support import run
from tests.factories import clean_department


def test_it_flags_a_total_that_is_not_the_sum_of_the_scores():
    evaluation = clean_department()
    evaluation.total.score = D(98)

    [finding] = run(evaluation, "score_total")

    assert finding.code == "score-total-mismatch"
    assert finding.severity is Severity.ERROR
    assert finding.path == "total.score"
    assert finding.message == (
        "总分填写为 98 分，而预算执行得分 10 分与各项指标得分 89.72 分合计为 99.72 分，相差 1.72 分"
    )


def test_it_says_nothing_about_the_clean_document():
    assert run(clean_department(), "score_total") == []


@pytest.mark.parametrize(("printed", "fires"), [("99.73", False), ("99.74", True)])
def test_one_rounded_line_may_move_the_total_by_the_tolerance(printed: str, fires: bool):
    evaluation = clean_department()
    evaluation.total.score = D(printed)

    assert bool(run(evaluation, "score_total")) is fires


def test_integer_scores_leave_no_room_for_rounding():
    evaluation = clean_department()
    evaluation.indicators[12].score = D(5)
    evaluation.total.score = D("100.01")

    assert len(run(evaluation, "score_total")) == 1


def test_a_missing_line_score_is_left_to_missing_value():
    evaluation = clean_department()
    evaluation.indicators[0].score = None

    assert run(evaluation, "score_total") == []


def test_a_table_whose_rules_give_execution_no_weight_is_summed_without_it():
    evaluation = clean_department()
    evaluation.funds.weight = D(0)
    evaluation.funds.score = None
    evaluation.total.score = D("99.72")

    [finding] = run(evaluation, "score_total")

    assert finding.evidence["sum"] == "89.72"

"""weights-total: all weights against the rules' total and the 总分 row."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from jixiao.findings import Severity
from tests.core.checks.support import run
from tests.factories import clean_department


def test_it_flags_weights_that_add_up_to_101():
    evaluation = clean_department()
    evaluation.indicators[0].weight = D(6)
    evaluation.total.weight = D(101)

    [finding] = run(evaluation, "weights_total")

    assert finding.code == "weights-total"
    assert finding.severity is Severity.ERROR
    assert finding.path == "indicators"
    assert finding.message == (
        "各项分值合计 101 分（预算执行 10 分 + 绩效指标 91 分），总分栏填写 101 分，"
        "评分规则要求合计 100 分"
    )


def test_it_flags_a_total_row_that_is_not_the_sum_of_the_weights():
    evaluation = clean_department()
    evaluation.total.weight = D(90)

    [finding] = run(evaluation, "weights_total")

    assert finding.path == "total.weight"


def test_it_says_nothing_about_the_clean_document():
    assert run(clean_department(), "weights_total") == []


@pytest.mark.parametrize(("weight", "fires"), [("5.01", False), ("5.02", True)])
def test_it_allows_the_score_tolerance_and_no_more(weight: str, fires: bool):
    evaluation = clean_department()
    evaluation.indicators[0].weight = D(weight)
    evaluation.total.weight = None

    assert bool(run(evaluation, "weights_total")) is fires


def test_a_missing_weight_is_left_to_missing_value():
    evaluation = clean_department()
    evaluation.indicators[0].weight = None

    assert run(evaluation, "weights_total") == []

"""target-far-exceeded: a large over-completion without an explanation."""

from __future__ import annotations

import pytest

from jixiao.findings import Severity
from jixiao.model import Measured
from tests.core.checks.support import run
from tests.factories import clean_department


@pytest.mark.parametrize(("actual", "fires"), [("780万元", True), ("779.99万元", False)])
def test_it_asks_why_a_target_was_exceeded_from_1_3_times_on(actual: str, fires: bool):
    evaluation = clean_department()
    evaluation.indicators[10].actual = Measured(text=actual)

    assert bool(run(evaluation, "target_exceeded")) is fires


def test_its_message_names_the_multiple():
    evaluation = clean_department()
    evaluation.indicators[10].actual = Measured(text="792.63万元")

    [finding] = run(evaluation, "target_exceeded")

    assert finding.code == "target-far-exceeded"
    assert finding.severity is Severity.WARNING
    assert finding.path == "indicators[10].deviation_reason"
    assert finding.message.startswith(
        "“收取污水处理费”实际完成 792.63万元，是年度指标值 ≥600万元 的 1.32 倍"
    )


def test_an_explained_over_completion_is_fine():
    evaluation = clean_department()
    evaluation.indicators[10].actual = Measured(text="900万元")
    evaluation.indicators[10].deviation_reason = "年中新增两个片区纳入收费。"

    assert run(evaluation, "target_exceeded") == []


def test_a_reverse_line_far_below_its_limit_is_not_over_completion():
    evaluation = clean_department()
    evaluation.indicators[13].actual = Measured(text="5%")  # 漏损率 ≤20%

    assert run(evaluation, "target_exceeded") == []


def test_it_compares_amounts_in_one_unit():
    evaluation = clean_department()
    evaluation.indicators[10].actual = Measured(text="7000000元")  # 700万元: 1.17 ×

    assert run(evaluation, "target_exceeded") == []


def test_it_says_nothing_about_the_clean_document():
    assert run(clean_department(), "target_exceeded") == []

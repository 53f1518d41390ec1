"""funds-exec-score-mismatch: the printed execution score against the rules."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from jixiao.findings import Severity
from tests.core.checks.support import run
from tests.factories import clean_department


def test_it_flags_full_marks_for_a_rate_of_76_percent():
    evaluation = clean_department()
    evaluation.funds.executed = D("13308.96")  # 76.00%
    evaluation.funds.execution_rate = D("76")

    [finding] = run(evaluation, "funds_exec_score")

    assert finding.code == "funds-exec-score-mismatch"
    assert finding.severity is Severity.ERROR
    assert finding.path == "funds.score"
    assert finding.evidence["recomputed"] == "7.6"
    assert finding.message.startswith("预算执行得分填写为 10 分，按评分规则应为 7.6 分")


def test_it_says_nothing_about_the_clean_document():
    assert run(clean_department(), "funds_exec_score") == []


@pytest.mark.parametrize(("printed", "fires"), [("9.99", False), ("9.98", True)])
def test_it_allows_a_score_off_by_the_tolerance_and_no_more(printed: str, fires: bool):
    evaluation = clean_department()
    evaluation.funds.score = D(printed)

    assert bool(run(evaluation, "funds_exec_score")) is fires


def test_it_keeps_quiet_when_the_rate_cannot_be_computed():
    evaluation = clean_department()
    evaluation.funds.executed = None
    evaluation.funds.score = D(3)

    assert run(evaluation, "funds_exec_score") == []

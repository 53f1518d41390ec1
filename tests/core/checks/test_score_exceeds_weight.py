"""score-exceeds-weight: no line may score above its weight."""

from __future__ import annotations

from decimal import Decimal as D

from jixiao.findings import Severity
from tests.core.checks.support import run
from tests.factories import clean_department


def test_it_flags_a_score_above_its_weight():
    evaluation = clean_department()
    evaluation.indicators[3].score = D(6)

    [finding] = run(evaluation, "score_exceeds_weight")

    assert finding.code == "score-exceeds-weight"
    assert finding.severity is Severity.ERROR
    assert finding.path == "indicators[3].score"
    assert finding.message == "“培训工匠人数”得分 6 分，超过其分值 5 分；得分最多为分值"


def test_it_flags_an_execution_score_above_its_weight():
    evaluation = clean_department()
    evaluation.funds.score = D(12)

    [finding] = run(evaluation, "score_exceeds_weight")

    assert finding.path == "funds.score"


def test_it_measures_an_unweighted_funds_line_against_the_rules_default():
    evaluation = clean_department()
    evaluation.funds.weight = None
    evaluation.funds.score = D("10.5")

    [finding] = run(evaluation, "score_exceeds_weight")

    assert finding.evidence["weight"] == "10"


def test_a_score_equal_to_its_weight_is_fine():
    assert run(clean_department(), "score_exceeds_weight") == []

"""missing-value: cells every table must carry."""

from __future__ import annotations

from jixiao.findings import Severity
from jixiao.model import Measured
from tests.core.checks.support import run
from tests.factories import clean_department


def test_it_flags_an_empty_target():
    evaluation = clean_department()
    evaluation.indicators[3].target = Measured(text="　")

    [finding] = run(evaluation, "missing_value")

    assert finding.code == "missing-value"
    assert finding.severity is Severity.WARNING
    assert finding.path == "indicators[3].target"
    assert finding.message == "第 4 项指标“培训工匠人数”的“年度指标值”未填写"


def test_a_missing_weight_or_score_on_an_indicator_is_an_error():
    evaluation = clean_department()
    evaluation.indicators[0].weight = None
    evaluation.indicators[1].score = None

    findings = run(evaluation, "missing_value")

    assert [(f.path, f.severity) for f in findings] == [
        ("indicators[0].weight", Severity.ERROR),
        ("indicators[1].score", Severity.ERROR),
    ]


def test_it_flags_missing_amounts_and_a_missing_total():
    evaluation = clean_department()
    evaluation.funds.executed = None
    evaluation.total.score = None

    findings = run(evaluation, "missing_value")

    assert [f.path for f in findings] == ["funds.executed", "total.score"]
    assert findings[0].message == "预算执行情况的“全年执行数”未填写"


def test_an_indicator_without_a_name_is_counted_by_position():
    evaluation = clean_department()
    evaluation.indicators[2].name = " "

    [finding] = run(evaluation, "missing_value")

    assert finding.message == "第 3 项指标的“三级指标”未填写"


def test_it_says_nothing_about_the_clean_document():
    # The clean table has no 纳入专户管理的非税收入拨款 and no deviation analysis on its
    # full-score lines: both may legitimately be blank.
    evaluation = clean_department()
    assert evaluation.funds.by_source.special_account_non_tax is None

    assert run(evaluation, "missing_value") == []

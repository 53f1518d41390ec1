"""weights-level1: weights per first-level indicator against the rules and the table's label."""

from __future__ import annotations

from decimal import Decimal as D

from jixiao.findings import Severity
from tests.core.checks.support import run
from tests.factories import BEN, OUT, SAT, clean_department


def test_it_flags_lines_that_contradict_the_weight_in_their_label_as_an_error():
    evaluation = clean_department()
    evaluation.indicators[9].level1 = BEN  # 产出 45, 效益 35; the labels still say 50 and 30

    findings = run(evaluation, "weights_level1")

    assert [(f.path, f.severity) for f in findings] == [
        ("indicators[0].level1", Severity.ERROR),
        ("indicators[9].level1", Severity.ERROR),
    ]
    assert (
        findings[0].message
        == "一级指标“产出指标”下各三级指标分值合计 45 分，而表中标注的分值为 50 分"
    )


def test_it_warns_when_a_special_case_moves_weights_away_from_the_rules():
    evaluation = clean_department()
    evaluation.indicators[9].level1 = BEN
    evaluation.declared_level1_weights = {OUT: D(45), BEN: D(35), SAT: D(10)}

    findings = run(evaluation, "weights_level1")

    assert [(f.path, f.severity) for f in findings] == [
        ("indicators[0].level1", Severity.WARNING),
        ("indicators[9].level1", Severity.WARNING),
    ]
    assert "评分规则规定（特殊情况可调整，请说明）为 50 分" in findings[0].message


def test_it_says_nothing_about_the_clean_document():
    assert run(clean_department(), "weights_level1") == []


def test_it_matches_first_level_names_loosely():
    evaluation = clean_department()
    for indicator in evaluation.indicators:
        assert indicator.level1 is not None
        indicator.level1 = {OUT: "产出", BEN: "效益指标（30分）", SAT: " 满意度 "}[indicator.level1]
    evaluation.declared_level1_weights = {"产出": D(50), "效益": D(30), "满意度指标": D(10)}

    assert run(evaluation, "weights_level1") == []


def test_it_warns_about_a_first_level_the_table_leaves_out():
    evaluation = clean_department()
    evaluation.indicators = evaluation.indicators[:-1]  # no 满意度 line
    evaluation.declared_level1_weights = {}

    [finding] = run(evaluation, "weights_level1")

    assert finding.severity is Severity.WARNING
    assert "“满意度指标”下各三级指标分值合计 0 分" in finding.message


def test_a_table_in_another_framework_is_not_told_about_each_missing_level():
    evaluation = clean_department()
    for indicator in evaluation.indicators:
        indicator.level1 = "决策"
    evaluation.declared_level1_weights = {}

    assert run(evaluation, "weights_level1") == []

"""Scoring by the national 2020 rules, explained line by line."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest

from jixiao import check
from jixiao.model import Funds, Indicator, Measured
from jixiao.report import CheckReport, Stats
from jixiao.rules import load_profile
from jixiao.scoring import LineScore, ScoreResult, round2, score, score_indicator
from jixiao.scoring.execution import score_execution
from jixiao.values import Direction
from tests.factories import clean_department, seedlike_department

NATIONAL = load_profile()


def line(target: str, actual: str, weight: str = "10", self_score: str | None = None, **kw):
    indicator = Indicator(
        name=kw.pop("name", "指标"),
        level2=kw.pop("level2", None),
        target=Measured(text=target),
        actual=Measured(text=actual),
        weight=D(weight),
        score=None if self_score is None else D(self_score),
        **kw,
    )
    return score_indicator(indicator, 0, kw.get("profile", NATIONAL))


def test_the_seed_recomputes_to_94_43_with_the_cost_line_at_1_43():
    result = score(seedlike_department())
    assert result.self_reported == D(98)
    assert round2(result.recomputed) == D("94.43")
    assert result.grade_recomputed == "优"
    cost = result.lines[9]
    assert cost.name == "全年预算数"
    assert cost.rule == "reverse-ratio"
    assert round2(cost.recomputed) == D("1.43")
    assert cost.target_met is False


def test_every_line_is_explained_with_rule_and_inputs():
    result = score(seedlike_department())
    assert len(result.lines) == 16
    for scored in result.lines:
        assert scored.rule
        assert scored.explanation
        assert "target" in scored.inputs or scored.path == "funds"


def test_a_clean_document_keeps_its_self_score():
    result = score(clean_department())
    assert round2(result.recomputed) == result.self_reported == D("99.72")


def test_positive_line_scores_in_proportion_when_missed():
    assert line("≥90%", "85%").recomputed == D(10) * D(85) / D(90)
    assert line("≥90%", "95%").recomputed == D(10)


def test_reverse_line_scores_by_ratio_or_linearly():
    assert line("≤100万元", "125万元").recomputed == D(8)
    linear = load_profile().model_copy(
        update={
            "quantitative": NATIONAL.quantitative.model_copy(update={"reverse_method": "linear"})
        }
    )
    indicator = Indicator(
        name="成本", target=Measured(text="≤100万元"), actual=Measured(text="125万元"), weight=D(10)
    )
    assert score_indicator(indicator, 0, linear).recomputed == D("7.5")


def test_reverse_line_at_twice_the_target_scores_zero_linearly():
    linear = NATIONAL.model_copy(
        update={
            "quantitative": NATIONAL.quantitative.model_copy(update={"reverse_method": "linear"})
        }
    )
    indicator = Indicator(
        name="时限", target=Measured(text="≤10天"), actual=Measured(text="25天"), weight=D(5)
    )
    assert score_indicator(indicator, 0, linear).recomputed == D(0)


def test_equal_zero_target_scores_full_only_at_zero():
    assert line("=0起", "0起").recomputed == D(10)
    assert line("=0起", "1起").recomputed == D(0)


def test_money_compares_across_units():
    assert line("≥600万元", "6000000元").target_met is True


def test_deadline_compares_as_months():
    assert line("9月前", "10月").recomputed == D(10) * D(9) / D(10)
    assert line("9月前", "8月").recomputed == D(10)


def test_over_completion_is_never_deducted():
    assert line("≥100个", "500个").recomputed == D(10)


def test_a_negative_actual_counts_as_zero():
    assert line("≥10个", "-5个").recomputed == D(0)


def test_a_score_never_exceeds_its_weight():
    assert line("≥10个", "12个", weight="5", self_score="6").recomputed == D(5)


def test_incomparable_units_keep_the_self_score():
    scored = line("≥10户", "12栋", self_score="7")
    assert scored.recomputed == D(7)
    assert "沿用自评分" in scored.explanation


@pytest.mark.parametrize(
    ("actual", "self_score", "expected"),
    [
        ("已完成", "9", "9"),  # achieved: [8, 10] keeps 9
        ("已完成", "5", "8"),  # below the achieved tier: up to its floor
        ("基本完成", "9", "8"),  # partly achieved: [6, 8) caps at 8
        ("未完成", "9", "6"),  # not achieved: [0, 6)
        ("未完成", "3", "3"),
    ],
)
def test_qualitative_lines_keep_a_self_score_inside_the_tier(actual, self_score, expected):
    scored = line("出水水质达一级A标", actual, self_score=self_score)
    assert scored.rule == "qualitative-tiers"
    assert scored.recomputed == D(expected)


def test_a_declared_direction_overrides_the_inferred_one():
    scored = line("100万元", "120万元", direction=Direction.REVERSE)
    assert scored.direction is Direction.REVERSE
    assert scored.target_met is False


def test_execution_rate_caps_at_one_and_scores_in_proportion():
    funds = Funds(full_year_budget=D("100"), executed=D("76"), weight=D("10"), score=D("10"))
    assert score_execution(funds, NATIONAL).recomputed == D("7.6")
    over = Funds(full_year_budget=D("100"), executed=D("120"), weight=D("10"))
    assert score_execution(over, NATIONAL).recomputed == D(10)


def test_execution_rate_by_intervals_costs_two_points_per_five_percent():
    interval = NATIONAL.model_copy(
        update={"execution": NATIONAL.execution.model_copy(update={"method": "interval"})}
    )
    funds = Funds(full_year_budget=D("100"), executed=D("88"), weight=D("10"))
    assert score_execution(funds, interval).recomputed == D(4)


def test_unknown_budget_keeps_the_self_score():
    funds = Funds(executed=D("5"), weight=D("10"), score=D("9"))
    assert score_execution(funds, NATIONAL).recomputed == D(9)


@pytest.mark.parametrize(
    ("total", "grade"),
    [("100", "优"), ("90", "优"), ("89.99", "良"), ("80", "良"), ("79.999", "中"), ("59.99", "差")],
)
def test_grades_use_the_unrounded_total(total, grade):
    assert NATIONAL.grade_for(D(total)) == grade


def test_a_province_profile_changes_the_scoring_without_code(tmp_path: Path):
    (tmp_path / "linear-province.toml").write_text(
        'extends = "national-2020"\nid = "linear-province"\nname = "示例省"\n'
        '[quantitative]\nreverse_method = "linear"\n',
        encoding="utf-8",
    )
    profile = load_profile("linear-province", [tmp_path])
    result = score(seedlike_department(), profile)
    assert result.profile == "linear-province"
    assert result.lines[9].recomputed == D(0)  # 17511.79 is more than twice 5025.23


def test_score_lines_are_the_objects_validation_would_make():
    result = score(seedlike_department())

    for scored in result.lines:
        validated = LineScore.model_validate(dict(scored))
        assert validated == scored
        assert validated.model_fields_set == scored.model_fields_set
        assert validated.model_dump_json() == scored.model_dump_json()
    assert ScoreResult.model_validate(dict(result)).model_dump_json() == result.model_dump_json()


def test_a_check_report_serialises_as_a_validated_one_would():
    report = check(seedlike_department())

    validated = CheckReport.model_validate(dict(report))

    assert validated == report
    assert validated.json_dict() == report.json_dict()
    assert validated.model_dump() == report.model_dump()
    assert validated.stats.model_fields_set == report.stats.model_fields_set


@pytest.mark.parametrize("model", [LineScore, ScoreResult, CheckReport, Stats])
def test_the_models_built_without_validation_have_nothing_it_would_leave_unset(model):
    assert not model.__private_attributes__
    assert model.model_config.get("extra") == "forbid"

"""Scoring by the official rules: every line recomputed and explained.

``score(evaluation, profile)`` returns a :class:`ScoreResult` with the funds line and every
indicator line (rule, inputs, recomputed score, explanation), the recomputed total and grade,
and the self-reported total and grade beside them.
"""

from __future__ import annotations

from decimal import Decimal

from jixiao.model import Evaluation, Indicator
from jixiao.rules import Profile, load_profile
from jixiao.scoring.execution import execution_rate, score_execution
from jixiao.scoring.qualitative import score_qualitative
from jixiao.scoring.quantitative import common_numbers, score_quantitative
from jixiao.scoring.result import LineScore, ScoreResult, round2
from jixiao.values import Direction, ParsedValue, ValueKind, infer_direction

__all__ = [
    "LineScore",
    "ScoreResult",
    "common_numbers",
    "direction_of",
    "execution_rate",
    "round2",
    "score",
    "score_indicator",
]

_EMPTY = ParsedValue(kind=ValueKind.EMPTY)


def direction_of(indicator: Indicator, profile: Profile) -> Direction:
    """The declared direction, or the one inferred from target, name and second level."""
    if indicator.direction is not None:
        return indicator.direction
    target = indicator.target.value if indicator.target else _EMPTY
    return infer_direction(
        target,
        name=indicator.name,
        level2=indicator.level2,
        reverse_keywords=profile.vocabulary.reverse_keywords,
    )


def _kept(line: LineScore, why: str, why_en: str) -> LineScore:
    line.recomputed = line.self_score
    line.explanation = why
    line.explanation_en = why_en
    return line


def score_indicator(indicator: Indicator, index: int, profile: Profile) -> LineScore:
    """Recompute one indicator line and say how."""
    direction = direction_of(indicator, profile)
    target = indicator.target.value if indicator.target else _EMPTY
    actual = indicator.actual.value if indicator.actual else _EMPTY
    line = LineScore(
        path=f"indicators[{index}]",
        name=indicator.name,
        rule=direction.value,
        direction=direction,
        inputs={
            "target": indicator.target.text if indicator.target else None,
            "actual": indicator.actual.text if indicator.actual else None,
        },
        weight=indicator.weight,
        self_score=indicator.score,
    )
    if indicator.weight is None:
        return _kept(line, "分值缺失，沿用自评分。", "weight missing: self score kept")
    if direction is Direction.QUALITATIVE:
        if actual.kind is ValueKind.EMPTY:
            return _kept(
                line, "实际完成值为空，无法判断，沿用自评分。", "no actual: self score kept"
            )
        tiered = score_qualitative(
            indicator.actual.text if indicator.actual else "",
            indicator.weight,
            indicator.score,
            profile,
        )
        line.rule = "qualitative-tiers"
        line.recomputed, line.target_met = tiered.score, tiered.met
        line.explanation = f"定性指标，{tiered.formula}。"
        line.explanation_en = f"qualitative: tier '{tiered.tier.name_en or tiered.tier.name}'"
        return line
    outcome = score_quantitative(target, actual, direction, indicator.weight, profile)
    if outcome is None:
        return _kept(
            line,
            "实际完成值不是可与指标值比较的数值，沿用自评分。",
            "actual not comparable with the target: self score kept",
        )
    line.rule, line.recomputed, line.target_met = outcome.rule, outcome.score, outcome.met
    line.explanation = f"{outcome.formula}。"
    line.explanation_en = f"{outcome.rule}: {'met' if outcome.met else 'not met'}"
    return line


def _sum_known(values: list[Decimal | None]) -> Decimal | None:
    known = [value for value in values if value is not None]
    return sum(known, Decimal(0)) if known else None


def score(evaluation: Evaluation, profile: Profile | None = None) -> ScoreResult:
    """Recompute every line and the total by the profile's rules (national 2020 by default)."""
    profile = profile or load_profile()
    lines = [score_execution(evaluation.funds, profile)]
    lines += [
        score_indicator(indicator, index, profile)
        for index, indicator in enumerate(evaluation.indicators)
    ]
    recomputed = _sum_known([line.recomputed for line in lines])
    self_reported = evaluation.total.score
    if self_reported is None:
        self_reported = _sum_known([line.self_score for line in lines])
    return ScoreResult(
        profile=profile.id,
        self_reported=self_reported,
        recomputed=recomputed,
        grade_self_reported=evaluation.grade,
        grade_recomputed=None if recomputed is None else profile.grade_for(recomputed),
        difference=None
        if recomputed is None or self_reported is None
        else recomputed - self_reported,
        lines=lines,
    )

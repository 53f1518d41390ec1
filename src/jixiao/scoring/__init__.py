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
from jixiao.scoring.qualitative import QUALITATIVE_RULE, score_qualitative
from jixiao.scoring.quantitative import common_numbers, score_quantitative
from jixiao.scoring.result import LineScore, ScoreResult, round2
from jixiao.values import Direction, ParsedValue, ValueKind, infer_direction

__all__ = [
    "QUALITATIVE_RULE",
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
    target = indicator.target.value if indicator.target is not None else _EMPTY
    return infer_direction(
        target,
        name=indicator.name,
        level2=indicator.level2,
        reverse_keywords=profile.vocabulary.reverse_keywords,
    )


# rule, recomputed score, target met, explanation, English explanation
_Verdict = tuple[str, Decimal | None, bool | None, str, str]


def _keep_self(indicator: Indicator, rule: str, why: str, why_en: str) -> _Verdict:
    return rule, indicator.score, None, why, why_en


def _verdict(indicator: Indicator, direction: Direction, profile: Profile) -> _Verdict:
    weight = indicator.weight
    if weight is None:
        return _keep_self(indicator, direction.value, "分值缺失，沿用自评分。", "no weight: kept")
    target, actual = indicator.target, indicator.actual
    if direction is Direction.QUALITATIVE:
        actual_text = actual.text if actual is not None else ""
        if not actual_text.strip():
            return _keep_self(
                indicator,
                QUALITATIVE_RULE,
                "实际完成值为空，无法判断，沿用自评分。",
                "no actual",
            )
        tiered = score_qualitative(actual_text, weight, indicator.score, profile)
        return (
            QUALITATIVE_RULE,
            tiered.score,
            tiered.met,
            f"定性指标，{tiered.formula}。",
            f"qualitative: tier '{tiered.tier.name_en or tiered.tier.name}'",
        )
    outcome = score_quantitative(
        target.value if target is not None else _EMPTY,
        actual.value if actual is not None else _EMPTY,
        direction,
        weight,
        profile,
    )
    if outcome is None:
        return _keep_self(
            indicator,
            direction.value,
            "实际完成值不是可与指标值比较的数值，沿用自评分。",
            "actual not comparable with the target: self score kept",
        )
    recomputed, met, rule, formula = outcome
    return rule, recomputed, met, f"{formula}。", f"{rule}: {'met' if met else 'not met'}"


def score_indicator(indicator: Indicator, index: int, profile: Profile) -> LineScore:
    """Recompute one indicator line and say how."""
    direction = direction_of(indicator, profile)
    rule, recomputed, met, explanation, explanation_en = _verdict(indicator, direction, profile)
    target, actual = indicator.target, indicator.actual
    # Validated from a dict: the same checks as keyword arguments, at half the cost.
    return LineScore.model_validate(
        {
            "path": f"indicators[{index}]",
            "name": indicator.name,
            "rule": rule,
            "direction": direction,
            "inputs": {
                "target": target.text if target is not None else None,
                "actual": actual.text if actual is not None else None,
            },
            "weight": indicator.weight,
            "self_score": indicator.score,
            "recomputed": recomputed,
            "explanation": explanation,
            "explanation_en": explanation_en,
            "target_met": met,
        }
    )


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
    return ScoreResult.model_validate(
        {
            "profile": profile.id,
            "self_reported": self_reported,
            "recomputed": recomputed,
            "grade_self_reported": evaluation.grade,
            "grade_recomputed": None if recomputed is None else profile.grade_for(recomputed),
            "difference": None
            if recomputed is None or self_reported is None
            else recomputed - self_reported,
            "lines": lines,
        }
    )

"""Scoring by the official rules: every line recomputed and explained.

``score(evaluation, profile)`` returns a :class:`ScoreResult` with the funds line and every
indicator line (rule, inputs, recomputed score, explanation), the recomputed total and grade,
and the self-reported total and grade beside them.
"""

from __future__ import annotations

from decimal import Decimal

from jixiao.model import Evaluation, Indicator
from jixiao.model.trusted import trusted
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
_QUALITATIVE = Direction.QUALITATIVE  # an enum member is slower to reach than a global


def direction_of(indicator: Indicator, profile: Profile) -> Direction:
    """The declared direction, or the one inferred from target, name and second level."""
    target = indicator.target
    return _direction(indicator, _EMPTY if target is None else target.value, profile)


def _direction(indicator: Indicator, target: ParsedValue, profile: Profile) -> Direction:
    declared = indicator.direction
    if declared is not None:
        return declared
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


def _verdict(
    indicator: Indicator, target: ParsedValue, direction: Direction, profile: Profile
) -> _Verdict:
    weight = indicator.weight
    if weight is None:
        return _keep_self(indicator, direction.value, "分值缺失，沿用自评分。", "no weight: kept")
    actual = indicator.actual
    if direction is _QUALITATIVE:
        actual_text = actual.text if actual is not None else ""
        if not actual_text.strip():
            return _keep_self(
                indicator,
                QUALITATIVE_RULE,
                "实际完成值为空，无法判断，沿用自评分。",
                "no actual",
            )
        return score_qualitative(actual_text, weight, indicator.score, profile)
    actual_value = _EMPTY if actual is None else actual.parsed or actual.value
    outcome = score_quantitative(target, actual_value, direction, weight, profile)
    if outcome is None:
        return _keep_self(
            indicator,
            direction.value,
            "实际完成值不是可与指标值比较的数值，沿用自评分。",
            "actual not comparable with the target: self score kept",
        )
    return outcome


def score_indicator(indicator: Indicator, index: int, profile: Profile) -> LineScore:
    """Recompute one indicator line and say how."""
    target, actual = indicator.target, indicator.actual
    # ``parsed`` is set when the model is validated: the ``value`` property is the slow way.
    target_value = _EMPTY if target is None else target.parsed or target.value
    direction = indicator.direction or _direction(indicator, target_value, profile)
    rule, recomputed, met, explanation, explanation_en = _verdict(
        indicator, target_value, direction, profile
    )
    return trusted(
        LineScore,
        {
            "path": f"indicators[{index}]",
            "name": indicator.name,
            "rule": rule,
            "direction": direction,
            "inputs": {
                "target": None if target is None else target.text,
                "actual": None if actual is None else actual.text,
            },
            "weight": indicator.weight,
            "self_score": indicator.score,
            "recomputed": recomputed,
            "explanation": explanation,
            "explanation_en": explanation_en,
            "target_met": met,
        },
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
    return trusted(
        ScoreResult,
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
        },
    )

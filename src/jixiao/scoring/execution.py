"""预算执行率: the funds line, W × min(rate, cap), or the older interval method."""

from __future__ import annotations

from decimal import Decimal

from jixiao.model import Funds
from jixiao.model.trusted import trusted
from jixiao.rules import Profile
from jixiao.scoring.result import LineScore

HUNDRED = Decimal(100)


def execution_rate(funds: Funds) -> Decimal | None:
    """全年执行数 / 全年预算数 as a fraction; None when either is unknown or the budget is 0."""
    if funds.executed is None or not funds.full_year_budget:
        return None
    return funds.executed / funds.full_year_budget


def _interval_score(weight: Decimal, rate: Decimal, profile: Profile) -> Decimal:
    shortfall = max(Decimal(0), HUNDRED - rate * HUNDRED)
    steps = (shortfall / profile.execution.interval_step).to_integral_value(
        rounding="ROUND_CEILING"
    )
    return max(Decimal(0), weight - steps * profile.execution.interval_points)


def score_execution(funds: Funds, profile: Profile) -> LineScore:
    """Recompute the funds line and explain it."""
    weight = funds.weight if funds.weight is not None else profile.weights.execution
    rate = execution_rate(funds)
    # The rate as printed, worked out once for the inputs and both explanations.
    percent = None if rate is None else f"{rate * HUNDRED:.2f}"
    inputs = {
        "full_year_budget": _text(funds.full_year_budget),
        "executed": _text(funds.executed),
        "rate": None if percent is None else f"{percent}%",
    }
    if rate is None or percent is None:
        return _line(
            profile,
            inputs,
            weight,
            funds.score,
            funds.score,
            "全年预算数或全年执行数缺失，无法计算执行率，沿用自评分。",
            "Budget or execution missing: rate unknown, self score kept.",
            None,
        )
    capped = min(rate, profile.execution.cap)
    if profile.execution.method == "interval":
        recomputed = _interval_score(weight, capped, profile)
    else:
        recomputed = weight * capped
    explanation, explanation_en = _explain(funds, profile, weight, percent, capped, recomputed)
    return _line(
        profile, inputs, weight, funds.score, recomputed, explanation, explanation_en, rate >= 1
    )


def _explain(
    funds: Funds,
    profile: Profile,
    weight: Decimal,
    percent: str,
    capped: Decimal,
    recomputed: Decimal,
) -> tuple[str, str]:
    """How the funds line was scored, in Chinese and in English."""
    shown = f"{recomputed:.2f}"
    if profile.execution.method == "interval":
        explanation = (
            f"执行率 {percent}%，每低于100% {profile.execution.interval_step!s}"
            f" 个百分点扣 {profile.execution.interval_points!s} 分，得 {shown} 分。"
        )
    else:
        explanation = (
            f"执行率 = {funds.executed!s} ÷ {funds.full_year_budget!s} = {percent}%，"
            f"得分 = {weight!s} × {capped * HUNDRED:.2f}% = {shown}。"
        )
    explanation_en = (
        f"rate {percent}% (capped at {profile.execution.cap * HUNDRED:.0f}%), "
        f"score {shown} of {weight!s}"
    )
    return explanation, explanation_en


def _line(
    profile: Profile,
    inputs: dict[str, str | None],
    weight: Decimal,
    self_score: Decimal | None,
    recomputed: Decimal | None,
    explanation: str,
    explanation_en: str,
    met: bool | None,
) -> LineScore:
    return trusted(
        LineScore,
        {
            "path": "funds",
            "name": "预算执行率",
            "rule": f"execution-{profile.execution.method}",
            "direction": None,
            "inputs": inputs,
            "weight": weight,
            "self_score": self_score,
            "recomputed": recomputed,
            "explanation": explanation,
            "explanation_en": explanation_en,
            "target_met": met,
        },
    )


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)

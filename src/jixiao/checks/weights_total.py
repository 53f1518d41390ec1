"""weights-total: the weights (分值) do not add up to the rules' total, or to the 总分 row."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from jixiao.checks.base import CheckContext, check
from jixiao.findings import Finding, Severity, declare

WEIGHTS_TOTAL = declare(
    "weights-total",
    Severity.ERROR,
    title="分值合计不对",
    title_en="Weights do not add up",
    description=(
        "预算执行与各项绩效指标的分值相加应等于评分规则规定的总分（通常为 100 分），"
        "并与总分栏一致。分值合计不对，得分和等级就没有可比性。"
    ),
    template=(
        "各项分值合计 {sum} 分（预算执行 {funds_weight} 分 + 绩效指标 {indicator_weights} 分），"
        "总分栏填写 {printed_total} 分，评分规则要求合计 {expected} 分"
    ),
    template_en=(
        "weights add up to {sum} (execution {funds_weight} + indicators {indicator_weights}); "
        "the total row says {printed_total}; the rules require {expected}"
    ),
    module=__name__,
)


@check(WEIGHTS_TOTAL)
def check_weights_total(ctx: CheckContext) -> Iterator[Finding]:
    evaluation = ctx.evaluation
    weights = [indicator.weight for indicator in evaluation.indicators]
    # A missing weight is reported by missing-value; a sum without it would only repeat that.
    known = [weight for weight in weights if weight is not None]
    if len(known) != len(weights):
        return
    # An unprinted funds weight is the rules' default, as in the scoring.
    funds_weight = ctx.funds_line.weight or Decimal(0)
    indicator_weights = sum(known, Decimal(0))
    total = funds_weight + indicator_weights
    expected = ctx.profile.weights.total
    printed = evaluation.total.weight
    tolerance = ctx.profile.tolerance.score
    sum_wrong = abs(total - expected) > tolerance
    printed_wrong = printed is not None and abs(printed - total) > tolerance
    if not (sum_wrong or printed_wrong):
        return
    yield WEIGHTS_TOTAL.make(
        "total.weight" if printed_wrong else "indicators",
        sum=total,
        funds_weight=funds_weight,
        indicator_weights=indicator_weights,
        printed_total=printed,
        expected=expected,
    )

"""score-total-mismatch: the printed 总分 is not the sum of the printed line scores."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from jixiao.checks._numbers import number
from jixiao.checks.base import CheckContext, check
from jixiao.findings import Finding, Severity, declare

SCORE_TOTAL_MISMATCH = declare(
    "score-total-mismatch",
    Severity.ERROR,
    title="总分与各项得分之和不符",
    title_en="Total score is not the sum of the lines",
    description=(
        "总分栏的得分不等于预算执行得分与各项指标得分之和。总分决定自评等级，必须与明细一致。"
    ),
    template=(
        "总分填写为 {printed} 分，而预算执行得分 {funds_score} 分与各项指标得分 "
        "{indicator_scores} 分合计为 {sum} 分，相差 {difference} 分"
    ),
    template_en=(
        "total printed as {printed}, but execution {funds_score} + indicators "
        "{indicator_scores} = {sum}, {difference} apart"
    ),
    module=__name__,
)


@check(SCORE_TOTAL_MISMATCH)
def check_score_total(ctx: CheckContext) -> Iterator[Finding]:
    evaluation = ctx.evaluation
    printed = evaluation.total.score
    scores = [indicator.score for indicator in evaluation.indicators]
    # A profile that gives budget execution no weight may leave the funds score unprinted.
    if evaluation.funds.score is not None or ctx.funds_line.weight:
        scores.append(evaluation.funds.score)
    # A missing score is reported by missing-value; a sum without it would only repeat that.
    known = [score for score in scores if score is not None]
    if printed is None or len(known) != len(scores):
        return
    total = sum(known, Decimal(0))
    difference = abs(printed - total)
    per_line = ctx.profile.tolerance.score
    # A total that adds up exactly, as most do, needs no look at how each score was printed.
    if (not difference and per_line >= 0) or difference <= _tolerance(known, per_line):
        return
    funds_score = evaluation.funds.score or Decimal(0)
    yield SCORE_TOTAL_MISMATCH.make(
        "total.score",
        printed=printed,
        funds_score=funds_score,
        indicator_scores=total - funds_score,
        sum=total,
        difference=number(difference),
    )


def _tolerance(scores: list[Decimal], per_line: Decimal) -> Decimal:
    """Only a score printed with decimals may have been rounded; each may be off by one unit.

    Whole-number scores add up exactly, so a table of them leaves no room at all.
    """
    rounded = sum(1 for score in scores if score != score.to_integral_value())
    return per_line * rounded

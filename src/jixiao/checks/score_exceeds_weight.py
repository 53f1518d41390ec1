"""score-exceeds-weight: a line scored above its weight (分值)."""

from __future__ import annotations

from collections.abc import Iterator

from jixiao.checks.base import CheckContext, check
from jixiao.findings import Finding, Severity, declare

SCORE_EXCEEDS_WEIGHT = declare(
    "score-exceeds-weight",
    Severity.ERROR,
    title="得分超过分值",
    title_en="Score above its weight",
    description=("某一行的得分大于该行的分值。任何指标最多得满分，超出部分会虚增总分。"),
    template="“{name}”得分 {score} 分，超过其分值 {weight} 分；得分最多为分值",
    template_en="'{name}' scores {score}, above its weight {weight}",
    module=__name__,
)


@check(SCORE_EXCEEDS_WEIGHT)
def check_score_exceeds_weight(ctx: CheckContext) -> Iterator[Finding]:
    funds = ctx.evaluation.funds
    # An unprinted funds weight is the rules' default, as in the scoring.
    funds_weight = ctx.funds_line.weight
    if funds.score is not None and funds_weight is not None and funds.score > funds_weight:
        yield SCORE_EXCEEDS_WEIGHT.make(
            "funds.score", name="预算执行率", score=funds.score, weight=funds_weight
        )
    for index, indicator in enumerate(ctx.evaluation.indicators):
        score, weight = indicator.score, indicator.weight
        if score is not None and weight is not None and score > weight:
            yield SCORE_EXCEEDS_WEIGHT.make(
                f"indicators[{index}].score", name=indicator.name, score=score, weight=weight
            )

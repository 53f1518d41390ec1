"""deduction-on-met-target: points were taken off a line whose measured target was met."""

from __future__ import annotations

from collections.abc import Iterator

from jixiao.checks.base import CheckContext, check
from jixiao.findings import Finding, Severity, declare
from jixiao.scoring import QUALITATIVE_RULE

DEDUCTION_ON_MET_TARGET = declare(
    "deduction-on-met-target",
    Severity.WARNING,
    title="目标已达成却扣分",
    title_en="Points lost on a met target",
    description=(
        "按实际完成值，该定量指标已达到年度指标值，按规则应得满分，自评却扣了分。"
        "可能是得分填错，也可能是指标值或完成值填错，需核对并说明。"
    ),
    template=(
        "“{name}”年度指标值 {target}，实际完成 {actual}，已达成目标，却只得 {score} 分"
        "（分值 {weight} 分）；请核对得分，确需扣分的请说明理由"
    ),
    template_en=(
        "'{name}': target {target}, actual {actual}, met, yet scored {score} of {weight}: "
        "check the score or explain the deduction"
    ),
    module=__name__,
)


@check(DEDUCTION_ON_MET_TARGET)
def check_deduction_met(ctx: CheckContext) -> Iterator[Finding]:
    lines = ctx.score.lines  # line 0 is the funds line
    for index, indicator in enumerate(ctx.evaluation.indicators):
        line = lines[index + 1]
        # Qualitative lines may lose points within the achieved tier by judgement: allowed.
        if line.target_met is not True or line.rule == QUALITATIVE_RULE:
            continue
        score, weight = indicator.score, indicator.weight
        if score is None or weight is None or score >= weight:
            continue
        yield DEDUCTION_ON_MET_TARGET.make(
            f"indicators[{index}].score",
            name=indicator.name,
            target=line.inputs.get("target"),
            actual=line.inputs.get("actual"),
            score=score,
            weight=weight,
        )

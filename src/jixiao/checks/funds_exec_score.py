"""funds-exec-score-mismatch: the printed 预算执行 score is not what the rules give."""

from __future__ import annotations

from collections.abc import Iterator

from jixiao.checks._numbers import number
from jixiao.checks.base import CheckContext, check
from jixiao.findings import Finding, Severity, declare

FUNDS_EXEC_SCORE_MISMATCH = declare(
    "funds-exec-score-mismatch",
    Severity.ERROR,
    title="预算执行得分算错",
    title_en="Execution score does not follow the rules",
    description=(
        "预算执行（执行率）一栏的得分与按评分规则由执行率算出的分数不一致。"
        "这一分计入总分，算错会使总分和等级失真。"
    ),
    template="预算执行得分填写为 {printed} 分，按评分规则应为 {recomputed} 分：{explanation}",
    template_en=(
        "execution score printed as {printed}, the rules give {recomputed}: {explanation_en}"
    ),
    module=__name__,
)


@check(FUNDS_EXEC_SCORE_MISMATCH)
def check_funds_exec_score(ctx: CheckContext) -> Iterator[Finding]:
    line = ctx.funds_line
    printed = ctx.evaluation.funds.score
    # Without a rate the scoring keeps the self score, so there is nothing to compare.
    if printed is None or line.recomputed is None:
        return
    if abs(printed - line.recomputed) <= ctx.profile.tolerance.score:
        return
    yield FUNDS_EXEC_SCORE_MISMATCH.make(
        "funds.score",
        printed=printed,
        recomputed=number(line.recomputed),
        weight=line.weight,
        rate=line.inputs.get("rate"),
        explanation=line.explanation,
        explanation_en=line.explanation_en,
    )

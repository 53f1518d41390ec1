"""target-missed-full-score: full marks on a measured line whose target was missed."""

from __future__ import annotations

from collections.abc import Iterator

from jixiao.checks._numbers import number
from jixiao.checks.base import CheckContext, check
from jixiao.findings import Finding, Severity, declare
from jixiao.scoring import QUALITATIVE_RULE
from jixiao.values import Direction

TARGET_MISSED_FULL_SCORE = declare(
    "target-missed-full-score",
    Severity.ERROR,
    title="未达成目标却得满分",
    title_en="Full score on a missed target",
    description=(
        "按实际完成值，该定量指标没有达到年度指标值，自评却给了满分。按规则应按完成比例"
        "得分，满分会虚增总分。"
    ),
    template=(
        "“{name}”年度指标值 {target}，实际完成 {actual}，未达成目标（{direction}），"
        "却自评满分 {score} 分；按评分规则应得 {recomputed} 分"
    ),
    template_en=(
        "'{name}': target {target}, actual {actual}, not met ({direction_en}), yet full "
        "score {score}; the rules give {recomputed}"
    ),
    module=__name__,
)


DIRECTION_WORDS: dict[Direction | None, tuple[str, str]] = {
    Direction.POSITIVE: ("正向指标，越高越好", "higher is better"),
    Direction.REVERSE: ("反向指标，越低越好", "lower is better"),
    Direction.EQUAL: ("应等于指标值", "should equal the target"),
}


@check(TARGET_MISSED_FULL_SCORE)
def check_target_missed(ctx: CheckContext) -> Iterator[Finding]:
    lines = ctx.score.lines  # line 0 is the funds line
    for index, indicator in enumerate(ctx.evaluation.indicators):
        line = lines[index + 1]
        # Only a measured line can be known to have missed; qualitative tiers are judgement.
        if line.target_met is not False or line.rule == QUALITATIVE_RULE:
            continue
        # A score above the weight is score-exceeds-weight's finding.
        if indicator.score is None or indicator.score != indicator.weight:
            continue
        words, words_en = DIRECTION_WORDS.get(line.direction, ("", ""))
        yield TARGET_MISSED_FULL_SCORE.make(
            f"indicators[{index}].score",
            name=indicator.name,
            target=line.inputs.get("target"),
            actual=line.inputs.get("actual"),
            direction=words,
            direction_en=words_en,
            score=indicator.score,
            recomputed=None if line.recomputed is None else number(line.recomputed),
        )

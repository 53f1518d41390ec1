"""grade-mismatch: the self-reported grade is not the grade of the self-reported total."""

from __future__ import annotations

from collections.abc import Iterator

from jixiao.checks._numbers import grade_band, names_grade
from jixiao.checks.base import CheckContext, check
from jixiao.findings import Finding, Severity, declare

GRADE_MISMATCH = declare(
    "grade-mismatch",
    Severity.ERROR,
    title="自评等级与总分不符",
    title_en="Grade does not match the total",
    description=(
        "填写的自评等级与自评总分所在的等级区间不一致。等级按未四舍五入的总分确定，"
        "例如 89.99 分是“良”而不是“优”。"
    ),
    template="自评等级填写为“{grade}”，但自评总分 {total} 分对应的等级是“{expected}”（{band}）",
    template_en="grade given as '{grade}', but the total {total} earns '{expected}' ({band})",
    module=__name__,
)


@check(GRADE_MISMATCH)
def check_grade(ctx: CheckContext) -> Iterator[Finding]:
    printed = ctx.evaluation.grade
    total = ctx.score.self_reported
    if printed is None or not printed.strip() or total is None:
        return
    expected = ctx.profile.grade_for(total)
    if names_grade(printed, expected):
        return
    yield GRADE_MISMATCH.make(
        "grade",
        grade=printed.strip(),
        total=total,
        expected=expected,
        band=grade_band(ctx.profile, expected),
    )

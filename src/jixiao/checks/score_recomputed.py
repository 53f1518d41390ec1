"""score-recomputed-differs: by the rules the total (and perhaps the grade) comes out otherwise."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from jixiao.checks._numbers import number
from jixiao.checks.base import CheckContext, check
from jixiao.findings import Finding, Severity, declare
from jixiao.scoring import LineScore

SCORE_RECOMPUTED_DIFFERS = declare(
    "score-recomputed-differs",
    Severity.INFO,
    title="按规则重算的总分与自评总分不同",
    title_en="Recomputed total differs from the self score",
    description=(
        "按评分规则逐项重算后，总分与自评总分相差较多。这提示有指标的得分偏离了规则；"
        "若重算后的等级也不同，财政复核时等级可能被调整。"
    ),
    template=(
        "按评分规则重算总分为 {recomputed} 分，自评总分 {self_total} 分，相差 {gap} 分"
        "（重算等级“{grade_recomputed}”，自评等级“{grade_self}”）。差异最大的项（自评分 → "
        "重算分）：{lines}"
    ),
    template_en=(
        "recomputed total {recomputed}, self-reported {self_total}, {gap} apart "
        "(grade recomputed '{grade_recomputed}', self '{grade_self}'). Largest differences "
        "(self → recomputed): {lines}"
    ),
    module=__name__,
)

SHOWN_LINES = 3  # enough to point at the cause without repeating the whole table


@check(SCORE_RECOMPUTED_DIFFERS)
def check_score_recomputed(ctx: CheckContext) -> Iterator[Finding]:
    result = ctx.score
    self_total, recomputed = result.self_reported, result.recomputed
    if self_total is None or recomputed is None:
        return
    # Grades of the two totals: a printed grade that does not fit its own total is
    # grade-mismatch's finding, not a consequence of recomputing.
    grade_self = ctx.profile.grade_for(self_total)
    grade_recomputed = ctx.profile.grade_for(recomputed)
    grade_differs = grade_self != grade_recomputed
    difference = recomputed - self_total
    # A small gap that crosses a grade boundary still matters; one that does not, does not.
    if abs(difference) < ctx.profile.tolerance.recomputed_total and not grade_differs:
        return
    differing = _largest_differences(result.lines, ctx.profile.tolerance.score)
    yield SCORE_RECOMPUTED_DIFFERS.make(
        "total.score",
        severity=Severity.WARNING if grade_differs else None,
        self_total=self_total,
        recomputed=number(recomputed),
        difference=number(difference),  # signed, for machines: below zero means fewer points
        gap=number(abs(difference)),
        grade_self=grade_self,
        grade_recomputed=grade_recomputed,
        lines="；".join(_describe(line) for line in differing) or "—",
        paths=[line.path for line in differing],
    )


def _largest_differences(lines: list[LineScore], tolerance: Decimal) -> list[LineScore]:
    gaps = [(abs(line.difference), line) for line in lines if line.difference is not None]
    gaps = [(gap, line) for gap, line in gaps if gap > tolerance]
    gaps.sort(key=lambda pair: pair[0], reverse=True)
    return [line for _, line in gaps[:SHOWN_LINES]]


def _describe(line: LineScore) -> str:
    """ "全年预算数 5 → 1.43": the name reads the same in both languages' messages."""
    return f"{line.name} {_shown(line.self_score)} → {_shown(line.recomputed)}"


def _shown(value: Decimal | None) -> str:
    return "—" if value is None else number(value)

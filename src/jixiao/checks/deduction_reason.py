"""deduction-without-reason: points were lost and nobody wrote why.

The rules ask for a 偏差原因分析及改进措施 on every line scored below its weight, and for an
explanation of an execution rate below ``execution.explain_below``.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from jixiao.checks._numbers import HUNDRED, is_blank, number
from jixiao.checks.base import CheckContext, check
from jixiao.findings import Finding, Severity, declare
from jixiao.model import Report
from jixiao.scoring import execution_rate

DEDUCTION_WITHOUT_REASON = declare(
    "deduction-without-reason",
    Severity.WARNING,
    title="扣分未说明原因",
    title_en="Points lost without an explanation",
    description=(
        "得分低于分值（或执行率偏低）却没有填写偏差原因分析及改进措施。评价办法要求对每一项"
        "扣分说明原因和整改措施，否则自评结果无法用于改进管理。"
    ),
    template="“{name}”{shortfall}，但未填写偏差原因分析及改进措施",
    template_en="'{name}': {shortfall_en}, but no deviation analysis was written",
    module=__name__,
)


@check(DEDUCTION_WITHOUT_REASON)
def check_deduction_reason(ctx: CheckContext) -> Iterator[Finding]:
    for index, indicator in enumerate(ctx.evaluation.indicators):
        score, weight = indicator.score, indicator.weight
        if score is None or weight is None or score >= weight:
            continue
        if is_blank(indicator.deviation_reason):
            yield _finding(f"indicators[{index}].deviation_reason", indicator.name, score, weight)
    # Most tables have no deviation cell for the funds line: its explanation is then in the
    # report, so only a document with neither is known to lack it.
    if not is_blank(ctx.evaluation.funds.deviation_reason) or _has_text(ctx.evaluation.report):
        return
    yield from _funds(ctx)


def _has_text(report: Report | None) -> bool:
    """Anything but spaces in the report (what ``ctx.report_text.strip()`` tells, without
    joining the whole report)."""
    if report is None:
        return False
    if not is_blank(report.preamble):
        return True
    return any(
        not is_blank(section.heading or section.title) or not is_blank(section.text)
        for section in report.sections
    )


def _funds(ctx: CheckContext) -> Iterator[Finding]:
    funds = ctx.evaluation.funds
    weight = ctx.funds_line.weight
    if funds.score is not None and weight is not None and funds.score < weight:
        yield _finding("funds.score", "预算执行率", funds.score, weight)
        return  # the low rate is the same shortfall
    rate = execution_rate(funds)
    floor = ctx.profile.execution.explain_below
    if rate is not None and rate * HUNDRED < floor:
        yield DEDUCTION_WITHOUT_REASON.make(
            "funds.execution_rate",
            name="预算执行率",
            shortfall=f"执行率 {number(rate * HUNDRED)}% 低于 {number(floor)}%",
            shortfall_en=f"execution rate {number(rate * HUNDRED)}% is below {number(floor)}%",
        )


def _finding(path: str, name: str, score: Decimal, weight: Decimal) -> Finding:
    return DEDUCTION_WITHOUT_REASON.make(
        path,
        name=name,
        shortfall=f"得分 {number(score)} 分低于分值 {number(weight)} 分",
        shortfall_en=f"scored {number(score)} of {number(weight)}",
        score=score,
        weight=weight,
    )

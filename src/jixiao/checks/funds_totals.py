"""funds-total-mismatch: a printed breakdown total is not the 全年预算数 it breaks down."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from jixiao.checks._numbers import money
from jixiao.checks.base import CheckContext, check
from jixiao.findings import Finding, Severity, declare

FUNDS_TOTAL_MISMATCH = declare(
    "funds-total-mismatch",
    Severity.ERROR,
    title="分类合计数与全年预算数不符",
    title_en="Breakdown total differs from the full-year budget",
    description=(
        "“按收入性质分”或“按支出性质分”后面印的合计数，应当等于全年预算数：它们是同一笔钱"
        "按两种口径的划分。两数不同，说明其中一处金额填错。"
    ),
    template="{label}合计 {total} 万元，与全年预算数 {budget} 万元相差 {difference} 万元，请核对",
    template_en="the {label_en} total {total} differs from the full-year budget {budget} by "
    "{difference} (10k yuan)",
    module=__name__,
)

_BREAKDOWNS = (
    ("by_source", "按收入性质分", "by-source"),
    ("by_nature", "按支出性质分", "by-nature"),
)


@check(FUNDS_TOTAL_MISMATCH)
def check_funds_totals(ctx: CheckContext) -> Iterator[Finding]:
    funds = ctx.evaluation.funds
    budget = funds.full_year_budget
    if budget is None:
        return
    for field, label, label_en in _BREAKDOWNS:
        total: Decimal | None = getattr(funds, field).total
        # Both are printed to the cent: any difference is a slip, not rounding.
        if total is None or total == budget:
            continue
        yield FUNDS_TOTAL_MISMATCH.make(
            f"funds.{field}.total",
            label=label,
            label_en=label_en,
            total=money(total),
            budget=money(budget),
            difference=money(abs(total - budget)),
        )

"""funds-budget-adjusted: 全年预算数 moved far from 年初预算数 during the year."""

from __future__ import annotations

from collections.abc import Iterator

from jixiao.checks._numbers import HUNDRED, money, number
from jixiao.checks.base import CheckContext, check
from jixiao.findings import Finding, Severity, declare

FUNDS_BUDGET_ADJUSTED = declare(
    "funds-budget-adjusted",
    Severity.WARNING,
    title="年中预算调整幅度大",
    title_en="Large mid-year budget adjustment",
    description=(
        "全年预算数与年初预算数相差很大，说明年中追加或调减了大量预算。这不一定是错误，"
        "但年初目标可能已不再匹配全年资金，应说明调整原因并相应调整绩效目标。"
    ),
    template=(
        "全年预算数 {full_year} 万元是年初预算数 {initial} 万元的 {times} 倍，调整幅度 "
        "{change}%（超过 {threshold}%），请说明年中预算调整的原因"
    ),
    template_en=(
        "full-year budget {full_year} is {times} × the initial budget {initial} (10k yuan), "
        "a {change}% change (more than {threshold}%): explain the mid-year adjustment"
    ),
    module=__name__,
)


@check(FUNDS_BUDGET_ADJUSTED)
def check_funds_budget_adjusted(ctx: CheckContext) -> Iterator[Finding]:
    funds = ctx.evaluation.funds
    initial, full_year = funds.initial_budget, funds.full_year_budget
    # A unit with no initial budget (a new project) has nothing to adjust from.
    if full_year is None or initial is None or initial <= 0:
        return
    change = abs(full_year - initial) / initial
    threshold = ctx.profile.budget.adjusted_ratio
    if change <= threshold:
        return
    yield FUNDS_BUDGET_ADJUSTED.make(
        "funds.full_year_budget",
        initial=money(initial),
        full_year=money(full_year),
        times=number(full_year / initial),
        change=number(change * HUNDRED),
        threshold=number(threshold * HUNDRED),
    )

"""funds-over-executed: more was spent than the full-year budget."""

from __future__ import annotations

from collections.abc import Iterator

from jixiao.checks._numbers import HUNDRED, money, number
from jixiao.checks.base import CheckContext, check
from jixiao.findings import Finding, Severity, declare

FUNDS_OVER_EXECUTED = declare(
    "funds-over-executed",
    Severity.WARNING,
    title="执行数超过全年预算数",
    title_en="Spending exceeds the full-year budget",
    description=(
        "全年执行数大于全年预算数，即超预算支出。执行率得分封顶为满分，不会因此多得分，"
        "但超支本身需要说明资金来源和原因。"
    ),
    template=(
        "全年执行数 {executed} 万元超过全年预算数 {budget} 万元（执行率 {rate}%），"
        "执行率得分按 {cap}% 封顶，最多得分值 {weight} 分；请说明超预算支出的原因"
    ),
    template_en=(
        "executed {executed} exceeds the full-year budget {budget} (10k yuan), rate {rate}%; "
        "the score is capped at {cap}%, i.e. at most the weight {weight}: explain the overspend"
    ),
    module=__name__,
)


@check(FUNDS_OVER_EXECUTED)
def check_funds_over_executed(ctx: CheckContext) -> Iterator[Finding]:
    funds = ctx.evaluation.funds
    executed, budget = funds.executed, funds.full_year_budget
    if executed is None or not budget or executed <= budget:
        return
    yield FUNDS_OVER_EXECUTED.make(
        "funds.executed",
        executed=money(executed),
        budget=money(budget),
        rate=number(executed / budget * HUNDRED),
        cap=number(ctx.profile.execution.cap * HUNDRED),
        weight=ctx.funds_line.weight,
    )

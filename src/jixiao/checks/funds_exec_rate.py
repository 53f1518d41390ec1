"""funds-exec-rate-mismatch: the printed 执行率 is not 全年执行数 ÷ 全年预算数."""

from __future__ import annotations

from collections.abc import Iterator

from jixiao.checks._numbers import HUNDRED, money, number
from jixiao.checks.base import CheckContext, check
from jixiao.findings import Finding, Severity, declare
from jixiao.model import FundLine, Funds
from jixiao.rules import Profile

FUNDS_EXEC_RATE_MISMATCH = declare(
    "funds-exec-rate-mismatch",
    Severity.ERROR,
    title="执行率与执行数、预算数不符",
    title_en="Execution rate does not match the amounts",
    description=(
        "表中填写的执行率不等于全年执行数除以全年预算数。执行率决定预算执行的得分，"
        "填错会直接影响总分。"
    ),
    template=(
        "“{label}”执行率填写为 {printed}%，按全年执行数 {executed} 万元 ÷ 全年预算数 "
        "{budget} 万元计算应为 {computed}%，相差 {difference} 个百分点"
    ),
    template_en=(
        "'{label}': execution rate printed as {printed}%, but executed {executed} ÷ full-year "
        "budget {budget} (10k yuan) is {computed}%, {difference} points apart"
    ),
    module=__name__,
)

# The department block's row; project tables print the same label.
MAIN_LABEL = "年度资金总额"


@check(FUNDS_EXEC_RATE_MISMATCH)
def check_funds_exec_rate(ctx: CheckContext) -> Iterator[Finding]:
    funds = ctx.evaluation.funds
    finding = _mismatch(funds, MAIN_LABEL, "funds", ctx.profile, None)
    if finding is not None:
        yield finding
    # The sub-rows (当年财政拨款, 上年结转 …) do not feed the score: a wrong rate there is
    # worth fixing but does not change the result, hence a warning.
    main = (funds.full_year_budget, funds.executed, funds.execution_rate)
    for index, line in enumerate(funds.lines):
        # Importers may keep the 年度资金总额 row among the lines too: it was judged above.
        if (line.full_year_budget, line.executed, line.execution_rate) == main:
            continue
        finding = _mismatch(
            line, line.label, f"funds.lines[{index}]", ctx.profile, Severity.WARNING
        )
        if finding is not None:
            yield finding


def _mismatch(
    row: Funds | FundLine, label: str, path: str, profile: Profile, severity: Severity | None
) -> Finding | None:
    printed, executed, budget = row.execution_rate, row.executed, row.full_year_budget
    if printed is None or executed is None or not budget:
        return None
    computed = executed / budget * HUNDRED
    cap = profile.execution.cap * HUNDRED
    # Some forms print the capped rate when spending exceeds the budget; that is not a
    # miscalculation, and funds-over-executed already points at the overspend.
    if computed > cap and printed == cap:
        return None
    difference = abs(printed - computed)
    if difference <= profile.execution.rate_tolerance:
        return None
    return FUNDS_EXEC_RATE_MISMATCH.make(
        f"{path}.execution_rate",
        severity=severity,
        label=label,
        printed=printed,
        executed=money(executed),
        budget=money(budget),
        computed=number(computed),
        difference=number(difference),
    )

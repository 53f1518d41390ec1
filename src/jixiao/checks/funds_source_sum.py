"""funds-source-sum: the 按收入性质分 parts do not add up to their total."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from jixiao.checks._numbers import money
from jixiao.checks.base import CheckContext, check
from jixiao.findings import Finding, Severity, declare
from jixiao.model import BySource

FUNDS_SOURCE_SUM = declare(
    "funds-source-sum",
    Severity.ERROR,
    title="按收入性质分项合计与总数不符",
    title_en="Funds by source do not add up",
    description=(
        "按收入性质（资金来源）分列的各项金额相加不等于资金总额。差一两分钱多为四舍五入，"
        "仍应核对；差得更多说明有金额填错或漏填。"
    ),
    template="按收入性质分项合计 {sum} 万元（{parts}），与{reference_label} {reference} 万元"
    "相差 {difference} 万元，{note}",
    template_en=(
        "funds by source add up to {sum} ({parts}), {difference} off the total {reference} "
        "(10k yuan): {note_en}"
    ),
    module=__name__,
)

# (field, printed label): 部门整体 rows, and the 其中 rows of a project table.
DEPARTMENT_PARTS = (
    ("general_public_budget", "一般公共预算"),
    ("government_fund", "政府性基金拨款"),
    ("special_account_non_tax", "纳入专户管理的非税收入拨款"),
    ("other", "其他资金"),
)
PROJECT_PARTS = (
    ("current_year_appropriation", "当年财政拨款"),
    ("carried_over", "上年结转资金"),
    ("other", "其他资金"),
)


@check(FUNDS_SOURCE_SUM)
def check_funds_source_sum(ctx: CheckContext) -> Iterator[Finding]:
    funds = ctx.evaluation.funds
    source = funds.by_source
    parts = _known_parts(source)
    # One part alone is its own total: there is no sum to check.
    if len(parts) < 2:
        return
    if source.total is not None:
        reference, label = source.total, "按收入性质分合计数"
    elif funds.full_year_budget is not None:
        reference, label = funds.full_year_budget, "全年预算数"
    else:
        return
    total = sum((amount for _, amount in parts), Decimal(0))
    difference = abs(total - reference)
    if not difference:
        return
    # Each part printed to 0.01 万元 may carry up to one unit of rounding.
    tolerance = ctx.profile.tolerance.money_per_part * len(parts)
    rounding = difference <= tolerance
    yield FUNDS_SOURCE_SUM.make(
        "funds.by_source",
        severity=Severity.INFO if rounding else None,
        sum=money(total),
        parts=" + ".join(f"{name} {money(amount)}" for name, amount in parts),
        reference_label=label,
        reference=money(reference),
        difference=money(difference),
        tolerance=money(tolerance),
        note="疑为四舍五入，请核对" if rounding else "超出四舍五入误差，请核对各项金额",
        note_en="probably rounding, please check" if rounding else "more than rounding explains",
    )


def _known_parts(source: BySource) -> list[tuple[str, Decimal]]:
    """The printed parts; project tables are recognised by their own rows."""
    project = source.current_year_appropriation is not None or source.carried_over is not None
    fields = PROJECT_PARTS if project else DEPARTMENT_PARTS
    known = ((label, getattr(source, name)) for name, label in fields)
    return [(label, amount) for label, amount in known if amount is not None]

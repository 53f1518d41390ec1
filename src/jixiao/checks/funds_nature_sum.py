"""funds-nature-sum: 基本支出 + 项目支出 is not the 按支出性质分 total."""

from __future__ import annotations

from collections.abc import Iterator

from jixiao.checks._numbers import money
from jixiao.checks.base import CheckContext, check
from jixiao.findings import Finding, Severity, declare

FUNDS_NATURE_SUM = declare(
    "funds-nature-sum",
    Severity.ERROR,
    title="按支出性质分项合计与总数不符",
    title_en="Funds by spending nature do not add up",
    description=(
        "基本支出与项目支出相加不等于按支出性质分的合计数（或全年预算数）。差一两分钱多为"
        "四舍五入，仍应核对；差得更多说明有金额填错。"
    ),
    template=(
        "基本支出 {basic} 万元 + 项目支出 {project} 万元 = {sum} 万元，与{reference_label} "
        "{reference} 万元相差 {difference} 万元，{note}"
    ),
    template_en=(
        "basic {basic} + project {project} = {sum}, {difference} off the total {reference} "
        "(10k yuan): {note_en}"
    ),
    module=__name__,
)

PARTS = 2  # basic and project, each printed (and rounded) on its own


@check(FUNDS_NATURE_SUM)
def check_funds_nature_sum(ctx: CheckContext) -> Iterator[Finding]:
    funds = ctx.evaluation.funds
    nature = funds.by_nature
    if nature.basic is None or nature.project is None:
        return
    if nature.total is not None:
        reference, label = nature.total, "按支出性质分合计数"
    elif funds.full_year_budget is not None:
        reference, label = funds.full_year_budget, "全年预算数"
    else:
        return
    total = nature.basic + nature.project
    difference = abs(total - reference)
    if not difference:
        return
    rounding = difference <= ctx.profile.tolerance.money_per_part * PARTS
    yield FUNDS_NATURE_SUM.make(
        "funds.by_nature",
        severity=Severity.INFO if rounding else None,
        basic=money(nature.basic),
        project=money(nature.project),
        sum=money(total),
        reference_label=label,
        reference=money(reference),
        difference=money(difference),
        note="疑为四舍五入，请核对" if rounding else "超出四舍五入误差，请核对各项金额",
        note_en="probably rounding, please check" if rounding else "more than rounding explains",
    )

"""report-funds-mismatch: the fund figures of the report's 支出情况 differ from the table."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.checks.base import CheckContext, check
from jixiao.checks.narrative import MONEY, Narrative, Quantity, has_any, narrative
from jixiao.findings import Finding, Severity, declare, format_decimal
from jixiao.rules import Profile, ReportLabels

REPORT_FUNDS_MISMATCH = declare(
    "report-funds-mismatch",
    Severity.WARNING,
    title="报告资金数与自评表不一致",
    title_en="Report fund figures differ from the table",
    description=(
        "自评报告“支出情况”部分写的基本支出、项目支出、政府性基金或一般公共预算支出，与"
        "自评表中按收入性质、按支出性质分列的金额对不上。例如报告的财政拨款基本支出加上"
        "一般公共预算项目支出，应等于自评表的一般公共预算数。对不上说明报告或自评表有一处"
        "金额有误，或两者的口径不同，需要核对说明。"
    ),
    template=(
        "报告中的{item}为{report}，自评表中为{table}万元，相差{difference}万元；"
        "请核对报告与自评表的资金数。"
    ),
    template_en="the report's {item_en} is {report}; the table says {table} (10k yuan)",
    module=__name__,
)


@dataclass
class Spending:
    """The fund figures a 支出情况 part states, sorted by what they are."""

    basic: list[Quantity] = field(default_factory=list)
    project: list[Quantity] = field(default_factory=list)
    general_basic: Quantity | None = None
    general_project: list[Quantity] = field(default_factory=list)
    government_fund: list[Quantity] = field(default_factory=list)


@check(REPORT_FUNDS_MISMATCH)
def check_report_funds_mismatch(ctx: CheckContext) -> Iterator[Finding]:
    story = narrative(ctx)
    if not story.text:  # no report, or nothing in it
        return
    spending = read_spending(story, ctx.profile)
    funds = ctx.evaluation.funds
    tolerance = ctx.profile.tolerance.money_per_part
    yield from _compare_one(
        "基本支出", "basic spending", spending.basic, funds.by_nature.basic, tolerance
    )
    yield from _compare_one(
        "项目支出", "project spending", spending.project, funds.by_nature.project, tolerance
    )
    yield from _compare_fund(spending.government_fund, funds.by_source.government_fund, tolerance)
    yield from _compare_general(spending, funds.by_source.general_public_budget, tolerance)


def read_spending(story: Narrative, profile: Profile) -> Spending:
    """Sort the amounts of the 支出情况 part (the whole report if no part is so titled).

    A named whole ("财政拨款基本支出1007.91万元") holds the amounts after it in its paragraph,
    whether they follow "其中" or "从资金来源看"; an amount after "其中" is a part, never a
    whole of its own.
    """
    labels = profile.report.labels
    titles = {section.section: section.title for section in story.sections}
    # A paragraph naming no whole and no fund has nothing to sort: its figures are not read.
    named = labels.basic + labels.project + labels.government_fund
    spending = Spending()
    for paragraph in story.spending(profile):
        if not has_any(paragraph.text, named):
            continue
        current = ""
        for amount in paragraph.quantities:
            if amount.family != MONEY or not amount.measured:
                continue
            whole = _whole_kind(amount.label, labels)
            if whole and not has_any(amount.lead, labels.list_markers):
                current = whole
                _add_whole(spending, whole, amount, titles.get(paragraph.section, ""), labels)
                continue
            if current == "project" and has_any(amount.label, labels.general_public_budget):
                spending.general_project.append(amount)
            if has_any(amount.label, labels.government_fund):
                spending.government_fund.append(amount)
    return spending


def _whole_kind(label: str, labels: ReportLabels) -> str:
    if has_any(label, labels.basic):
        return "basic"
    if has_any(label, labels.project):
        return "project"
    return ""


def _add_whole(
    spending: Spending, kind: str, amount: Quantity, title: str, labels: ReportLabels
) -> None:
    if kind == "project":
        spending.project.append(amount)
        return
    spending.basic.append(amount)
    # 基本支出 counts as general-budget spending when the report says it is paid from
    # 财政拨款 / 一般公共预算, in its own words or in its part's title.
    paid_from = labels.general_public_budget + labels.appropriation
    if spending.general_basic is None and (
        has_any(amount.label, paid_from) or has_any(title, paid_from)
    ):
        spending.general_basic = amount


def _compare_one(
    item: str, item_en: str, stated: Sequence[Quantity], table: Decimal | None, tolerance: Decimal
) -> Iterator[Finding]:
    if table is None or not stated:
        return
    if any(abs(amount.common - table) <= tolerance for amount in stated):
        return
    first = stated[0]
    yield _finding(first, item, item_en, first.printed, first.common, table)


def _compare_fund(
    stated: Sequence[Quantity], table: Decimal | None, tolerance: Decimal
) -> Iterator[Finding]:
    """Fund amounts agree when one of them, or all of them together, equal the table."""
    if table is None or not stated:
        return
    total = sum((amount.common for amount in stated), Decimal(0))
    if abs(total - table) <= tolerance * len(stated):
        return
    if any(abs(amount.common - table) <= tolerance for amount in stated):
        return
    shown = _sum_text(stated, total)
    yield _finding(stated[0], "政府性基金支出", "government fund spending", shown, total, table)


def _compare_general(
    spending: Spending, table: Decimal | None, tolerance: Decimal
) -> Iterator[Finding]:
    """财政拨款基本支出 + 一般公共预算项目支出 against the table's 一般公共预算."""
    if table is None or spending.general_basic is None or not spending.general_project:
        return
    parts = [spending.general_basic, *spending.general_project]
    total = sum((amount.common for amount in parts), Decimal(0))
    if abs(total - table) <= tolerance * len(parts):
        return
    yield _finding(
        spending.general_project[0],
        "一般公共预算支出（财政拨款基本支出＋一般公共预算项目支出）",
        "general public budget spending (basic + general-budget project spending)",
        _sum_text(parts, total),
        total,
        table,
        parts=[amount.printed for amount in parts],
    )


def _sum_text(parts: Sequence[Quantity], total: Decimal) -> str:
    if len(parts) == 1:
        return parts[0].printed
    return "＋".join(part.printed for part in parts) + f"＝{format_decimal(total, 2)}万元"


def _finding(
    where: Quantity,
    item: str,
    item_en: str,
    shown: str,
    stated: Decimal,
    table: Decimal,
    parts: list[str] | None = None,
) -> Finding:
    return REPORT_FUNDS_MISMATCH.make(
        where.clause.path,
        item=item,
        item_en=item_en,
        report=shown,
        stated=format_decimal(stated, 2),
        table=format_decimal(table, 2),
        difference=format_decimal(abs(stated - table), 2),
        parts=parts,
        phrase=where.clause.text,
    )

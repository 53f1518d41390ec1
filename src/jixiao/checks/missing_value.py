"""missing-value: a cell the table must carry is empty.

Only cells every table of its kind prints are asked for. Parts that may legitimately be blank
(a 纳入专户管理的非税收入拨款 row with no money, a deviation analysis on a full-score line)
are never reported here.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from jixiao.checks._numbers import is_blank
from jixiao.checks.base import CheckContext, check
from jixiao.findings import Finding, Severity, declare
from jixiao.model import Indicator, Measured

MISSING_VALUE = declare(
    "missing-value",
    Severity.WARNING,
    title="必填内容未填写",
    title_en="Required value missing",
    description=(
        "表中必须填写的内容是空的（指标名称、指标值、完成值、分值、得分、预算数、执行数或"
        "总分）。缺了这些，得分无法核对；缺分值或得分的指标无法计入总分。"
    ),
    template="{where}的“{field}”未填写",
    template_en="{where_en}: {field_en} is empty",
    module=__name__,
)

# (attribute, column as printed, English, severity when empty). Weight and score feed the
# total, so without them the table cannot be scored at all.
INDICATOR_FIELDS: tuple[tuple[str, str, str, Severity | None], ...] = (
    ("name", "三级指标", "indicator name", None),
    ("target", "年度指标值", "target", None),
    ("actual", "实际完成值", "actual value", None),
    ("weight", "分值", "weight", Severity.ERROR),
    ("score", "得分", "score", Severity.ERROR),
)
FUNDS_FIELDS = (
    ("full_year_budget", "全年预算数", "full-year budget"),
    ("executed", "全年执行数", "amount executed"),
    ("score", "得分", "score"),
)
TOTAL_FIELDS = (
    ("weight", "总分（分值）", "total weight"),
    ("score", "总分（得分）", "total score"),
)


@check(MISSING_VALUE)
def check_missing_value(ctx: CheckContext) -> Iterator[Finding]:
    evaluation = ctx.evaluation
    # A profile that gives budget execution no weight has no funds score to ask for.
    scored = bool(ctx.funds_line.weight)
    for attribute, column, column_en in FUNDS_FIELDS:
        if attribute == "score" and not scored:
            continue
        if getattr(evaluation.funds, attribute) is None:
            yield _missing(f"funds.{attribute}", "预算执行情况", "funds", column, column_en)
    for index, indicator in enumerate(evaluation.indicators):
        if not _complete(indicator):
            yield from _indicator(index, indicator)
    for attribute, column, column_en in TOTAL_FIELDS:
        if getattr(evaluation.total, attribute) is None:
            yield _missing(f"total.{attribute}", "总分", "total", column, column_en)


def _complete(indicator: Indicator) -> bool:
    """The usual case, answered without looking at each field by name."""
    target, actual = indicator.target, indicator.actual
    if target is None or actual is None or indicator.weight is None or indicator.score is None:
        return False
    # Blank is empty or only spaces: a text holding something is neither.
    name, target_text, actual_text = indicator.name, target.text, actual.text
    return bool(name and target_text and actual_text) and not (
        name.isspace() or target_text.isspace() or actual_text.isspace()
    )


def _indicator(index: int, indicator: Indicator) -> Iterator[Finding]:
    where = f"第 {index + 1} 项指标" + ("" if is_blank(indicator.name) else f"“{indicator.name}”")
    for attribute, column, column_en, severity in INDICATOR_FIELDS:
        if _empty(getattr(indicator, attribute)):
            yield _missing(
                f"indicators[{index}].{attribute}",
                where,
                f"indicator {index + 1}",
                column,
                column_en,
                severity,
            )


def _empty(value: str | Measured | Decimal | None) -> bool:
    if isinstance(value, Measured):
        return is_blank(value.text)
    if isinstance(value, str):
        return is_blank(value)
    return value is None


def _missing(
    path: str,
    where: str,
    where_en: str,
    column: str,
    column_en: str,
    severity: Severity | None = None,
) -> Finding:
    return MISSING_VALUE.make(
        path, severity=severity, where=where, where_en=where_en, field=column, field_en=column_en
    )

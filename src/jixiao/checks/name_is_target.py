"""indicator-name-is-target: the indicator's name is the same sentence as its target."""

from __future__ import annotations

from collections.abc import Iterator

from jixiao.checks.base import CheckContext, check
from jixiao.checks.narrative import words_only
from jixiao.findings import Finding, Severity, declare
from jixiao.model import Measured

NAME_IS_TARGET = declare(
    "indicator-name-is-target",
    Severity.WARNING,
    title="指标名称与指标值是同一句话",
    title_en="Indicator name repeats its target",
    description=(
        "三级指标的名称和年度指标值（或实际完成值）写成了同一句话。指标名称应当说明衡量"
        "什么（如“生活污水集中收集率”），指标值说明要达到多少（如“≥70%”）；两者相同，"
        "说明这个指标既没有衡量对象也没有标准，无法评价。"
    ),
    template=(
        "指标名称“{indicator}”与{field}“{value}”是同一句话：指标名称应写衡量什么，"
        "指标值应写要达到的标准。"
    ),
    template_en="indicator name “{indicator}” is the same sentence as its {field_en}",
    module=__name__,
)


@check(NAME_IS_TARGET)
def check_indicator_name_is_target(ctx: CheckContext) -> Iterator[Finding]:
    for index, indicator in enumerate(ctx.evaluation.indicators):
        # same_sentence(name, value), with the name folded once for both values.
        name = words_only(indicator.name)
        if not name:
            continue
        target, actual = indicator.target, indicator.actual
        if target is not None and words_only(target.text) == name:
            yield _finding(index, indicator.name, "年度指标值", "target", target)
        elif actual is not None and words_only(actual.text) == name:
            yield _finding(index, indicator.name, "实际完成值", "actual value", actual)


def _finding(index: int, name: str, field: str, field_en: str, measured: Measured) -> Finding:
    return NAME_IS_TARGET.make(
        f"indicators[{index}].name",
        indicator=name.strip(),
        field=field,
        field_en=field_en,
        value=measured.text.strip(),
    )

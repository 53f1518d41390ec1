"""weights-level1: the weights under a first-level indicator differ from the rules or the label.

The rules allow special cases to move first-level weights, so a difference from the profile is
a warning to explain. A difference from the weight printed in the table's own label
("产出指标(50分)") is the table contradicting itself, and is an error.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from jixiao.checks.base import CheckContext, check
from jixiao.findings import Finding, Severity, declare
from jixiao.model import Indicator

WEIGHTS_LEVEL1 = declare(
    "weights-level1",
    Severity.WARNING,
    title="一级指标分值与规定不符",
    title_en="First-level weights differ",
    description=(
        "某个一级指标（产出、效益、满意度）下各三级指标的分值合计，与评分规则的规定或表中"
        "标注的分值不一致。特殊情况可以调整权重，但应说明；表内自相矛盾则须更正。"
    ),
    template="一级指标“{level1}”下各三级指标分值合计 {sum} 分，而{source}为 {expected} 分",
    template_en="weights under '{level1}' add up to {sum}, but {source_en} {expected}",
    module=__name__,
)


@dataclass
class _Group:
    """The indicators under one first-level name, as far as their weights go."""

    first: int
    total: Decimal = Decimal(0)
    complete: bool = True


@check(WEIGHTS_LEVEL1)
def check_weights_level1(ctx: CheckContext) -> Iterator[Finding]:
    rules = ctx.profile.weights.level1
    groups = _groups(ctx.evaluation.indicators, tuple(rules))
    if not groups:
        return
    declared = {
        _canonical(name, tuple(rules)): weight
        for name, weight in ctx.evaluation.declared_level1_weights.items()
    }
    for name, group in groups.items():
        if group.complete:
            yield from _compare(name, group, declared.get(name), rules.get(name))
    # A first level the rules weigh but the table leaves out. When no printed first level is
    # one the rules know, the table follows another framework (决策/管理/…): saying so once per
    # missing level would only be noise.
    if any(name in rules for name in groups):
        for name, weight in rules.items():
            if name not in groups and weight:
                yield _finding("indicators", name, Decimal(0), weight)


def _compare(
    name: str, group: _Group, declared: Decimal | None, rule: Decimal | None
) -> Iterator[Finding]:
    path = f"indicators[{group.first}].level1"
    if declared is not None and declared != group.total:
        yield WEIGHTS_LEVEL1.make(
            path,
            severity=Severity.ERROR,
            level1=name,
            sum=group.total,
            expected=declared,
            source="表中标注的分值",
            source_en="the table's label says",
        )
    # When the label already says the rules' weight, the label finding above says it all.
    if rule is not None and rule != group.total and declared != rule:
        yield _finding(path, name, group.total, rule)


def _finding(path: str, name: str, total: Decimal, rule: Decimal) -> Finding:
    return WEIGHTS_LEVEL1.make(
        path,
        level1=name,
        sum=total,
        expected=rule,
        source="评分规则规定（特殊情况可调整，请说明）",
        source_en="the rules set (special cases may adjust it; explain)",
    )


def _groups(indicators: list[Indicator], rule_names: tuple[str, ...]) -> dict[str, _Group]:
    groups: dict[str, _Group] = {}
    canonical: dict[str, str] = {}  # the same few first levels, printed on every line
    for index, indicator in enumerate(indicators):
        level1 = indicator.level1
        if level1 is None:
            continue
        name = canonical.get(level1)
        if name is None:
            if not level1.strip():
                continue
            name = canonical[level1] = _canonical(level1, rule_names)
        group = groups.get(name)
        if group is None:
            group = groups[name] = _Group(first=index)
        if indicator.weight is None:
            group.complete = False  # missing-value reports it; a partial sum would mislead
        else:
            group.total += indicator.weight
    return groups


@lru_cache(maxsize=1024)
def _canonical(name: str, rule_names: tuple[str, ...]) -> str:
    """The profile's name for a printed first level.

    "产出", "产出指标" and "产出指标(50分)" all name 产出指标: the stem decides.
    """
    printed = "".join(name.split())
    for rule_name in rule_names:
        stem = rule_name.removesuffix("指标") or rule_name
        if stem in printed:
            return rule_name
    return printed

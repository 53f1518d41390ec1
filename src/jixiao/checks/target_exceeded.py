"""target-far-exceeded: a positive target overshot by far, and nobody said why.

Over-completion never costs points automatically, but the rules ask for an explanation: the
target may have been set too low.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from jixiao.checks._numbers import is_blank, number
from jixiao.checks.base import CheckContext, check
from jixiao.findings import Finding, Severity, declare
from jixiao.scoring import common_numbers
from jixiao.values import Direction, ParsedValue

TARGET_FAR_EXCEEDED = declare(
    "target-far-exceeded",
    Severity.WARNING,
    title="大幅超额完成未说明原因",
    title_en="Target far exceeded without an explanation",
    description=(
        "实际完成值远超年度指标值，却没有填写偏差原因分析。超额完成不扣分，但应说明原因；"
        "若是年初目标定得过低，复核时可能酌情扣分。"
    ),
    template=(
        "“{name}”实际完成 {actual}，是年度指标值 {target} 的 {times} 倍（达到 {threshold} "
        "倍即须说明），请在偏差原因分析中说明超额完成的原因"
    ),
    template_en=(
        "'{name}': actual {actual} is {times} × the target {target} (an explanation is due "
        "from {threshold} ×): explain the over-completion"
    ),
    module=__name__,
)


@check(TARGET_FAR_EXCEEDED)
def check_target_exceeded(ctx: CheckContext) -> Iterator[Finding]:
    ratio = ctx.profile.quantitative.over_completion_ratio
    lines = ctx.score.lines  # line 0 is the funds line
    for index, indicator in enumerate(ctx.evaluation.indicators):
        if lines[index + 1].direction is not Direction.POSITIVE:
            continue
        target, actual = indicator.target, indicator.actual
        if target is None or actual is None or not is_blank(indicator.deviation_reason):
            continue
        # ``parsed`` is set when the model is validated: the ``value`` property is the slow way.
        numbers = _numbers(target.parsed or target.value, actual.parsed or actual.value)
        if numbers is None:
            continue
        a, b = numbers
        # With a zero target any output is "infinitely" more; that is not over-completion.
        if a <= 0 or b < ratio * a:
            continue
        yield TARGET_FAR_EXCEEDED.make(
            f"indicators[{index}].deviation_reason",
            name=indicator.name,
            target=target.text.strip(),
            actual=actual.text.strip(),
            times=number(b / a),
            threshold=number(ratio),
        )


def _numbers(target: ParsedValue, actual: ParsedValue) -> tuple[Decimal, Decimal] | None:
    """A and B, comparable. Only their ratio matters here, and a shared unit does not change
    it, so the common case skips the unit conversion (this check runs on every line)."""
    if target.number is None or actual.number is None:
        return None
    if target.unit == actual.unit:
        return target.number, actual.number
    return common_numbers(target, actual)

"""actual-copies-target: the actual value is not a measurement but the target again."""

from __future__ import annotations

from collections.abc import Iterator

from jixiao.checks.base import CheckContext, check
from jixiao.checks.narrative import bound_marker, same_sentence
from jixiao.findings import Finding, Severity, declare
from jixiao.model import Measured
from jixiao.values import Comparator, ParsedValue, ValueKind, normalize

ACTUAL_COPIES_TARGET = declare(
    "actual-copies-target",
    Severity.WARNING,
    title="实际完成值照抄指标值",
    title_en="Actual value copies the target",
    description=(
        "实际完成值应当是全年实际达到的结果（如“93%”“22户”“全年抽检12次均达标”）。"
        "如果照抄了年度指标值的原话，或者还带着“≥”“以上”“以内”这类目标符号，就不是"
        "实测结果，无法判断目标是否完成，也无法核对得分。"
    ),
    template=(
        "指标“{indicator}”的实际完成值“{actual}”{detail}，不是实际测得的结果；"
        "请填写全年实际达到的数值或情况（年度指标值为“{target}”）。"
    ),
    template_en="actual value of “{indicator}” ({actual}) {detail_en}: not a measurement",
    module=__name__,
)

_BOUNDS = frozenset((Comparator.GE, Comparator.GT, Comparator.LE, Comparator.LT))


@check(ACTUAL_COPIES_TARGET)
def check_actual_copies_target(ctx: CheckContext) -> Iterator[Finding]:
    yes_no_words = ctx.profile.vocabulary.yes_no_words
    for index, indicator in enumerate(ctx.evaluation.indicators):
        actual, target = indicator.actual, indicator.target
        if actual is None or target is None:
            continue
        reason = _copy_reason(actual, target, yes_no_words)
        if reason is None:
            continue
        detail, detail_en = reason
        yield ACTUAL_COPIES_TARGET.make(
            f"indicators[{index}].actual",
            indicator=indicator.name.strip(),
            target=target.text.strip(),
            actual=actual.text.strip(),
            detail=detail,
            detail_en=detail_en,
        )


def _copy_reason(
    actual: Measured, target: Measured, yes_no_words: tuple[str, ...]
) -> tuple[str, str] | None:
    """Why the actual is not a measurement (Chinese, English), or None when it is one."""
    marker = _kept_bound(actual.parsed or actual.value, actual.text)
    if marker is not None:
        return f"带着目标的“{marker}”", f"keeps the target's “{marker}”"
    if (
        _is_standard(target.parsed or target.value)
        and same_sentence(target.text, actual.text)
        and normalize(actual.text) not in yes_no_words
    ):
        return "与年度指标值一字不差", "repeats the target word for word"
    return None


def _kept_bound(actual: ParsedValue, text: str) -> str | None:
    """The limit word of an actual that is a limit ("≥90%", "达到90%以上", "9月底前"), not a
    figure ("达到95%", "8月底")."""
    if actual.comparator not in _BOUNDS or not actual.is_quantitative:
        return None
    return bound_marker(text)


def _is_standard(target: ParsedValue) -> bool:
    """Targets whose words a measurement would not repeat: qualitative ones and limits.

    A plain number ("100%", "225名") may be met exactly, so an equal actual is a real result.
    """
    return target.kind is ValueKind.QUALITATIVE or target.comparator in _BOUNDS

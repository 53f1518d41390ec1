"""target-vague: a qualitative target made of vague words, with no measurable standard."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from jixiao.checks.base import CheckContext, check
from jixiao.findings import Finding, Severity, declare
from jixiao.values import ValueKind, normalize

TARGET_VAGUE = declare(
    "target-vague",
    Severity.WARNING,
    title="指标值笼统，没有可衡量的标准",
    title_en="Vague target with no measurable standard",
    description=(
        "年度指标值只写了“及时”“改善”“可持续”“降本增效”这类笼统的词，没有数量、比率、"
        "时限或具体标准。这样的目标无法判断是否完成，自评打分也就没有依据。指标值应当"
        "写成可以核对的标准，例如“≥95%”“9月底前”“达到一级A标排放标准”。"
    ),
    template=(
        "指标“{indicator}”的年度指标值“{target}”只用了“{words}”这类笼统的词，"
        "没有数量、比率、时限或具体标准，无法据此判断是否完成。"
    ),
    template_en=(
        "target of “{indicator}” is “{target}”: vague words ({words}) and no measurable standard"
    ),
    module=__name__,
)

_DIGIT = re.compile(r"[0-9]")


@check(TARGET_VAGUE)
def check_target_vague(ctx: CheckContext) -> Iterator[Finding]:
    vocabulary = ctx.profile.vocabulary
    for index, indicator in enumerate(ctx.evaluation.indicators):
        target = indicator.target
        if target is None or (target.parsed or target.value).kind is not ValueKind.QUALITATIVE:
            continue
        words = vague_words_in(target.text, vocabulary.vague_words, vocabulary.standard_words)
        if words:
            yield TARGET_VAGUE.make(
                f"indicators[{index}].target",
                indicator=indicator.name,
                target=target.text.strip(),
                words="”“".join(words),
            )


@lru_cache(maxsize=16384)
def vague_words_in(
    text: str, vague_words: tuple[str, ...], standard_words: tuple[str, ...]
) -> tuple[str, ...]:
    """The vague words of a target that has no other yardstick; [] when it has one.

    A number anywhere ("确保“8个100%”治理措施到位") or a named standard ("一级A标排放标准")
    is a yardstick, even beside a vague word.
    """
    folded = normalize(text)
    if _DIGIT.search(folded) or any(word in folded for word in standard_words):
        return ()
    found = [word for word in vague_words if word in folded]
    # "可持续" holds "持续": name the longer word only.
    return tuple(
        word for word in found if not any(word != other and word in other for other in found)
    )

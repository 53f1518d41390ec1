"""Qualitative lines: three tiers of achievement, judged from the actual value's words.

The recomputed score keeps the self score when it lies inside the tier's interval; otherwise
it moves to the nearest end of that interval (a person may then justify the difference).
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from jixiao.rules import Profile
from jixiao.scoring.quantitative import Outcome
from jixiao.values import normalize, words_pattern

# The rule name of a qualitative line in a LineScore: checks recognise judged lines by it.
QUALITATIVE_RULE = "qualitative-tiers"


def tier_for(actual_text: str, profile: Profile) -> int:
    """0 achieved, 1 partly achieved, 2 not achieved — from the words of the actual value."""
    vocabulary = profile.vocabulary
    tier = _judge(actual_text, vocabulary.failed_words, vocabulary.partial_words)
    # A profile with fewer tiers puts the lower ones together in its last.
    return min(tier, len(profile.qualitative.tiers) - 1) if tier else 0


# Actual texts of qualitative lines are short and recur ("已完成", "基本完成"); folding one and
# matching two word lists costs more than scoring the line.
@lru_cache(maxsize=8192)
def _judge(actual_text: str, failed_words: tuple[str, ...], partial_words: tuple[str, ...]) -> int:
    text = normalize(actual_text)
    failed = words_pattern(failed_words)
    if failed is not None and failed.search(text):
        return 2
    partial = words_pattern(partial_words)
    if partial is not None and partial.search(text):
        return 1
    return 0


def score_qualitative(
    actual_text: str, weight: Decimal, self_score: Decimal | None, profile: Profile
) -> Outcome:
    """The line scored within the interval of its tier, explained."""
    index = tier_for(actual_text, profile)
    tier = profile.qualitative.tiers[index]
    low, high = weight * tier.low, weight * tier.high
    if self_score is None:
        score = high if index == 0 else (low + high) / 2
        formula = f"{tier.name}：区间 [{low:.2f}, {high:.2f}]，无自评分，取 {score:.2f}"
    elif low <= self_score <= high:
        score = self_score
        formula = f"{tier.name}：自评分 {self_score!s} 在区间 [{low:.2f}, {high:.2f}] 内，保留"
    else:
        score = min(max(self_score, low), high)
        formula = (
            f"{tier.name}：自评分 {self_score!s} 不在区间 [{low:.2f}, {high:.2f}] 内，"
            f"取 {score:.2f}"
        )
    return (
        QUALITATIVE_RULE,
        score,
        index == 0,
        f"定性指标，{formula}。",
        f"qualitative: tier '{tier.name_en or tier.name}'",
    )

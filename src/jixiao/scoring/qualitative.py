"""Qualitative lines: three tiers of achievement, judged from the actual value's words.

The recomputed score keeps the self score when it lies inside the tier's interval; otherwise
it moves to the nearest end of that interval (a person may then justify the difference).
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from jixiao.rules import Profile, Tier
from jixiao.values import normalize, words_pattern

# The rule name of a qualitative line in a LineScore: checks recognise judged lines by it.
QUALITATIVE_RULE = "qualitative-tiers"


class TierOutcome(NamedTuple):
    score: Decimal
    tier: Tier
    met: bool
    formula: str


def tier_for(actual_text: str, profile: Profile) -> int:
    """0 achieved, 1 partly achieved, 2 not achieved — from the words of the actual value."""
    text = normalize(actual_text)
    vocabulary = profile.vocabulary
    failed = words_pattern(vocabulary.failed_words)
    if failed is not None and failed.search(text):
        return min(2, len(profile.qualitative.tiers) - 1)
    partial = words_pattern(vocabulary.partial_words)
    if partial is not None and partial.search(text):
        return min(1, len(profile.qualitative.tiers) - 1)
    return 0


def score_qualitative(
    actual_text: str, weight: Decimal, self_score: Decimal | None, profile: Profile
) -> TierOutcome:
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
    return TierOutcome(score, tier, index == 0, formula)

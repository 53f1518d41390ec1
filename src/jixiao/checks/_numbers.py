"""Small helpers the numeric checks share: how amounts and scores are shown, what is blank.

Not a check itself (no ``@check`` here), so it needs no entry in ``MODULES``.
"""

from __future__ import annotations

from decimal import Decimal

from jixiao.findings import format_decimal
from jixiao.rules import Profile
from jixiao.scoring import round2

HUNDRED = Decimal(100)


def money(value: Decimal) -> str:
    """An amount in 万元 the way the forms print it, two places: "17511.80"."""
    return format_decimal(round2(value), 2)


def number(value: Decimal) -> str:
    """A score, rate or ratio rounded to 0.01 with trailing zeros dropped: "1.43", "5"."""
    return format_decimal(round2(value))


def is_blank(text: str | None) -> bool:
    """None, "" and cells holding only (full-width) spaces all mean nothing was written."""
    return text is None or not text.strip()


def names_grade(printed: str, grade: str) -> bool:
    """True when the printed grade names ``grade``: "优秀" and "等级：优" both name "优"."""
    return grade in printed


def grade_band(profile: Profile, grade: str) -> str:
    """The total-score interval of a grade in plain words: "80 ≤ 总分 < 90"."""
    ordered = sorted(profile.grades, key=lambda g: g.low)
    for position, candidate in enumerate(ordered):
        if candidate.name != grade:
            continue
        low = format_decimal(candidate.low)
        if position + 1 == len(ordered):
            return f"总分 ≥ {low}"
        return f"{low} ≤ 总分 < {format_decimal(ordered[position + 1].low)}"
    return ""

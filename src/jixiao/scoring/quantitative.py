"""Quantitative lines: positive, reverse (ratio or linear) and equal, on the measured numbers.

Notation of the rules: A target, B actual, W weight. Over-completion never costs points here;
the checks ask for the explanation instead.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from jixiao.rules import Profile
from jixiao.values import Comparator, Direction, ParsedValue, in_unit, unit_family

ZERO = Decimal(0)


class Outcome(NamedTuple):
    """A recomputed line score and why."""

    score: Decimal
    met: bool
    rule: str
    formula: str


def common_numbers(target: ParsedValue, actual: ParsedValue) -> tuple[Decimal, Decimal] | None:
    """A and B in one unit, or None when the units cannot be compared."""
    if target.number is None or actual.number is None:
        return None
    if (
        target.unit
        and actual.unit
        and target.unit != actual.unit  # the usual case: one unit, one family
        and unit_family(target.unit) != unit_family(actual.unit)
    ):
        return None
    # A side printed without its unit is read in the other side's unit.
    unit = target.unit or actual.unit
    return (
        in_unit(target.number, target.unit or unit),
        in_unit(actual.number, actual.unit or unit),
    )


def _positive(a: Decimal, b: Decimal, w: Decimal, upper: Decimal | None) -> Outcome:
    if b >= a or (a == ZERO and b >= ZERO):
        if upper is not None and b > upper:
            return Outcome(w, True, "positive-range", f"B={b} 高于区间上限 {upper}，不扣分")
        return Outcome(w, True, "positive", f"B={b} ≥ A={a}，得满分 {w}")
    score = w * b / a
    return Outcome(score, False, "positive", f"B={b} < A={a}，得分 = {w} × {b} ÷ {a}")


def _reverse(a: Decimal, b: Decimal, w: Decimal, method: str) -> Outcome:
    if b <= a:
        return Outcome(w, True, f"reverse-{method}", f"B={b} ≤ A={a}，得满分 {w}")
    if a <= ZERO:
        return Outcome(ZERO, False, f"reverse-{method}", f"A={a} 为 0，B={b} > 0，得 0 分")
    if method == "linear":
        score = max(ZERO, w * (1 - (b - a) / a))
        return Outcome(
            score, False, "reverse-linear", f"B={b} > A={a}，得分 = {w} × (1 − ({b} − {a}) ÷ {a})"
        )
    score = w * a / b
    return Outcome(score, False, "reverse-ratio", f"B={b} > A={a}，得分 = {w} × {a} ÷ {b}")


def _equal(a: Decimal, b: Decimal, w: Decimal) -> Outcome:
    if a == ZERO:
        if b <= ZERO:
            return Outcome(w, True, "equal", f"A=0 且 B={b} ≤ 0，得满分 {w}")
        return Outcome(ZERO, False, "equal", f"A=0 而 B={b} > 0，得 0 分")
    outcome = _positive(a, b, w, None)
    return Outcome(outcome.score, outcome.met, "equal", outcome.formula)


def score_quantitative(
    target: ParsedValue,
    actual: ParsedValue,
    direction: Direction,
    weight: Decimal,
    profile: Profile,
) -> Outcome | None:
    """Recompute one measured line; None when the two values cannot be compared."""
    numbers = common_numbers(target, actual)
    if numbers is None:
        return None
    a, b = numbers
    b = max(b, ZERO)  # a negative actual counts as 0
    if direction is Direction.REVERSE:
        outcome = _reverse(a, b, weight, profile.quantitative.reverse_method)
    elif direction is Direction.EQUAL or target.comparator is Comparator.EQ:
        outcome = _equal(a, b, weight)
    else:
        outcome = _positive(a, b, weight, target.upper)
    if outcome.score <= weight:
        return outcome
    return Outcome(weight, outcome.met, outcome.rule, outcome.formula)

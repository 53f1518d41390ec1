"""Quantitative lines: positive, reverse (ratio or linear) and equal, on the measured numbers.

Notation of the rules: A target, B actual, W weight. Over-completion never costs points here;
the checks ask for the explanation instead.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from jixiao.rules import Profile
from jixiao.values import MONEY_FACTORS, Comparator, Direction, ParsedValue, in_unit, unit_family

ZERO = Decimal(0)
# The formulas print numbers with "!s": the same text as a bare "{b}" (a Decimal formatted
# with no spec is its str()), at half the cost.


class Outcome(NamedTuple):
    """A recomputed line score and why."""

    score: Decimal
    met: bool
    rule: str
    formula: str


def common_numbers(target: ParsedValue, actual: ParsedValue) -> tuple[Decimal, Decimal] | None:
    """A and B in one unit, or None when the units cannot be compared."""
    a, b = target.number, actual.number
    if a is None or b is None:
        return None
    target_unit, actual_unit = target.unit, actual.unit
    if target_unit == actual_unit:  # the usual case: one unit printed on both sides
        factor = MONEY_FACTORS.get(target_unit) if target_unit else None
        return (a, b) if factor is None else (a * factor, b * factor)
    if target_unit and actual_unit and unit_family(target_unit) != unit_family(actual_unit):
        return None
    # A side printed without its unit is read in the other side's unit.
    unit = target_unit or actual_unit
    return in_unit(a, target_unit or unit), in_unit(b, actual_unit or unit)


def _positive(a: Decimal, b: Decimal, w: Decimal, upper: Decimal | None) -> Outcome:
    if b >= a or (a == ZERO and b >= ZERO):
        if upper is not None and b > upper:
            return Outcome(w, True, "positive-range", f"B={b!s} 高于区间上限 {upper!s}，不扣分")
        return Outcome(w, True, "positive", f"B={b!s} ≥ A={a!s}，得满分 {w!s}")
    score = w * b / a
    return Outcome(score, False, "positive", f"B={b!s} < A={a!s}，得分 = {w!s} × {b!s} ÷ {a!s}")


def _reverse(a: Decimal, b: Decimal, w: Decimal, method: str) -> Outcome:
    if b <= a:
        return Outcome(w, True, f"reverse-{method}", f"B={b!s} ≤ A={a!s}，得满分 {w!s}")
    if a <= ZERO:
        return Outcome(ZERO, False, f"reverse-{method}", f"A={a!s} 为 0，B={b!s} > 0，得 0 分")
    if method == "linear":
        score = max(ZERO, w * (1 - (b - a) / a))
        formula = f"B={b!s} > A={a!s}，得分 = {w!s} × (1 − ({b!s} − {a!s}) ÷ {a!s})"
        return Outcome(score, False, "reverse-linear", formula)
    score = w * a / b
    formula = f"B={b!s} > A={a!s}，得分 = {w!s} × {a!s} ÷ {b!s}"
    return Outcome(score, False, "reverse-ratio", formula)


def _equal(a: Decimal, b: Decimal, w: Decimal) -> Outcome:
    if a == ZERO:
        if b <= ZERO:
            return Outcome(w, True, "equal", f"A=0 且 B={b!s} ≤ 0，得满分 {w!s}")
        return Outcome(ZERO, False, "equal", f"A=0 而 B={b!s} > 0，得 0 分")
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
    if b < ZERO:  # a negative actual counts as 0
        b = ZERO
    if direction is Direction.REVERSE:
        outcome = _reverse(a, b, weight, profile.quantitative.reverse_method)
    elif direction is Direction.EQUAL or target.comparator is Comparator.EQ:
        outcome = _equal(a, b, weight)
    else:
        outcome = _positive(a, b, weight, target.upper)
    if outcome.score <= weight:
        return outcome
    return Outcome(weight, outcome.met, outcome.rule, outcome.formula)

"""Quantitative lines: positive, reverse (ratio or linear) and equal, on the measured numbers.

Notation of the rules: A target, B actual, W weight. Over-completion never costs points here;
the checks ask for the explanation instead.
"""

from __future__ import annotations

from decimal import Decimal

from jixiao.rules import Profile
from jixiao.values import MONEY_FACTORS, Comparator, Direction, ParsedValue, in_unit, unit_family

ZERO = Decimal(0)
# Members looked up once: an enum member is three times slower to reach than a global, and
# these are compared on every line of every document.
_REVERSE, _EQUAL, _EQ = Direction.REVERSE, Direction.EQUAL, Comparator.EQ
# The formulas print numbers with "!s": the same text as a bare "{b}" (a Decimal formatted
# with no spec is its str()), at half the cost.

# A recomputed line: rule, score, target met, explanation, English explanation. A plain tuple,
# the shape the line is built from: every indicator line of every document makes one, and a
# NamedTuple costs six times as much to make.
Outcome = tuple[str, Decimal, bool, str, str]


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


def _positive(a: Decimal, b: Decimal, w: Decimal, upper: Decimal | None, rule: str) -> Outcome:
    if b >= a or (a == ZERO and b >= ZERO):
        if upper is not None and b > upper:
            why = f"B={b!s} 高于区间上限 {upper!s}，不扣分。"
            return "positive-range", w, True, why, "positive-range: met"
        return rule, w, True, f"B={b!s} ≥ A={a!s}，得满分 {w!s}。", f"{rule}: met"
    why = f"B={b!s} < A={a!s}，得分 = {w!s} × {b!s} ÷ {a!s}。"
    return rule, w * b / a, False, why, f"{rule}: not met"


def _reverse(a: Decimal, b: Decimal, w: Decimal, method: str) -> Outcome:
    rule = f"reverse-{method}"
    if b <= a:
        return rule, w, True, f"B={b!s} ≤ A={a!s}，得满分 {w!s}。", f"{rule}: met"
    if a <= ZERO:
        return rule, ZERO, False, f"A={a!s} 为 0，B={b!s} > 0，得 0 分。", f"{rule}: not met"
    if method == "linear":
        score = max(ZERO, w * (1 - (b - a) / a))
        why = f"B={b!s} > A={a!s}，得分 = {w!s} × (1 − ({b!s} − {a!s}) ÷ {a!s})。"
        return "reverse-linear", score, False, why, "reverse-linear: not met"
    why = f"B={b!s} > A={a!s}，得分 = {w!s} × {a!s} ÷ {b!s}。"
    return "reverse-ratio", w * a / b, False, why, "reverse-ratio: not met"


def _equal(a: Decimal, b: Decimal, w: Decimal) -> Outcome:
    if a == ZERO:
        if b <= ZERO:
            return "equal", w, True, f"A=0 且 B={b!s} ≤ 0，得满分 {w!s}。", "equal: met"
        return "equal", ZERO, False, f"A=0 而 B={b!s} > 0，得 0 分。", "equal: not met"
    return _positive(a, b, w, None, "equal")


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
    if direction is _REVERSE:
        outcome = _reverse(a, b, weight, profile.quantitative.reverse_method)
    elif direction is _EQUAL or target.comparator is _EQ:
        outcome = _equal(a, b, weight)
    else:
        outcome = _positive(a, b, weight, target.upper, "positive")
    if outcome[1] <= weight:
        return outcome
    # No formula gives more than W when W is 0 or more: only a negative weight gets here.
    rule, _, met, why, why_en = outcome
    return rule, weight, met, why, why_en

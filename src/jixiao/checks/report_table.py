"""report-table-mismatch: the report states a different figure for an indicator than the table."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from functools import lru_cache

from jixiao.checks.base import CheckContext, check
from jixiao.checks.narrative import MONEY, Paragraph, Quantity, has_any, narrative, words_only
from jixiao.findings import Finding, Severity, declare
from jixiao.model import Indicator
from jixiao.rules import Vocabulary
from jixiao.values import MONEY_FACTORS, ParsedValue, ValueKind, unit_family

REPORT_TABLE_MISMATCH = declare(
    "report-table-mismatch",
    Severity.WARNING,
    title="报告数字与自评表不一致",
    title_en="Report figure differs from the table",
    description=(
        "自评报告在说到某个绩效指标时写的数字，与自评表中该指标的实际完成值不同（例如表中"
        "培训工匠225名，报告写229名）。报告和自评表一起公开，同一件事两个数，读者无从判断"
        "哪个是真的，其中至少有一处填错。"
    ),
    template=(
        "报告中“{phrase}”写的是{report}，而自评表中指标“{indicator}”的实际完成值是"
        "{table}，两处不一致，请核对。"
    ),
    template_en=(
        "the report says {report} (“{phrase}”) but the table's actual value of “{indicator}” "
        "is {table}"
    ),
    module=__name__,
)

_HALF = Decimal("0.5")
# A table value that is one plain figure: (value in the family's base unit, the number and unit
# as printed, the figure as the report would print it: "176户"). The rounding its print hides
# is worked out only for a report figure printed otherwise (:func:`_agree`).
Reading = tuple[Decimal, Decimal, str, str]


# The lines that share a name and unit family ("新建管网长度" for two projects): their indices
# and their readings. A report figure that matches either of them agrees with the table, and
# the report is searched once for both.
Named = tuple[tuple[str, ...], str]  # name keys, unit family
Group = tuple[list[int], list[Reading]]


@check(REPORT_TABLE_MISMATCH)
def check_report_table_mismatch(ctx: CheckContext) -> Iterator[Finding]:
    story = narrative(ctx)
    if not story.text:  # no report, or nothing in it
        return
    vocabulary = ctx.profile.vocabulary
    indicators = ctx.evaluation.indicators
    differing: list[tuple[int, Quantity, str]] = []
    for (keys, family), (indices, readings) in _measured_lines(indicators, vocabulary).items():
        clauses = story.clauses_naming(keys)
        found = _first_difference(clauses, family, keys, readings, vocabulary.plan_words)
        if found is not None:
            differing += [(index, *found) for index in indices]
    # Findings in table order, as a reader goes through the lines.
    differing.sort(key=_first)
    for index, quantity, phrase in differing:
        yield _finding(indicators, index, quantity, phrase)


def _first(item: tuple[int, Quantity, str]) -> int:
    return item[0]


def _finding(indicators: list[Indicator], index: int, differing: Quantity, phrase: str) -> Finding:
    indicator = indicators[index]
    actual = indicator.actual
    assert actual is not None  # only lines with an actual figure are compared
    return REPORT_TABLE_MISMATCH.make(
        differing.clause.path,
        indicator=indicator.name.strip(),
        indicator_path=f"indicators[{index}].actual",
        table=actual.text.strip(),
        report=differing.printed,
        phrase=phrase,
    )


def _measured_lines(indicators: list[Indicator], vocabulary: Vocabulary) -> dict[Named, Group]:
    """The lines whose actual is one figure, by name keys and unit family, in table order.

    The actual is read as the scoring and the other checks read it (``actual.value``): parsing
    its text again cost more than the rest of this check for values not seen before."""
    generic, rates = vocabulary.generic_name_suffixes, vocabulary.rate_suffixes
    groups: dict[Named, Group] = {}
    for index, indicator in enumerate(indicators):
        actual = indicator.actual
        if actual is None:
            continue
        read = _reading(actual.parsed or actual.value)  # ``value`` is the slow way to it
        if read is None:
            continue
        keys = _name_keys(indicator.name, generic, rates)  # names recur from table to table
        if not keys:
            continue
        family, reading = read
        group = groups.get((keys, family))
        if group is None:
            groups[keys, family] = ([index], [reading])
        else:
            group[0].append(index)
            group[1].append(reading)
    return groups


def _reading(value: ParsedValue) -> tuple[str, Reading] | None:
    """The unit family and reading of an actual value that is one plain figure; limits,
    ranges and rough figures ("≥90%", "3-5个", "约80万元") say nothing exact."""
    if value.kind is not ValueKind.QUANTITATIVE or value.comparator is not None:
        return None
    number, unit = value.number, value.unit
    if number is None or unit is None or value.upper is not None or value.approximate:
        return None
    factor = MONEY_FACTORS.get(unit)  # unit_family and in_unit in one look-up
    if factor is None:
        return unit_family(unit) or unit, (number, number, unit, f"{number!s}{unit}")
    return MONEY, (number * factor, number, unit, f"{number!s}{unit}")


def name_keys(name: str, vocabulary: Vocabulary) -> tuple[str, ...]:
    """The pieces of an indicator name a clause must hold to be about that indicator."""
    return _name_keys(name, vocabulary.generic_name_suffixes, vocabulary.rate_suffixes)


@lru_cache(maxsize=8192)
def _name_keys(name: str, generic: tuple[str, ...], rates: tuple[str, ...]) -> tuple[str, ...]:
    words = words_only(name)
    # A rate is found only under its own name: "供水率" is not in "供水管网漏损率".
    if words.endswith(rates):
        return (words,)
    for suffix in sorted(generic, key=len, reverse=True):
        if words.endswith(suffix):
            words = words[: -len(suffix)]
            break
    if len(words) < 2:
        return ()
    # Two-character pieces, in any order and with words between them: "培训工匠" is found
    # in "培训合格工匠229名". An odd last character joins the piece before it.
    pieces = [words[at : at + 2] for at in range(0, len(words) - 1, 2)]
    if len(words) % 2:
        pieces[-1] += words[-1]
    return tuple(pieces)


def _first_difference(
    clauses: Iterator[tuple[Paragraph, int]],
    family: str,
    keys: tuple[str, ...],
    readings: list[Reading],
    plan_words: tuple[str, ...],
) -> tuple[Quantity, str] | None:
    """The first report figure, in a clause naming the indicator, that differs from the table,
    and the words to quote (from the naming clause to the figure).

    A clause where any figure of the unit equals the table agrees; limits ("19%以内"), rough
    figures ("约80万元") and planned figures ("目标225名") are not results.
    """
    figures = tuple(reading[3] for reading in readings)
    for paragraph, part in clauses:
        if paragraph.states_figure(part, family, figures, plan_words):
            continue  # the figure as the table prints it: agrees, nothing to work out
        quantities = paragraph.clause_quantities(part, family)
        results = _results(quantities, plan_words) if quantities else quantities
        if not results:
            # "全年组织工匠培训，考核合格229名": the figure may follow in the next clauses of
            # the sentence; taken only when it is the sentence's one figure of that unit.
            rest = paragraph.rest_quantities(part, family)
            rest = _results(rest, plan_words) if rest else rest
            if len(rest) != 1:
                continue
            results = rest
        if _agree(results, readings):
            continue
        named = [q for q in results if has_any(q.label, keys)]
        differing = (named or results)[0]
        return differing, differing.paragraph.clauses_text(part, differing.part)
    return None


def _results(quantities: list[Quantity], plan_words: tuple[str, ...]) -> list[Quantity]:
    """The figures that state a result: not limits, rough figures or planned figures."""
    return [
        quantity
        for quantity in quantities
        if quantity.measured and not has_any(quantity.label, plan_words)
    ]


def _agree(quantities: list[Quantity], readings: list[Reading]) -> bool:
    """Some figure equals a table value, to the rounding of the coarser of the two prints."""
    for quantity in quantities:
        figure = quantity.figure
        for reading in readings:
            if reading[3] == figure:
                return True  # printed alike, as in most reports: no arithmetic needed
        value, rounding = quantity.common, quantity.rounding
        for table, number, unit, _ in readings:
            tolerance = _half_last_place(number, unit)
            if abs(value - table) <= (tolerance if tolerance > rounding else rounding):
                return True
    return False


def _half_last_place(number: Decimal, unit: str) -> Decimal:
    exponent = number.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return _HALF.scaleb(-places) * MONEY_FACTORS.get(unit, Decimal(1))

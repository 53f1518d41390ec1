"""report-score-mismatch: the report states a total score or grade the table does not have."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from itertools import accumulate
from typing import NamedTuple

from jixiao.checks.base import CheckContext, check
from jixiao.checks.narrative import SectionText, narrative, section_path
from jixiao.findings import Finding, Severity, declare, format_decimal
from jixiao.rules import Profile

REPORT_SCORE_MISMATCH = declare(
    "report-score-mismatch",
    Severity.ERROR,
    title="报告中的自评得分或等级与自评表不一致",
    title_en="Report states another total score or grade",
    description=(
        "自评报告（通常在“自评结果拟应用和公开情况”部分）写的自评总分或自评等级，与自评表"
        "总分栏的得分或等级不同。两者一起公开，结论必须一致；不一致时应以核对后的自评表为准"
        "修改报告。"
    ),
    template="报告中“{phrase}”写的{item}是{stated}，自评表中是{table}，两者不一致。",
    template_en="the report states {item_en} {stated}; the table says {table}",
    module=__name__,
)

# Words between a label and its value: "自评分为“98分”", "自评级别：优". The report is read as
# printed, so full-width and half-width forms are both accepted.
_LINK = r'\s?(?:为|是|:|：|达到|达|评定为|评为)?\s?["“”「]?\s?'
_SENTENCE_END = "。；;！!？?\n"


class _Statement(NamedTuple):
    """How the report states one thing: its pattern and the labels every match starts with."""

    pattern: re.Pattern[str]
    # The labels by their last character, then by the character before it ("" for a label
    # of one character), longest first; None when a label is empty and matches anywhere.
    labels: dict[str, dict[str, tuple[str, ...]]] | None

    def finditer(self, text: str) -> list[re.Match[str]]:
        """``pattern.finditer(text)``, found faster: every match starts with a label, and a
        label is found by a C-level search for its last character (CPython finds one character
        far faster than a regex scans text)."""
        if self.labels is None:
            return list(self.pattern.finditer(text))
        starts = set()
        for last, by_before in self.labels.items():
            at = text.find(last)
            while at >= 0:
                labels = by_before.get(text[at - 1] if at else "", ())
                for label in (*labels, *by_before.get("", ())) if "" in by_before else labels:
                    start = at + 1 - len(label)
                    if start >= 0 and text.startswith(label, start):
                        starts.add(start)
                at = text.find(last, at + 1)
        found = []
        end = 0
        for start in sorted(starts):
            if start >= end and (match := self.pattern.match(text, start)) is not None:
                found.append(match)
                end = match.end()
        return found


def _statement(pattern: str, labels: tuple[str, ...]) -> _Statement:
    if not all(labels):
        return _Statement(re.compile(pattern), None)
    by_last: dict[str, dict[str, tuple[str, ...]]] = {}
    for label in sorted(labels, key=len, reverse=True):
        by_before = by_last.setdefault(label[-1], {})
        before = label[-2:-1]
        by_before[before] = (*by_before.get(before, ()), label)
    return _Statement(re.compile(pattern), by_last)


@lru_cache(maxsize=64)
def _score_pattern(labels: tuple[str, ...]) -> _Statement | None:
    if not labels:
        return None
    names = "|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True))
    return _statement(rf"(?:{names})(?:数|值)?{_LINK}(?P<value>[0-9]+(?:\.[0-9]+)?) ?分", labels)


@lru_cache(maxsize=64)
def _grade_pattern(labels: tuple[str, ...], grades: tuple[str, ...]) -> _Statement | None:
    if not labels or not grades:
        return None
    names = "|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True))
    values = "|".join(re.escape(grade) for grade in grades)
    return _statement(rf"(?:{names}){_LINK}(?P<value>{values})", labels)


@check(REPORT_SCORE_MISMATCH)
def check_report_score_mismatch(ctx: CheckContext) -> Iterator[Finding]:
    sections = narrative(ctx).sections
    if not sections:
        return
    report = _Parts(sections)
    profile = ctx.profile
    table_score = ctx.evaluation.total.score
    pattern = _score_pattern(profile.report.labels.total_score)
    if table_score is not None and pattern is not None:
        stated = _first_disagreement(
            report.statements(pattern),
            lambda value: _same_score(Decimal(value), table_score, profile),
        )
        if stated is not None:
            value, section, start, end = stated
            yield REPORT_SCORE_MISMATCH.make(
                section_path(section.section),
                item="自评总分",
                item_en="total score",
                stated=f"{value}分",
                table=f"{format_decimal(table_score)}分",
                phrase=_sentence(section.text, start, end),
            )
    yield from _grade_findings(ctx, report)


def _grade_findings(ctx: CheckContext, report: _Parts) -> Iterator[Finding]:
    profile = ctx.profile
    table_grade = _table_grade(ctx)
    grades = tuple(grade.name for grade in profile.grades)
    pattern = _grade_pattern(profile.report.labels.grade, grades)
    if table_grade is None or pattern is None:
        return
    # A printed grade may be longer than the profile's name: "优秀" names 优.
    stated = _first_disagreement(report.statements(pattern), lambda value: value in table_grade)
    if stated is not None:
        value, section, start, end = stated
        yield REPORT_SCORE_MISMATCH.make(
            section_path(section.section),
            item="自评等级",
            item_en="grade",
            stated=value,
            table=table_grade,
            phrase=_sentence(section.text, start, end),
        )


def _table_grade(ctx: CheckContext) -> str | None:
    """The grade the table prints, or the one its total score earns when none is printed."""
    grade = (ctx.evaluation.grade or "").strip()
    if grade:
        return grade
    total = ctx.evaluation.total.score
    return None if total is None else ctx.profile.grade_for(total)


# (value, section, start and end of the statement in the section's text)
Statement = tuple[str, SectionText, int, int]


class _Parts:
    """The parts of the report joined by a character no statement can hold, so each pattern
    looks through the whole report in one pass; a statement never spans two parts."""

    __slots__ = ("sections", "starts", "text")

    def __init__(self, sections: tuple[SectionText, ...]) -> None:
        self.sections = sections
        self.text = "\x00".join(section.text for section in sections)
        self.starts = list(accumulate((len(s.text) + 1 for s in sections), initial=0))

    def statements(self, pattern: _Statement) -> Iterator[Statement]:
        """(value, section, start, end) of every statement the pattern finds, in order."""
        for match in pattern.finditer(self.text):
            start, end = match.span()
            at = bisect_right(self.starts, start) - 1
            offset = self.starts[at]
            yield match.group("value"), self.sections[at], start - offset, end - offset


def _first_disagreement(
    statements: Iterator[Statement], agrees: Callable[[str], bool]
) -> Statement | None:
    """The first statement, when none of them agrees with the table: a report may state the
    weight beside the score ("总分100分，自评得分98分"), and one agreeing statement is enough."""
    first: Statement | None = None
    for statement in statements:
        if agrees(statement[0]):
            return None
        first = first or statement
    return first


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence around a statement, to quote it."""
    begin = max(text.rfind(mark, 0, start) for mark in _SENTENCE_END) + 1
    ends = [at for mark in _SENTENCE_END if (at := text.find(mark, end)) >= 0]
    return text[begin : min(ends, default=len(text))].strip()


def _same_score(stated: Decimal, table: Decimal, profile: Profile) -> bool:
    """Equal once the table's score is rounded to the places the report prints."""
    exponent = stated.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    shown = table.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return abs(shown - stated) <= profile.tolerance.score

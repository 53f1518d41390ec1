"""report-score-mismatch: the report states a total score or grade the table does not have."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

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


@lru_cache(maxsize=64)
def _score_pattern(labels: tuple[str, ...]) -> re.Pattern[str] | None:
    if not labels:
        return None
    names = "|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True))
    return re.compile(rf"(?:{names})(?:数|值)?{_LINK}(?P<value>[0-9]+(?:\.[0-9]+)?) ?分")


@lru_cache(maxsize=64)
def _grade_pattern(labels: tuple[str, ...], grades: tuple[str, ...]) -> re.Pattern[str] | None:
    if not labels or not grades:
        return None
    names = "|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True))
    values = "|".join(re.escape(grade) for grade in grades)
    return re.compile(rf"(?:{names}){_LINK}(?P<value>{values})")


@check(REPORT_SCORE_MISMATCH)
def check_report_score_mismatch(ctx: CheckContext) -> Iterator[Finding]:
    sections = narrative(ctx).sections
    if not sections:
        return
    profile = ctx.profile
    table_score = ctx.evaluation.total.score
    pattern = _score_pattern(profile.report.labels.total_score)
    if table_score is not None and pattern is not None:
        stated = _first_disagreement(
            _statements(pattern, sections),
            lambda value: _same_score(Decimal(value), table_score, profile),
        )
        if stated is not None:
            value, section, match = stated
            yield REPORT_SCORE_MISMATCH.make(
                section_path(section.section),
                item="自评总分",
                item_en="total score",
                stated=f"{value}分",
                table=f"{format_decimal(table_score)}分",
                phrase=_sentence(section.text, match),
            )
    yield from _grade_findings(ctx, sections)


def _grade_findings(ctx: CheckContext, sections: tuple[SectionText, ...]) -> Iterator[Finding]:
    profile = ctx.profile
    table_grade = _table_grade(ctx)
    grades = tuple(grade.name for grade in profile.grades)
    pattern = _grade_pattern(profile.report.labels.grade, grades)
    if table_grade is None or pattern is None:
        return
    # A printed grade may be longer than the profile's name: "优秀" names 优.
    stated = _first_disagreement(_statements(pattern, sections), lambda value: value in table_grade)
    if stated is not None:
        value, section, match = stated
        yield REPORT_SCORE_MISMATCH.make(
            section_path(section.section),
            item="自评等级",
            item_en="grade",
            stated=value,
            table=table_grade,
            phrase=_sentence(section.text, match),
        )


def _table_grade(ctx: CheckContext) -> str | None:
    """The grade the table prints, or the one its total score earns when none is printed."""
    grade = (ctx.evaluation.grade or "").strip()
    if grade:
        return grade
    total = ctx.evaluation.total.score
    return None if total is None else ctx.profile.grade_for(total)


Statement = tuple[str, SectionText, re.Match[str]]


def _statements(pattern: re.Pattern[str], sections: tuple[SectionText, ...]) -> Iterator[Statement]:
    """(value, section, match) of every statement the pattern finds, in order."""
    for section in sections:
        for match in pattern.finditer(section.text):
            yield match.group("value"), section, match


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


def _sentence(text: str, match: re.Match[str]) -> str:
    """The sentence around a statement, to quote it."""
    start = max(text.rfind(mark, 0, match.start()) for mark in _SENTENCE_END) + 1
    ends = [at for mark in _SENTENCE_END if (at := text.find(mark, match.end())) >= 0]
    return text[start : min(ends, default=len(text))].strip()


def _same_score(stated: Decimal, table: Decimal, profile: Profile) -> bool:
    """Equal once the table's score is rounded to the places the report prints."""
    exponent = stated.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    shown = table.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return abs(shown - stated) <= profile.tolerance.score

"""The 自评报告 written from the model: the six parts of the seed's 附件2, figures first.

:func:`generate_report` returns a :class:`~jixiao.model.Report` whose every figure comes from
the evaluation (amounts as printed, shares and the execution rate computed with ``Decimal``
and rounded half-up to two places); an amount nobody printed is left unsaid, never shown
as 0. The unit's own text (``evaluation.report``) is kept: each of its sections goes to the
part its title names, by the words of the profile's report outline (the same words the
``report-section-missing`` check looks for), after the figures of that part. What only a
person can write is a placeholder, ``【待填写：…】`` (:data:`PLACEHOLDER_OPEN`), so a check or
the web app finds what is still open with :func:`find_placeholders`.

The report states the self-reported total and grade as the unit declared them: that is the
unit's claim, and the ``report-score-mismatch`` check compares the report with the table.
When the total recomputed by the rules differs by more than the profile's
``tolerance.recomputed_total``, a placeholder beside it asks the unit to correct the table or
explain; the recomputed figure itself is never put in the unit's mouth.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from decimal import ROUND_HALF_UP, Decimal

from jixiao.checks.narrative import fold_title
from jixiao.findings import format_decimal
from jixiao.model import Evaluation, Indicator, Report, ReportSection
from jixiao.rules import Profile
from jixiao.scoring import ScoreResult, execution_rate, score

PLACEHOLDER_OPEN = "【待填写："
PLACEHOLDER_CLOSE = "】"
# One unfilled place: the marker, what to write, the closing bracket.
PLACEHOLDER_PATTERN = re.compile(f"{PLACEHOLDER_OPEN}[^{PLACEHOLDER_CLOSE}]*{PLACEHOLDER_CLOSE}")

REPORT_TITLES = {"department": "部门整体支出绩效自评报告", "project": "项目支出绩效自评报告"}
NUMERALS = "一二三四五六七八九十"
HUNDRED = Decimal(100)
_PLACES = Decimal("0.01")


# The fund sources in the order the tables print them, with the words the report uses.
SOURCES = (
    ("general_public_budget", "一般公共预算"),
    ("government_fund", "政府性基金"),
    ("special_account_non_tax", "纳入专户管理的非税收入"),
    ("current_year_appropriation", "当年财政拨款"),
    ("carried_over", "上年结转资金"),
    ("other", "其他资金"),
)


def placeholder(what: str) -> str:
    """A marked place a person must fill in: "【待填写：工作亮点】"."""
    return f"{PLACEHOLDER_OPEN}{what}{PLACEHOLDER_CLOSE}"


def find_placeholders(text: str) -> list[str]:
    """Every placeholder still in the text, in order."""
    return PLACEHOLDER_PATTERN.findall(text)


def numeral(number: int) -> str:
    """一 … 十 for a part number; digits beyond."""
    return NUMERALS[number - 1] if 1 <= number <= len(NUMERALS) else str(number)


def money(value: Decimal) -> str:
    """An amount exactly as the table prints it, with its unit: "1007.91万元"."""
    return f"{format(value, 'f')}万元"


def points(value: Decimal) -> str:
    """A weight or score as printed, trailing zeros of a sum dropped: "98分"."""
    return f"{format_decimal(value)}分"


def share(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """``part`` as a percentage of ``whole``, two places; None when either is unknown or 0."""
    if part is None or not whole:
        return None
    return (part / whole * HUNDRED).quantize(_PLACES, rounding=ROUND_HALF_UP)


def percent(value: Decimal) -> str:
    return f"{format(value, 'f')}%"


def generate_report(evaluation: Evaluation, profile: Profile) -> Report:
    """The 自评报告 of an evaluation: the parts of the profile's outline (the national one has
    six) under the profile's titles, figures from the model, the unit's text kept."""
    result = score(evaluation, profile)
    own, extra = user_sections(evaluation.report, profile)
    sections = []
    for rule in profile.report.sections:  # the profile's outline, in its order
        texts, title = own.get(rule.number, []), rule.heading_for(evaluation.kind)
        write = _WRITERS.get(rule.number)
        lines = (
            write(evaluation, profile, result, texts) if write else _or_placeholder(texts, title)
        )
        sections.append(_section(rule.number, title, lines))
    for offset, section in enumerate(extra, start=len(profile.report.sections) + 1):
        sections.append(_section(offset, section.title, [section.text]))
    preamble = evaluation.report.preamble if evaluation.report is not None else ""
    return Report(title=REPORT_TITLES[evaluation.kind], preamble=preamble, sections=sections)


def _section(number: int, title: str, lines: list[str]) -> ReportSection:
    text = "\n".join(line for line in lines if line.strip())
    return ReportSection(
        number=number, title=title, text=text, heading=f"{numeral(number)}、{title}"
    )


def part_of(section: ReportSection, profile: Profile) -> int | None:
    """The part (1–6) a unit's section belongs to: the outline rule whose words its title
    holds (its own number breaks a tie: "存在的问题及改进措施" names two parts), else its own
    number when that is a part's; None for a section that is none of them."""
    title = fold_title(f"{section.heading or ''} {section.title}")
    named = [rule.number for rule in profile.report.sections if _names(title, rule.words)]
    if section.number in named:
        return section.number
    if named:
        return named[0]
    numbers = {rule.number for rule in profile.report.sections}
    return section.number if section.number in numbers else None


def _names(title: str, words: tuple[str, ...]) -> bool:
    return any(word in title for word in words)


def user_sections(
    report: Report | None, profile: Profile
) -> tuple[dict[int, list[str]], list[ReportSection]]:
    """The unit's texts by part, and the sections that belong to no part (kept apart)."""
    by_part: dict[int, list[str]] = {}
    extra: list[ReportSection] = []
    for section in report.sections if report is not None else []:
        number = part_of(section, profile)
        if number is None:
            extra.append(section)
        elif section.text.strip():
            by_part.setdefault(number, []).append(section.text.strip())
    return by_part, extra


def _or_placeholder(own: list[str], what: str) -> list[str]:
    return own if own else [placeholder(what)]


# Each part writer: (evaluation, profile, score result, the unit's texts) -> lines.


def _basic_part(
    evaluation: Evaluation, profile: Profile, result: ScoreResult, own: list[str]
) -> list[str]:
    year = _year(evaluation)
    if evaluation.kind == "project":
        facts = [
            f"{label}：{value}"
            for label, value in (
                ("项目名称", evaluation.project),
                ("主管部门", evaluation.department),
                ("实施单位", evaluation.implementing_unit or evaluation.unit),
            )
            if value
        ]
        opening = f"{'；'.join(facts)}。本报告为该项目{year}支出绩效自评报告。" if facts else ""
        return [opening, *_or_placeholder(own, "项目立项依据、主要内容、实施情况")]
    opening = f"{evaluation.unit}{year}部门整体支出绩效自评情况如下。" if evaluation.unit else ""
    return [opening, *_or_placeholder(own, "单位职能、人员编制与实有人数、内设机构")]


def _spending_part(
    evaluation: Evaluation, profile: Profile, result: ScoreResult, own: list[str]
) -> list[str]:
    lines = [nature_sentence(evaluation), source_sentence(evaluation)]
    if not any(lines):
        lines = [placeholder("自评表未列支出金额，请写明基本支出、项目支出及资金来源")]
    return [*lines, *own]


def nature_sentence(evaluation: Evaluation) -> str:
    """基本支出 and 项目支出 with their shares of the printed total (按支出性质分)."""
    nature = evaluation.funds.by_nature
    parts = [
        _amount_with_share(label, value, nature.total, "支出总额")
        for label, value in (("基本支出", nature.basic), ("项目支出", nature.project))
        if value is not None
    ]
    if not parts:
        return ""
    total = f"支出总额{money(nature.total)}。" if nature.total is not None else ""
    return f"{_year(evaluation)}{total}按支出性质分，{'；'.join(parts)}。"


def source_sentence(evaluation: Evaluation) -> str:
    """Each known fund source with its share of the printed total (按收入性质分)."""
    sources = evaluation.funds.by_source
    total = sources.total
    parts = [
        _amount_with_share(label, value, total, "资金总额")
        for field, label in SOURCES
        if (value := getattr(sources, field)) is not None
    ]
    if not parts:
        return ""
    opening = f"资金总额{money(total)}：" if total is not None else ""
    return f"按资金来源分，{opening}{'；'.join(parts)}。"


def _amount_with_share(label: str, value: Decimal, whole: Decimal | None, base: str) -> str:
    shown = share(value, whole)
    if shown is None:
        return f"{label}{money(value)}"
    return f"{label}{money(value)}，占{base}的{percent(shown)}"


def _year(evaluation: Evaluation) -> str:
    return f"{evaluation.year}年度" if evaluation.year is not None else "本年度"


def _performance_part(
    evaluation: Evaluation, profile: Profile, result: ScoreResult, own: list[str]
) -> list[str]:
    lines = [execution_sentence(evaluation), *goal_sentences(evaluation)]
    lines += [indicator_sentence(evaluation), outcome_sentence(evaluation, result)]
    return [*lines, *_or_placeholder(own, "工作亮点和重点工作完成情况")]


def execution_sentence(evaluation: Evaluation) -> str:
    """年初预算数, 全年预算数, 全年执行数 and the execution rate computed from them."""
    funds = evaluation.funds
    known = [
        f"{label}{money(value)}"
        for label, value in (
            ("年初预算数", funds.initial_budget),
            ("全年预算数", funds.full_year_budget),
            ("全年执行数", funds.executed),
        )
        if value is not None
    ]
    rate = execution_rate(funds)
    if rate is not None:
        shown = (rate * HUNDRED).quantize(_PLACES, rounding=ROUND_HALF_UP)
        known.append(f"预算执行率{percent(shown)}")
    if not known:
        return ""
    scored = ""
    if funds.weight is not None and funds.score is not None:
        scored = f"预算执行率指标分值{points(funds.weight)}，得{points(funds.score)}。"
    return f"{_year(evaluation)}{'，'.join(known)}。{scored}"


def goal_sentences(evaluation: Evaluation) -> Iterator[str]:
    for goal in evaluation.goals:
        said = [
            f"{label}：{text.strip().rstrip('。；;')}"
            for label, text in (("年度总体目标", goal.expected), ("实际完成情况", goal.actual))
            if text and text.strip()
        ]
        if said:
            yield "；".join(said) + "。"


def lost_points(indicator: Indicator) -> Decimal | None:
    """How many points the unit took off a line (None when weight or score is unknown)."""
    if indicator.weight is None or indicator.score is None:
        return None
    return indicator.weight - indicator.score


def indicator_sentence(evaluation: Evaluation) -> str:
    """How many indicators, their weights and scores, and which lost points and how many."""
    indicators = evaluation.indicators
    if not indicators:
        return ""
    sentence = f"绩效指标共{len(indicators)}项"
    weights = [i.weight for i in indicators if i.weight is not None]
    scores = [i.score for i in indicators if i.score is not None]
    if weights and len(weights) == len(indicators):
        sentence += f"，分值合计{points(sum(weights, Decimal(0)))}"
    if scores and len(scores) == len(indicators):
        sentence += f"，得分合计{points(sum(scores, Decimal(0)))}"
    losing = [(i, lost) for i in indicators if (lost := lost_points(i)) is not None and lost > 0]
    if not losing:
        return f"{sentence}，无扣分指标。"
    named = "、".join(
        f"“{i.name.strip()}”（分值{points(weight)}，得{points(weight - lost)}，扣{points(lost)}）"
        for i, lost in losing
        if (weight := i.weight) is not None
    )
    return f"{sentence}。扣分指标{len(losing)}项：{named}。"


def outcome_sentence(evaluation: Evaluation, result: ScoreResult) -> str:
    """How many indicators met their target, by the rules' reading of target and actual."""
    lines = result.lines[1:]  # line 0 is the funds line
    if not lines:
        return ""
    met = sum(1 for line in lines if line.target_met is True)
    missed = [line.name.strip() for line in lines if line.target_met is False]
    unknown = sum(1 for line in lines if line.target_met is None)
    sentence = f"对照年度指标值，{met}项达到"
    if missed:
        sentence += f"，{len(missed)}项未达到（{'、'.join(missed)}）"
    if unknown:
        sentence += f"，{unknown}项无法据实际完成值判断"
    return sentence + "。"


def _problems_part(
    evaluation: Evaluation, profile: Profile, result: ScoreResult, own: list[str]
) -> list[str]:
    reasons = [
        f"“{i.name.strip()}”扣{points(lost)}，偏差原因：{reason}"
        for i in evaluation.indicators
        if (lost := lost_points(i)) is not None
        and lost > 0
        and (reason := (i.deviation_reason or "").strip().rstrip("。；;"))
    ]
    lines = [f"{'；'.join(reasons)}。"] if reasons else []
    return [*lines, *_or_placeholder(own, "存在的问题及原因分析")]


def _measures_part(
    evaluation: Evaluation, profile: Profile, result: ScoreResult, own: list[str]
) -> list[str]:
    return _or_placeholder(own, "下一步改进措施")


def _results_part(
    evaluation: Evaluation, profile: Profile, result: ScoreResult, own: list[str]
) -> list[str]:
    lines = [declared_result(evaluation, profile), recomputed_note(result, profile)]
    return [*lines, *_or_placeholder(own, "自评结果的应用及公开的时间、渠道")]


# What jixiao writes for each part of the national outline; a part a province profile adds
# holds the unit's own text, or a place to fill in.
_WRITERS: dict[int, Callable[[Evaluation, Profile, ScoreResult, list[str]], list[str]]] = {
    1: _basic_part,
    2: _spending_part,
    3: _performance_part,
    4: _problems_part,
    5: _measures_part,
    6: _results_part,
}


def declared_grade(evaluation: Evaluation, profile: Profile) -> str | None:
    """The grade the table prints, or the one its total earns when none is printed."""
    if evaluation.grade and evaluation.grade.strip():
        return evaluation.grade.strip()
    total = evaluation.total.score
    return None if total is None else profile.grade_for(total)


def declared_result(evaluation: Evaluation, profile: Profile) -> str:
    """The total score and grade as the unit declared them."""
    total = evaluation.total.score
    subject = "项目支出" if evaluation.kind == "project" else "部门整体支出"
    if total is None:
        return placeholder("自评表未填总分，请写明自评总分和自评等级")
    sentence = f"{_year(evaluation)}{subject}绩效自评总分为{points(total)}"
    grade = declared_grade(evaluation, profile)
    return f"{sentence}，自评等级为{grade}。" if grade else f"{sentence}。"


def recomputed_note(result: ScoreResult, profile: Profile) -> str:
    """A placeholder when the rules give another total than the declared one."""
    if result.recomputed is None or result.self_reported is None:
        return ""
    gap = result.recomputed - result.self_reported
    if abs(gap) <= profile.tolerance.recomputed_total:
        return ""
    shown = format_decimal(result.recomputed, 2)
    return placeholder(
        f"按评分规则逐项复算结果为{shown}分（{result.grade_recomputed}），"
        f"与自评表相差{format_decimal(abs(gap), 2)}分，请核对后修改自评表，或在此说明理由"
    )

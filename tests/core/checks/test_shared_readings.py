"""The readings the checks share, taken the quick way, agree with the plain way."""

from __future__ import annotations

from decimal import Decimal as D

from jixiao.checks.narrative import _collect_texts, _texts_of, read_report
from jixiao.model import Goal, Indicator, Measured, Report, ReportSection
from jixiao.scoring import score_indicator
from tests.core.checks.support import NATIONAL, run, section
from tests.factories import clean_department, seedlike_department


def test_the_quick_walk_over_the_fields_keeps_those_a_finding_is_located_by() -> None:
    evaluation = clean_department()
    evaluation.goals = [
        Goal(expected="完成改造22户", actual=None),
        Goal(expected="", actual="已完成"),
    ]
    evaluation.indicators.append(Indicator(name="", actual=Measured(text="")))
    evaluation.indicators[0].extra = {"备注": "联系人13607420851"}
    evaluation.extra = {"说明": "另附"}
    assert evaluation.report is not None
    evaluation.report.preamble = "按要求开展自评。"
    evaluation.report.sections[0].heading = "一、预算单位基本情况"

    for document in (evaluation, seedlike_department()):
        texts: list[str] = []
        where: list[tuple[str, int, str]] = []
        _collect_texts(document, texts, where)
        assert _texts_of(document) == texts
        assert len(where) == len(texts)


def test_the_paragraphs_of_some_parts_come_in_report_order() -> None:
    report = Report(
        preamble="开头一行",
        sections=[
            ReportSection(number=n, title=f"第{n}部分", text=f"甲{n}\n\n乙{n}\n丙{n}")
            for n in (1, 2, 3)
        ],
    )
    story = read_report(report)

    found = story.in_sections([2, None, 0])

    expected = [p for p in story.paragraphs if p.section in (None, 0, 2)]
    assert [p.text for p in found] == [p.text for p in expected]
    assert [p.text for p in found][:2] == ["开头一行", "甲1"]


def test_lines_that_differ_are_reported_in_table_order_whatever_their_names() -> None:
    evaluation = clean_department()
    evaluation.indicators[2].actual = Measured(text="20户")
    evaluation.indicators[3].actual = Measured(text="225名")
    evaluation.indicators[5].name = "危房改造户数"
    evaluation.indicators[5].target = Measured(text="10户")
    evaluation.indicators[5].actual = Measured(text="12户")
    section(evaluation, 3).text = "全年培训合格工匠229名，完成农村危房改造22户。"

    findings = run(evaluation, "report_table")

    assert [finding.evidence["indicator_path"] for finding in findings] == [
        "indicators[2].actual",
        "indicators[3].actual",
        "indicators[5].actual",
    ]


def test_a_qualitative_line_is_judged_by_the_words_of_the_profile_in_use() -> None:
    line = Indicator(
        name="群众评价",
        target=Measured(text="群众满意"),
        actual=Measured(text="效果欠佳"),
        weight=D(10),
    )
    strict = NATIONAL.model_copy(
        update={
            "vocabulary": NATIONAL.vocabulary.model_copy(
                update={"failed_words": (*NATIONAL.vocabulary.failed_words, "欠佳")}
            )
        }
    )

    # The same words judged under one profile are not taken for another's judgement.
    assert score_indicator(line, 0, strict).target_met is False
    assert score_indicator(line, 0, NATIONAL).target_met is True

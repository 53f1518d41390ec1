"""The shared reading of a report: clauses, quantities and their labels, shares."""

from __future__ import annotations

from decimal import Decimal as D

from jixiao.checks.base import CheckContext
from jixiao.checks.narrative import (
    bound_marker,
    document_texts,
    narrative,
    read_report,
    same_sentence,
    shares_in,
)
from jixiao.model import Report, ReportSection
from jixiao.scoring import score
from tests.core.checks.support import NATIONAL
from tests.factories import clean_department, seedlike_department


def report_of(*texts: str) -> Report:
    return Report(
        sections=[
            ReportSection(number=n, title=f"第{n}部分", text=text)
            for n, text in enumerate(texts, start=1)
        ]
    )


def test_a_quantity_carries_its_label_unit_family_and_places():
    story = read_report(report_of("其中基本支出：人员经费 817.05万元，占基本支出的81.06%。"))

    amount, share = story.paragraphs[0].quantities
    assert (amount.label, amount.unit, amount.family) == ("人员经费", "万元", "万元")
    assert (amount.number, amount.places) == (D("817.05"), 2)
    assert (share.label, share.unit, share.printed) == ("占基本支出的", "%", "81.06%")
    assert share.clause.text == "占基本支出的81.06%"
    assert share.clause.path == "report.sections[0].text"


def test_limits_and_rough_figures_are_not_measurements():
    text = "漏损率控制在19%以内，约80万元，达到95%，50余人，≥90%，229名。"
    quantities = read_report(report_of(text)).paragraphs[0].quantities

    measured = {quantity.printed: quantity.measured for quantity in quantities}
    assert measured == {
        "19%以内": False,
        "80万元": False,
        "95%": True,
        "90%": False,
        "229名": True,
    }


def test_full_width_digits_and_signs_are_read_as_printed():
    [quantity] = read_report(report_of("培训工匠２２９名")).paragraphs[0].quantities

    assert quantity.number == 229
    assert quantity.family == "人"


def test_a_number_inside_a_code_is_not_a_quantity():
    assert read_report(report_of("执行GB18918标准，A3栋")).paragraphs[0].quantities == []


def test_money_is_compared_in_ten_thousand_yuan():
    [quantity] = read_report(report_of("节约0.19亿元")).paragraphs[0].quantities

    assert quantity.common == D("1900")


def test_clauses_naming_finds_words_with_other_words_between_them():
    story = read_report(report_of("上半年共培训合格工匠229名，兑现奖励49户。\n工匠培训已完成"))

    found = [(p.number, p.clause_text(part)) for p, part in story.clauses_naming(("培训", "工匠"))]

    assert found == [(0, "上半年共培训合格工匠229名"), (1, "工匠培训已完成")]


def test_a_share_is_paired_with_the_amount_before_it_in_its_sentence():
    story = read_report(report_of("人员经费817.05万元，占基本支出的81.06%；公用经费，占比13%。"))

    [share] = shares_in(story.paragraphs)
    assert (share.part.printed, share.share.printed, share.base) == (
        "817.05万元",
        "81.06%",
        "基本支出",
    )


def test_the_spending_part_is_found_by_its_title():
    story = read_report(seedlike_department().report)

    assert {paragraph.section for paragraph in story.spending(NATIONAL)} == {1}


def test_the_reading_is_made_once_per_document():
    evaluation = clean_department()
    context = CheckContext(evaluation, NATIONAL, score(evaluation, NATIONAL))

    assert narrative(context) is narrative(context)
    assert document_texts(context) is document_texts(context)


def test_document_texts_locate_a_field_by_offset():
    evaluation = clean_department()
    context = CheckContext(evaluation, NATIONAL, score(evaluation, NATIONAL))
    texts = document_texts(context)

    at = texts.joined.index("0731-23123456")
    assert texts.locate(at) == ("signoff.phone", "联系电话")
    at = texts.joined.index("培训工匠人数")
    assert texts.locate(at) == ("indicators[3].name", "指标“培训工匠人数”")


def test_bound_marker_tells_limits_from_figures():
    assert bound_marker("≥90%") == "≥"
    assert bound_marker("实现县城公共供水普及率达到90%以上") == "以上"
    assert bound_marker("9月底前") == "月底前"
    assert bound_marker("达到95%") is None
    assert bound_marker("8月底") is None


def test_same_sentence_ignores_spaces_and_punctuation_width():
    assert same_sentence(
        "　居民生活污水及时处理，生活用水质量得到保障", "居民生活污水及时处理,生活用水质量得到保障"
    )
    assert not same_sentence("", "")
    assert not same_sentence("及时", "及时处理")

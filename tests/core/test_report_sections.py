"""Splitting a 自评报告 into its numbered parts."""

from __future__ import annotations

import pytest

from jixiao.importers import parse_report
from jixiao.importers.report_sections import chinese_number

# The seed's outline: Word's auto-numbering prints parts 1 and 5 as digits, and part 5 holds a
# list numbered 一、二、三、 like the parts themselves.
MIXED = """附件2
部门整体支出绩效自评报告

1、 预算单位基本情况
本局内设8个股室。
    二、一般公共预算支出情况
（1） 基本支出情况
基本支出1007.91万元。
三、部门整体支出绩效情况
（一）主要成效。
一是城乡建设提质扩面。
二是住房保障持续加力。
四、存在的问题及原因分析
预算编制偏紧。
5、 下一步改进措施
一、提高预算编制质量。
二、加强财经法规学习。
三、细化预算指标。
六、绩效自评结果拟应用和公开情况
自评级别为优。
"""


def test_parts_follow_their_numbers_whatever_the_numeral_style():
    report = parse_report(MIXED)
    assert [(s.number, s.title) for s in report.sections] == [
        (1, "预算单位基本情况"),
        (2, "一般公共预算支出情况"),
        (3, "部门整体支出绩效情况"),
        (4, "存在的问题及原因分析"),
        (5, "下一步改进措施"),
        (6, "绩效自评结果拟应用和公开情况"),
    ]


def test_a_list_inside_a_part_stays_in_that_part():
    part5 = parse_report(MIXED).sections[4]
    assert part5.text == "一、提高预算编制质量。\n二、加强财经法规学习。\n三、细化预算指标。"


def test_the_heading_is_kept_as_printed_and_the_body_stripped():
    part2 = parse_report(MIXED).sections[1]
    assert part2.heading == "二、一般公共预算支出情况"
    assert part2.text == "（1） 基本支出情况\n基本支出1007.91万元。"


def test_parenthesised_numbers_and_yishi_are_never_parts():
    part3 = parse_report(MIXED).sections[2]
    assert part3.text == "（一）主要成效。\n一是城乡建设提质扩面。\n二是住房保障持续加力。"


def test_the_attachment_line_is_dropped_and_the_title_kept():
    report = parse_report(MIXED)
    assert report.title == "部门整体支出绩效自评报告"
    assert report.preamble == ""


def test_text_before_the_first_part_is_the_preamble():
    report = parse_report(
        "项目绩效自评报告\n根据财政局通知要求，现将自评情况报告如下。\n一、基本情况\n正文。"
    )
    assert report.preamble == "根据财政局通知要求，现将自评情况报告如下。"
    assert [s.title for s in report.sections] == ["基本情况"]


def test_a_number_out_of_sequence_is_body_text():
    report = parse_report("一、基本情况\n三、不是第二部分\n二、绩效情况\n")
    assert [s.number for s in report.sections] == [1, 2]
    assert report.sections[0].text == "三、不是第二部分"


def test_a_digit_list_inside_part_one_does_not_steal_part_two():
    text = "一、基本情况\n1、人员情况：在编43人。\n2、机构情况：内设8个股室。\n二、支出情况\n正文。"
    report = parse_report(text)
    assert [s.title for s in report.sections] == ["基本情况", "支出情况"]
    assert report.sections[0].text == "1、人员情况：在编43人。\n2、机构情况：内设8个股室。"


def test_a_heading_after_a_list_of_sentences_in_the_same_style_is_the_next_part():
    text = (
        "1、基本情况\n一、本局共有人员52人，其中在编43人。\n二、支出情况\n"
        "基本支出1007.91万元。\n三、绩效情况\n正文。"
    )
    report = parse_report(text)
    assert [s.title for s in report.sections] == ["基本情况", "支出情况", "绩效情况"]


def test_a_decimal_at_the_start_of_a_line_is_not_a_number_heading():
    report = parse_report("一、基本情况\n2.5公里管网已完工。\n")
    assert report.sections[0].text == "2.5公里管网已完工。"


def test_a_report_without_numbered_parts_is_all_preamble():
    report = parse_report("自评报告\n今年各项工作顺利完成。")
    assert report.sections == []
    assert report.preamble == "今年各项工作顺利完成。"


@pytest.mark.parametrize(
    ("text", "number"),
    [("一", 1), ("九", 9), ("十", 10), ("十一", 11), ("二十", 20), ("二十三", 23), ("12", 12)],
)
def test_chinese_numerals_read_as_numbers(text, number):
    assert chinese_number(text) == number


@pytest.mark.parametrize("text", ["十十", "零十", "一二"])
def test_malformed_numerals_read_as_nothing(text):
    assert chinese_number(text) is None

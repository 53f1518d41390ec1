"""Values read as a person reads them (every value of the seed among them)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.values import (
    Comparator,
    Direction,
    ValueKind,
    comparable,
    in_common_unit,
    infer_direction,
    parse_value,
)

GE, GT, LE, LT, EQ = Comparator.GE, Comparator.GT, Comparator.LE, Comparator.LT, Comparator.EQ

SEED_VALUES = [
    ("实现县城公共供水普及率达到90%以上", GE, "90", "%"),
    ("天然气覆盖率达到95%以上", GE, "95", "%"),
    ("19户", None, "19", "户"),
    ("22户", None, "22", "户"),
    ("225名", None, "225", "名"),
    ("100%", None, "100", "%"),
    ("5025.23万元", None, "5025.23", "万元"),
    ("\u300017511.79万元", None, "17511.79", "万元"),
    ("600万元", None, "600", "万元"),
    ("792.63万元", None, "792.63", "万元"),
    ("\u3000≥90%", GE, "90", "%"),
]


@pytest.mark.parametrize(("text", "comparator", "number", "unit"), SEED_VALUES)
def test_it_reads_every_quantitative_value_of_the_seed(text, comparator, number, unit):
    value = parse_value(text)
    assert value.kind is ValueKind.QUANTITATIVE
    assert (value.comparator, value.number, value.unit) == (comparator, D(number), unit)


@pytest.mark.parametrize(
    "text",
    [
        "出水水质达到一级A标排放标准",
        "确保“8个100%”治理措施到位",
        "及时",
        "\u3000降本增效",
        "改善",
        "可持续",
        "居民生活污水及时处理，生活用水质量得到保障",
    ],
)
def test_it_reads_the_seeds_qualitative_values_as_qualitative(text):
    assert parse_value(text).kind is ValueKind.QUALITATIVE


@pytest.mark.parametrize(
    ("text", "comparator", "number", "unit"),
    [
        ("≥50个", GE, "50", "个"),
        ("≥ 50 个", GE, "50", "个"),
        (">=90%", GE, "90", "%"),
        ("≧90%", GE, "90", "%"),
        ("＞８０％", GT, "80", "%"),
        ("≤90万元", LE, "90", "万元"),
        ("﹦0起", EQ, "0", "起"),
        ("＝100%", EQ, "100", "%"),
        ("95%以上", GE, "95", "%"),
        ("95%及以上", GE, "95", "%"),
        ("不低于95%", GE, "95", "%"),
        ("不少于12次", GE, "12", "次"),
        ("不超过100万元", LE, "100", "万元"),
        ("10万元以内", LE, "10", "万元"),
        ("控制在19%以内", LE, "19", "%"),
        ("低于5%", LT, "5", "%"),
        ("3个工作日内", LE, "3", "个工作日"),
        ("达到90%", GE, "90", "%"),
        ("1,234.5万元", None, "1234.5", "万元"),
        ("4.98万平米", None, "4.98", "万平米"),
        ("1.53公里", None, "1.53", "公里"),
        ("36栋", None, "36", "栋"),
    ],
)
def test_it_reads_comparators_in_symbols_and_words(text, comparator, number, unit):
    value = parse_value(text)
    assert (value.comparator, value.number, value.unit) == (comparator, D(number), unit)


@pytest.mark.parametrize(
    ("text", "month"),
    [("9月前", "9"), ("12月底前", "12"), ("2023年12月31日前", "12.31"), ("6月底", "6")],
)
def test_it_reads_deadlines_as_months(text, month):
    value = parse_value(text)
    assert value.kind is ValueKind.DATE
    assert value.comparator is LE
    assert value.number == D(month)


def test_it_reads_a_range_with_both_ends():
    value = parse_value("90%-95%")
    assert (value.number, value.upper, value.unit) == (D(90), D(95), "%")


def test_it_marks_approximate_values():
    assert parse_value("约80万元").approximate
    assert not parse_value("80万元").approximate


@pytest.mark.parametrize("text", ["", "   ", "\u3000", None])
def test_it_reads_blank_as_empty_not_zero(text):
    value = parse_value(text)
    assert value.kind is ValueKind.EMPTY
    assert value.number is None


def test_it_infers_direction_from_the_comparator_first():
    assert infer_direction(parse_value("≤20%"), name="供水率") is Direction.REVERSE
    assert infer_direction(parse_value("≥5个"), name="成本") is Direction.POSITIVE
    assert infer_direction(parse_value("=0起"), name="事故") is Direction.EQUAL


def test_it_infers_reverse_for_cost_lines_without_a_comparator():
    keywords = ("成本", "漏损率")
    target = parse_value("5025.23万元")
    assert infer_direction(
        target, name="全年预算数", level2="成本指标", reverse_keywords=keywords
    ) is (Direction.REVERSE)
    assert (
        infer_direction(target, name="收取污水处理费", level2="经济效益指标") is Direction.POSITIVE
    )
    assert infer_direction(parse_value("9月前")) is Direction.REVERSE
    assert infer_direction(parse_value("及时")) is Direction.QUALITATIVE


def test_it_compares_money_across_units():
    assert in_common_unit(parse_value("1.5亿元")) == D("15000.0")
    assert in_common_unit(parse_value("80000元")) == D("8.0000")
    assert comparable(parse_value("225名"), parse_value("229人"))
    assert not comparable(parse_value("225名"), parse_value("229户"))


_units = st.sampled_from(["%", "万元", "户", "名", "个", "公里", "栋", "次", ""])
_numbers = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False)


@given(number=_numbers, unit=_units)
def test_any_printed_number_and_unit_reads_back(number, unit):
    value = parse_value(f"{number}{unit}")
    assert value.number == number
    assert value.unit == (unit or None)


@given(
    number=_numbers,
    unit=_units,
    sign=st.sampled_from([("≥", GE), ("≤", LE), ("＞", GT), ("﹦", EQ), (">=", GE), ("<", LT)]),
    pad=st.sampled_from(["", " ", "\u3000", "  "]),
)
def test_signs_and_padding_do_not_change_the_reading(number, unit, sign, pad):
    symbol, comparator = sign
    value = parse_value(f"{pad}{symbol}{pad}{number}{unit}{pad}")
    assert (value.comparator, value.number) == (comparator, number)


@given(st.text(max_size=60))
def test_any_text_parses_without_error(text):
    value = parse_value(text)
    assert value.kind in set(ValueKind)
    if value.kind is ValueKind.QUANTITATIVE:
        assert value.number is not None


@given(number=_numbers, unit=st.sampled_from(["%", "万元", "个"]))
def test_full_width_digits_read_like_ascii(number, unit):
    full_width = str(number).translate(str.maketrans("0123456789.", "０１２３４５６７８９．"))
    assert parse_value(f"≥{full_width}{unit}").number == number

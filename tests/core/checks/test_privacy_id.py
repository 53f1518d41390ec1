"""privacy-id-number: resident ID numbers in a document meant for publication."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.checks.privacy_id import _ID, is_id_number, may_hold_id_number
from jixiao.findings import Severity
from tests.core.checks.support import run, section
from tests.factories import clean_department

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def with_check_character(first17: str) -> str:
    total = sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


VALID = with_check_character("43022119800101123")


def test_it_flags_an_id_number_in_the_report_and_masks_it():
    evaluation = clean_department()
    section(evaluation, 1).text += f"联系人身份证号{VALID}。"

    [finding] = run(evaluation, "privacy_id")

    assert finding.code == "privacy-id-number"
    assert finding.severity is Severity.ERROR
    assert finding.path == "report.sections[0].text"
    assert finding.evidence["masked"] == f"430221********{VALID[-4:]}"
    assert VALID not in finding.model_dump_json()


def test_it_accepts_a_lower_case_x_check_character():
    number = next(
        candidate
        for sequence in range(100, 1000)
        if (candidate := with_check_character(f"43022119800101{sequence}")).endswith("X")
    )
    evaluation = clean_department()
    evaluation.signoff.filler = f"罗海霞（{number.lower()}）"

    [finding] = run(evaluation, "privacy_id")

    assert finding.path == "signoff.filler"


@pytest.mark.parametrize(
    "text",
    [
        VALID[:-1] + ("0" if VALID[-1] != "0" else "1"),  # wrong check character
        with_check_character("43022119800230123"),  # 30 February
        with_check_character("43022129800101123")[:-1],  # seventeen digits
        "9" + VALID,  # part of a longer run of digits
        f"合同编号HT{VALID}",  # part of a code
    ],
)
def test_it_leaves_numbers_that_are_not_id_numbers_alone(text: str):
    evaluation = clean_department()
    evaluation.signoff.head = text

    assert run(evaluation, "privacy_id") == []


def test_a_birth_date_in_the_future_is_not_an_id_number():
    tomorrow = date.today() + timedelta(days=1)
    number = with_check_character(f"430221{tomorrow:%Y%m%d}123")

    assert not is_id_number(number)
    assert is_id_number(number, today=tomorrow)


def test_the_clean_document_holds_no_id_number():
    assert run(clean_department(), "privacy_id") == []


ids = st.builds(
    lambda region, born, sequence: with_check_character(f"{region}{born:%Y%m%d}{sequence:03d}"),
    st.integers(110000, 659999).map(str),
    st.dates(date(1900, 1, 1), date(2020, 12, 31)),
    st.integers(0, 999),
)


@given(number=ids)
def test_any_valid_id_number_is_found_and_never_shown_in_full(number: str):
    evaluation = clean_department()
    section(evaluation, 3).text += f"经办人身份证{number}。"

    [finding] = run(evaluation, "privacy_id")

    assert number not in finding.model_dump_json()
    assert finding.evidence["masked"] == f"{number[:6]}********{number[-4:]}"


around = st.text(alphabet="0123456789１２年.,- X\n", max_size=30)


@given(before=around, number=ids, after=around)
def test_the_quick_digit_run_test_never_skips_a_text_the_id_pattern_matches(
    before: str, number: str, after: str
):
    text = before + number + after

    assert _ID.search(text) is not None
    assert may_hold_id_number(text)


def test_the_quick_digit_run_test_skips_text_without_seventeen_digits_in_a_row():
    assert may_hold_id_number(f"身份证{VALID}")
    assert not may_hold_id_number("4302211980010112，34 二〇二四年12917.15万元")

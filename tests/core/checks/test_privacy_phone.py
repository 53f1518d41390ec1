"""privacy-phone: personal mobile numbers in a document meant for publication."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.model import Goal
from tests.core.checks.support import run, section
from tests.factories import clean_department


def test_it_flags_a_mobile_number_as_the_contact_phone_and_masks_it():
    evaluation = clean_department()
    evaluation.signoff.phone = "13607420851"

    [finding] = run(evaluation, "privacy_phone")

    assert finding.code == "privacy-phone"
    assert finding.path == "signoff.phone"
    assert finding.evidence["masked"] == "136****0851"
    assert "13607420851" not in finding.model_dump_json()
    assert finding.message.startswith("联系电话中有个人手机号码 136****0851")


@pytest.mark.parametrize(
    "text",
    ["联系人：王芳 136 0742 0851", "电话136-0742-0851。", "+86 13607420851", "8613607420851"],
)
def test_it_finds_grouped_and_international_forms_in_the_report(text: str):
    evaluation = clean_department()
    section(evaluation, 6).text += text

    [finding] = run(evaluation, "privacy_phone")

    assert finding.path == "report.sections[5].text"
    assert finding.evidence["masked"] == "136****0851"
    assert "绩效自评结果拟应用和公开情况" in finding.message


def test_it_finds_a_number_in_a_goal_and_in_an_indicator():
    evaluation = clean_department()
    evaluation.goals.append(Goal(expected="联系人18874123456"))
    evaluation.indicators[2].deviation_reason = "详询15973300001。"

    paths = [finding.path for finding in run(evaluation, "privacy_phone")]

    assert paths == ["goals[1].expected", "indicators[2].deviation_reason"]


@pytest.mark.parametrize(
    "text",
    [
        "0731-23123456",  # an office landline
        "07312312345",
        "430221198001011237",  # an ID number holds 1[3-9]… but is longer
        "136074208512",  # twelve digits
        "12607420851",  # 12… is not a mobile prefix
        "总投资13507420851元",  # an amount
        "0.13607420851",
    ],
)
def test_it_leaves_other_numbers_alone(text: str):
    evaluation = clean_department()
    evaluation.signoff.phone = text

    assert run(evaluation, "privacy_phone") == []


def test_the_clean_document_gives_an_office_landline():
    assert run(clean_department(), "privacy_phone") == []


mobiles = st.builds(
    lambda second, rest: f"1{second}{rest}",
    st.sampled_from("3456789"),
    st.text(alphabet="0123456789", min_size=9, max_size=9),
)


@given(number=mobiles, before=st.sampled_from(["", "电话", "联系人：", " "]))
def test_any_mobile_number_is_found_and_never_shown_in_full(number: str, before: str):
    evaluation = clean_department()
    evaluation.signoff.phone = before + number

    [finding] = run(evaluation, "privacy_phone")

    assert number not in finding.model_dump_json()
    assert finding.evidence["masked"] == f"{number[:3]}****{number[-4:]}"

"""target-vague: qualitative targets made of vague words, with no measurable standard."""

from __future__ import annotations

import pytest

from jixiao.model import Measured
from tests.core.checks.support import run
from tests.factories import clean_department


def with_target(text: str, line: int = 7):
    evaluation = clean_department()
    evaluation.indicators[line].target = Measured(text=text)
    return evaluation


@pytest.mark.parametrize(
    ("target", "words"),
    [("及时", "及时"), ("降本增效", "降本增效"), ("改善", "改善"), ("　可持续", "可持续")],
)
def test_it_flags_a_target_made_only_of_a_vague_word(target: str, words: str):
    [finding] = run(with_target(target), "target_vague")

    assert finding.code == "target-vague"
    assert finding.path == "indicators[7].target"
    assert finding.evidence["words"] == words
    assert f"“{target.strip()}”" in finding.message


def test_it_names_the_longer_word_when_one_holds_another():
    [finding] = run(with_target("可持续"), "target_vague")

    assert finding.evidence["words"] == "可持续"


def test_it_flags_a_sentence_with_vague_words_and_no_yardstick():
    [finding] = run(with_target("居民生活污水及时处理，生活用水质量得到保障"), "target_vague")

    assert finding.evidence["words"] == "及时”“保障"


@pytest.mark.parametrize(
    "target",
    [
        "出水水质达到一级A标排放标准",
        "确保“8个100%”治理措施到位",
        "≥95%",
        "9月底前",
        "完成年度建设任务",
    ],
)
def test_it_accepts_a_named_standard_a_count_a_number_or_plain_words(target: str):
    assert run(with_target(target), "target_vague") == []


def test_the_clean_document_has_no_vague_target():
    assert run(clean_department(), "target_vague") == []

"""actual-copies-target: actual values that are the target again, not a measurement."""

from __future__ import annotations

import pytest

from jixiao.model import Measured
from tests.core.checks.support import run
from tests.factories import clean_department


def with_line(target: str, actual: str, line: int = 14):
    evaluation = clean_department()
    evaluation.indicators[line].target = Measured(text=target)
    evaluation.indicators[line].actual = Measured(text=actual)
    return evaluation


def test_it_flags_an_actual_that_keeps_the_targets_sign():
    [finding] = run(with_line("≥90%", "　≥90%"), "actual_copies")

    assert finding.code == "actual-copies-target"
    assert finding.path == "indicators[14].actual"
    assert finding.evidence["actual"] == "≥90%"
    assert "“≥”" in finding.message


def test_it_flags_a_sentence_with_a_limit_word_repeated_as_the_actual():
    sentence = "实现县城公共供水普及率达到90%以上"
    [finding] = run(with_line(sentence, sentence, line=0), "actual_copies")

    assert finding.path == "indicators[0].actual"
    assert "“以上”" in finding.message


@pytest.mark.parametrize(
    "text", ["及时", "出水水质达到一级A标排放标准", "确保“8个100%”治理措施到位"]
)
def test_it_flags_a_qualitative_actual_that_repeats_the_target_word_for_word(text: str):
    [finding] = run(with_line(text, f" {text}　", line=7), "actual_copies")

    assert "一字不差" in finding.message
    assert finding.evidence["target"] == text


def test_it_flags_a_deadline_repeated_as_the_actual():
    [finding] = run(with_line("9月底前", "9月底前", line=7), "actual_copies")

    assert finding.evidence["actual"] == "9月底前"


@pytest.mark.parametrize(
    ("target", "actual"),
    [
        ("100%", "100%"),  # a plain figure met exactly is a real result
        ("19户", "22户"),
        ("225名", "225名"),
        ("≥90%", "达到93%"),  # 达到 introduces a measurement, not a limit
        ("9月底前", "8月底"),
        ("是", "是"),  # a yes/no answer
        ("及时", "全年均在24小时内处理"),
    ],
)
def test_it_accepts_measured_actuals(target: str, actual: str):
    assert run(with_line(target, actual), "actual_copies") == []


def test_the_clean_document_has_only_measured_actuals():
    assert run(clean_department(), "actual_copies") == []

"""indicator-name-is-target: an indicator named with the sentence of its target."""

from __future__ import annotations

from jixiao.model import Measured
from tests.core.checks.support import run
from tests.factories import clean_department

SENTENCE = "居民生活污水及时处理，生活用水质量得到保障"


def test_it_flags_a_name_that_is_the_target_sentence():
    evaluation = clean_department()
    evaluation.indicators[11].name = SENTENCE
    evaluation.indicators[11].target = Measured(text=f"　{SENTENCE}")

    [finding] = run(evaluation, "name_is_target")

    assert finding.code == "indicator-name-is-target"
    assert finding.path == "indicators[11].name"
    assert finding.evidence["field"] == "年度指标值"
    assert SENTENCE in finding.message


def test_it_flags_a_name_that_is_the_actual_sentence_once():
    evaluation = clean_department()
    evaluation.indicators[11].name = SENTENCE
    evaluation.indicators[11].actual = Measured(text=SENTENCE.replace("，", ","))

    [finding] = run(evaluation, "name_is_target")

    assert finding.evidence["field"] == "实际完成值"


def test_it_accepts_a_name_that_only_shares_words_with_the_target():
    evaluation = clean_department()
    evaluation.indicators[11].target = Measured(text="生活污水集中收集率≥70%")

    assert run(evaluation, "name_is_target") == []


def test_the_clean_document_names_every_indicator_apart_from_its_target():
    assert run(clean_department(), "name_is_target") == []

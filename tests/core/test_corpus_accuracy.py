"""A generated corpus with known truth, printed in every format, imports field for field.

Each document of the corpus is an evaluation (the truth, :mod:`tests.corpus.truth`) printed in
one layout family (:mod:`tests.corpus.layouts`) and written by a format's corpus writer; jixiao
imports it and :mod:`tests.corpus.accuracy` compares every field with the truth. A format must
read back at least 99.5 % of the fields; a failure prints the fields read worst with examples.
"""

from __future__ import annotations

import random
from decimal import Decimal as D

import pytest

from jixiao.model import Evaluation, Measured
from tests.corpus.accuracy import Accuracy, available_writers, normalise, score_format, writer
from tests.corpus.document import check_spans
from tests.corpus.layouts import FAMILIES, actual_under_unit, sample, samples, split_target
from tests.corpus.truth import TruthOptions, make_truth

THRESHOLD = 0.995

# The corpus per format: three documents of every family (two for PDF). Printing and reading
# PDFs takes most of a second per document, so that run is a slow test.
FORMATS = [
    pytest.param("text", 30, id="text"),
    pytest.param("pipe", 30, id="pipe"),
    pytest.param("html", 30, id="html"),
    pytest.param("xlsx", 30, id="xlsx"),
    pytest.param("docx", 30, id="docx"),
    pytest.param("pdf", 20, id="pdf", marks=pytest.mark.slow),
]


@pytest.mark.parametrize(("format_name", "documents"), FORMATS)
def test_a_generated_corpus_imports_field_for_field(format_name: str, documents: int) -> None:
    write = writer(format_name)
    if write is None:
        pytest.skip(f"the {format_name} corpus writer is not written yet")
    tally = score_format(samples(documents, seed=1000), format_name, write)
    assert tally.rate >= THRESHOLD, tally.summary(40)


# --- the corpus itself --------------------------------------------------------------------------


def test_the_same_seed_and_family_give_the_same_document() -> None:
    first, again = sample(7, "project"), sample(7, "project")
    assert first.document == again.document
    assert [t.to_json() for t in first.truths] == [t.to_json() for t in again.truths]


def test_every_family_prints_spans_that_agree_with_their_covered_cells() -> None:
    for family in FAMILIES:
        for table in sample(1, family).document.tables:
            check_spans(table)
            assert len({len(row) for row in table.rows}) == 1, f"{family}: ragged rows"


def test_the_truths_are_valid_evaluations_that_survive_json() -> None:
    for item in samples(len(FAMILIES) * 2):
        for truth in item.truths:
            assert Evaluation.from_json(truth.to_json()) == truth
            assert 6 <= len(truth.indicators) <= 25


def test_the_truths_vary_as_the_published_tables_do() -> None:
    truths = [t for item in samples(60) for t in item.truths]
    targets = {line.target.text for t in truths for line in t.indicators if line.target}
    assert any(text.startswith("≥") and text.endswith("%") for text in targets)
    assert any(text.endswith("万元") and "." in text for text in targets)
    assert any(text.endswith("月前") for text in targets)
    weights = {line.weight for t in truths for line in t.indicators}
    assert any(w is not None and w % 1 == D("0.5") for w in weights)
    assert any(
        line.deviation_reason and "\n" in line.deviation_reason
        for t in truths
        for line in t.indicators
    )
    assert any(line.score is None for t in truths for line in t.indicators)
    assert {t.kind for t in truths} == {"department", "project"}
    level1 = {line.level1 for t in truths for line in t.indicators}
    assert {"产出指标", "效益指标", "满意度指标", "决策", "管理"} <= level1


def test_chongqing_columns_land_in_every_line_of_the_truth() -> None:
    truth = make_truth(random.Random(3), TruthOptions(extra_columns=("调整指标值", "得分系数")))
    assert all(set(line.extra) == {"调整指标值", "得分系数"} for line in truth.indicators)


def test_a_split_target_reads_back_as_the_printed_target() -> None:
    for item in samples(100):
        for truth in item.truths:
            for line in truth.indicators:
                assert line.target is not None
                sign, value, unit = split_target(line.target.text)
                read = sign + value + (unit if value[-1:].isdigit() else "")
                assert read == line.target.text
                if line.actual is not None:
                    shown = actual_under_unit(line.actual.text, unit)
                    back = shown + unit if unit and shown[-1:].isdigit() else shown
                    assert back == line.actual.text


# --- the comparison -----------------------------------------------------------------------------


@pytest.fixture
def truth() -> Evaluation:
    return sample(3, "department-seed").truths[0]


def test_an_exact_copy_is_read_right_in_every_field(truth: Evaluation) -> None:
    tally = Accuracy()
    tally.compare_documents([truth], [truth.model_copy(deep=True)], document="copy")
    assert tally.rate == 1.0
    assert tally.fields > 200


def test_one_changed_score_is_one_mismatch_with_its_path(truth: Evaluation) -> None:
    changed = truth.model_copy(deep=True)
    changed.indicators[2].score = D("0.5")
    tally = Accuracy()
    tally.compare_documents([truth], [changed], document="changed")
    (mismatch,) = tally.mismatches
    assert mismatch.path == "indicators[2].score"
    assert mismatch.field == "indicators.score"
    assert mismatch.got == "0.5"


def test_a_missing_evaluation_counts_every_field_of_its_truth_wrong(truth: Evaluation) -> None:
    tally = Accuracy()
    tally.compare_documents([truth], [], document="lost")
    assert tally.right == 0
    assert tally.mismatches[0].path == "evaluations"


def test_an_extra_column_the_truth_lacks_counts_as_a_mismatch(truth: Evaluation) -> None:
    changed = truth.model_copy(deep=True)
    changed.indicators[0].extra["备注"] = ""
    tally = Accuracy()
    tally.compare_documents([truth], [changed], document="extra")
    assert [m.path for m in tally.mismatches] == ["indicators[0].extra[备注]"]


def test_surrounding_spaces_are_the_same_text_but_trailing_zeros_are_not() -> None:
    assert normalise(Measured(text="　19户 ")) == "19户"
    assert normalise("  ") is None
    assert normalise(D("10.50")) != normalise(D("10.5"))


def test_the_summary_names_the_weak_fields_and_their_examples(truth: Evaluation) -> None:
    changed = truth.model_copy(deep=True)
    changed.unit = "别的单位"
    tally = Accuracy()
    tally.compare_documents([truth], [changed], document="doc.docx")
    assert "unit: 0/1" in tally.summary()
    assert "doc.docx#0 unit" in tally.summary()


def test_the_writers_that_exist_are_found() -> None:
    assert "text" in available_writers()

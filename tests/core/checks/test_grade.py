"""grade-mismatch: the printed grade against the grade of the self-reported total."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from jixiao.findings import Severity
from tests.core.checks.support import run
from tests.factories import clean_department


def test_it_flags_a_grade_that_does_not_fit_the_total():
    evaluation = clean_department()
    evaluation.grade = "良"

    [finding] = run(evaluation, "grade")

    assert finding.code == "grade-mismatch"
    assert finding.severity is Severity.ERROR
    assert finding.path == "grade"
    assert finding.message == "自评等级填写为“良”，但自评总分 99.72 分对应的等级是“优”（总分 ≥ 90）"


def test_89_99_is_good_not_excellent():
    evaluation = clean_department()
    evaluation.total.score = D("89.99")

    [finding] = run(evaluation, "grade")

    assert finding.evidence["expected"] == "良"
    assert finding.evidence["band"] == "80 ≤ 总分 < 90"


@pytest.mark.parametrize("printed", ["优", "优秀", " 优 "])
def test_it_accepts_the_usual_ways_of_writing_the_right_grade(printed: str):
    evaluation = clean_department()
    evaluation.total.score = D(90)
    evaluation.grade = printed

    assert run(evaluation, "grade") == []


def test_a_table_that_prints_no_grade_is_not_judged_here():
    evaluation = clean_department()
    evaluation.grade = None

    assert run(evaluation, "grade") == []

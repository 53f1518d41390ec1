"""report-section-missing: the six parts of a department report."""

from __future__ import annotations

from tests.core.checks.support import run
from tests.factories import clean_department


def test_it_names_the_missing_part():
    evaluation = clean_department()
    assert evaluation.report is not None
    del evaluation.report.sections[3]  # 存在的问题及原因分析

    [finding] = run(evaluation, "report_sections")

    assert finding.code == "report-section-missing"
    assert finding.path == "report.sections"
    assert finding.evidence == {"number": 4, "section": "存在的问题及原因分析"}
    assert "存在的问题及原因分析" in finding.message


def test_it_recognises_a_part_by_its_heading_words():
    evaluation = clean_department()
    assert evaluation.report is not None
    evaluation.report.sections[4].title = "整改建议"
    evaluation.report.sections[4].heading = "五、整改建议"

    assert run(evaluation, "report_sections") == []


def test_a_table_imported_without_its_report_is_not_judged():
    evaluation = clean_department()
    evaluation.report = None

    assert run(evaluation, "report_sections") == []


def test_a_project_table_has_its_own_outline():
    evaluation = clean_department()
    evaluation.kind = "project"
    assert evaluation.report is not None
    evaluation.report.sections = evaluation.report.sections[:2]

    assert run(evaluation, "report_sections") == []


def test_the_clean_report_has_all_six_parts():
    assert run(clean_department(), "report_sections") == []

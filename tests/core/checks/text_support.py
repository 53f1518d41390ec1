"""Run the report and text check modules on a document built in code."""

from __future__ import annotations

import importlib

from jixiao.checks import run_checks
from jixiao.findings import Finding
from jixiao.model import Evaluation, ReportSection
from jixiao.rules import Profile, load_profile
from jixiao.scoring import score

NATIONAL = load_profile()

TEXT_MODULES = (
    "target_vague",
    "actual_copies",
    "name_is_target",
    "report_table",
    "report_arithmetic",
    "report_funds",
    "report_score",
    "report_sections",
    "privacy_phone",
    "privacy_id",
)


def run(evaluation: Evaluation, *modules: str, profile: Profile = NATIONAL) -> list[Finding]:
    """Findings of the named check modules (imported here: checks register on import)."""
    for module in modules:
        importlib.import_module(f"jixiao.checks.{module}")
    return run_checks(evaluation, profile, score(evaluation, profile), only=list(modules))


def codes(findings: list[Finding], code: str) -> list[Finding]:
    return [finding for finding in findings if finding.code == code]


def section(evaluation: Evaluation, number: int) -> ReportSection:
    """Part ``number`` (1–6) of the report."""
    assert evaluation.report is not None
    return evaluation.report.sections[number - 1]

"""Run named check modules on a document built in code, and pick findings out."""

from __future__ import annotations

from jixiao.checks import MODULES, run_checks
from jixiao.findings import Finding
from jixiao.model import Evaluation, ReportSection
from jixiao.rules import Profile, load_profile
from jixiao.scoring import score

NATIONAL = load_profile()

# The checks on numbers (funds, weights, scores, indicator lines) and those on words (targets,
# names, the report, publication): the seed-like tests expect each group's findings.
NUMERIC_MODULES = MODULES[: MODULES.index("target_vague")]
TEXT_MODULES = MODULES[MODULES.index("target_vague") :]


def run(evaluation: Evaluation, *modules: str, profile: Profile = NATIONAL) -> list[Finding]:
    """Findings of the named check modules (all registered by importing jixiao.checks)."""
    return run_checks(evaluation, profile, score(evaluation, profile), only=list(modules))


def paths(findings: list[Finding], code: str) -> list[str]:
    return [finding.path for finding in findings if finding.code == code]


def codes(findings: list[Finding], code: str) -> list[Finding]:
    return [finding for finding in findings if finding.code == code]


def section(evaluation: Evaluation, number: int) -> ReportSection:
    """Part ``number`` (1–6) of the report."""
    assert evaluation.report is not None
    return evaluation.report.sections[number - 1]

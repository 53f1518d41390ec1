"""Run one numeric check module on a document built in code."""

from __future__ import annotations

import importlib

from jixiao.checks import run_checks
from jixiao.findings import Finding
from jixiao.model import Evaluation
from jixiao.rules import Profile, load_profile
from jixiao.scoring import score

NATIONAL = load_profile()

NUMERIC_MODULES = (
    "funds_exec_rate",
    "funds_exec_score",
    "funds_source_sum",
    "funds_nature_sum",
    "funds_budget_adjusted",
    "funds_over_executed",
    "weights_total",
    "weights_level1",
    "score_exceeds_weight",
    "score_total",
    "grade",
    "score_recomputed",
    "missing_value",
    "deduction_reason",
    "deduction_met",
    "target_missed",
    "target_exceeded",
)


def run(evaluation: Evaluation, *modules: str, profile: Profile = NATIONAL) -> list[Finding]:
    """Findings of the named check modules (imported here: checks register on import)."""
    for module in modules:
        importlib.import_module(f"jixiao.checks.{module}")
    return run_checks(evaluation, profile, score(evaluation, profile), only=list(modules))


def paths(findings: list[Finding], code: str) -> list[str]:
    return [finding.path for finding in findings if finding.code == code]

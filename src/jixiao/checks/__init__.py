"""The checks, one module each. Importing this package registers every check.

To add a check: write a module here that declares its finding types with
``jixiao.findings.declare`` and registers a function with ``@check(...)``, then list the
module below (see CONTRIBUTING.md).
"""

from __future__ import annotations

import importlib

from jixiao.checks.base import REGISTRY, Check, CheckContext, check, run_checks
from jixiao.findings import Finding
from jixiao.model import Evaluation
from jixiao.rules import Profile
from jixiao.scoring import ScoreResult

MODULES: tuple[str, ...] = (
    # funds block
    "funds_exec_rate",
    "funds_exec_score",
    "funds_totals",
    "funds_source_sum",
    "funds_nature_sum",
    "funds_budget_adjusted",
    "funds_over_executed",
    # weights and scores
    "weights_total",
    "weights_level1",
    "score_exceeds_weight",
    "score_total",
    "grade",
    "score_recomputed",
    "missing_value",
    # indicator lines
    "deduction_reason",
    "deduction_met",
    "target_missed",
    "target_exceeded",
    # words of targets, actuals and names
    "target_vague",
    "actual_copies",
    "name_is_target",
    # the report against the table
    "report_table",
    "report_arithmetic",
    "report_funds",
    "report_score",
    "report_sections",
    # publication
    "privacy_phone",
    "privacy_id",
)

for _module in MODULES:
    importlib.import_module(f"jixiao.checks.{_module}")


def run_all(evaluation: Evaluation, profile: Profile, score: ScoreResult) -> list[Finding]:
    """Every registered check on one evaluation."""
    return run_checks(evaluation, profile, score)


__all__ = ["REGISTRY", "Check", "CheckContext", "check", "run_all", "run_checks"]

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

MODULES: tuple[str, ...] = ()

for _module in MODULES:
    importlib.import_module(f"jixiao.checks.{_module}")


def run_all(evaluation: Evaluation, profile: Profile, score: ScoreResult) -> list[Finding]:
    """Every registered check on one evaluation."""
    return run_checks(evaluation, profile, score)


__all__ = ["REGISTRY", "Check", "CheckContext", "check", "run_all", "run_checks"]

"""The web side's only way to score and check: the core's ``jixiao.check``, profile passed in."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from django.conf import settings

import jixiao
from jixiao import CheckReport, Evaluation, Profile


@lru_cache(maxsize=4)
def _profile(name: str) -> Profile:
    return jixiao.load_profile(name)


def profile() -> Profile:
    """The rule profile named in the settings (loaded once per process)."""
    return _profile(settings.JIXIAO_PROFILE)


def check_evaluation(evaluation: Evaluation) -> CheckReport:
    return jixiao.check(evaluation, profile())


def report_json(report: CheckReport) -> str:
    """The report without the evaluation (stored beside it already)."""
    return report.model_dump_json(exclude={"evaluation"})


def report_dict(check_json: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(check_json)
    return data


def error_findings(check_json: str) -> list[dict[str, Any]]:
    findings: list[dict[str, Any]] = report_dict(check_json).get("findings", [])
    return [finding for finding in findings if finding.get("severity") == "error"]

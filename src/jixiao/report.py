"""One report type for every outcome of a check, serialised alike for CLI, web and API."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from jixiao.findings import Finding, Severity
from jixiao.model import Evaluation
from jixiao.model.trusted import trusted
from jixiao.rules import Profile, load_profile
from jixiao.scoring import ScoreResult, score


class Stats(BaseModel):
    model_config = ConfigDict(extra="forbid")

    errors: int = 0
    warnings: int = 0
    infos: int = 0


class CheckReport(BaseModel):
    """Evaluation, scoring and findings of one document."""

    model_config = ConfigDict(extra="forbid")

    valid: bool
    stats: Stats = Field(default_factory=Stats)
    evaluation: Evaluation
    score: ScoreResult
    findings: list[Finding] = Field(default_factory=list)

    def json_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


def _stats(findings: list[Finding]) -> Stats:
    severities = [finding.severity for finding in findings]
    return trusted(
        Stats,
        {
            "errors": severities.count(Severity.ERROR),
            "warnings": severities.count(Severity.WARNING),
            "infos": severities.count(Severity.INFO),
        },
    )


def check(evaluation: Evaluation, profile: Profile | None = None) -> CheckReport:
    """Score the evaluation and run every check on it."""
    from jixiao.checks import run_all  # the check modules register themselves on import

    profile = profile or load_profile()
    result = score(evaluation, profile)
    findings = run_all(evaluation, profile, result)
    stats = _stats(findings)
    # Every part was made (and the evaluation validated) by this package: nothing to validate.
    return trusted(
        CheckReport,
        {
            "valid": stats.errors == 0,
            "stats": stats,
            "evaluation": evaluation,
            "score": result,
            "findings": findings,
        },
    )

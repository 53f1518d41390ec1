"""What every check sees and how checks are registered.

A check is a function that takes a :class:`CheckContext` and yields findings of the types it
declared. Checks never raise for bad data: they collect. Anything several checks need (the
scoring result, parsed values, report text) is computed once and shared through the context.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from jixiao.findings import SEVERITY_ORDER, Finding, FindingType
from jixiao.model import Evaluation
from jixiao.rules import Profile
from jixiao.scoring import LineScore, ScoreResult

CheckFunction = Callable[["CheckContext"], Iterable[Finding]]


@dataclass
class CheckContext:
    """One evaluation under review, with its profile and scoring result."""

    evaluation: Evaluation
    profile: Profile
    score: ScoreResult
    cache: dict[str, object] = field(default_factory=dict)

    def indicator_line(self, index: int) -> LineScore:
        """The scoring line of ``indicators[index]`` (line 0 is the funds line)."""
        return self.score.lines[index + 1]

    @property
    def funds_line(self) -> LineScore:
        return self.score.lines[0]

    @cached_property
    def report_text(self) -> str:
        report = self.evaluation.report
        if report is None:
            return ""
        parts = [report.preamble] + [f"{s.heading or s.title}\n{s.text}" for s in report.sections]
        return "\n".join(parts)


@dataclass(frozen=True)
class Check:
    """A registered check: its name, the finding types it may emit, and the function."""

    name: str
    emits: tuple[FindingType, ...]
    run: CheckFunction
    codes: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        # The codes it may emit, worked out once rather than per document.
        object.__setattr__(self, "codes", frozenset(kind.code for kind in self.emits))


REGISTRY: dict[str, Check] = {}


def check(*emits: FindingType) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check function that emits the given finding types."""

    def register(function: CheckFunction) -> CheckFunction:
        name = f"{function.__module__.rsplit('.', 1)[-1]}.{function.__name__}"
        REGISTRY[name] = Check(name, emits, function)
        return function

    return register


def run_checks(
    evaluation: Evaluation,
    profile: Profile,
    score: ScoreResult,
    only: Sequence[str] | None = None,
) -> list[Finding]:
    """Run the registered checks (or the named ones) and return findings, errors first."""
    context = CheckContext(evaluation, profile, score)
    findings: list[Finding] = []
    for name, registered in REGISTRY.items():
        if only is not None and name not in only and name.split(".")[0] not in only:
            continue
        codes = registered.codes
        for finding in registered.run(context):
            if finding.code not in codes:
                raise ValueError(f"{name} emitted undeclared code {finding.code}")
            findings.append(finding)
    if len(findings) > 1:
        findings.sort(key=_severity_rank)
    return findings


def _severity_rank(finding: Finding) -> int:
    return SEVERITY_ORDER[finding.severity]

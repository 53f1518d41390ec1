"""What a page shows of one version: the table in the paper form's order, with its findings.

No scoring here: line scores, totals and findings come from the version's cached CheckReport
(``jixiao.check``); this module only puts each one next to the row it concerns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from jixiao import Evaluation
from jixiao_web.evaluations.models import Review, Version
from jixiao_web.services.checking import report_dict
from jixiao_web.services.documents import load_evaluation

_ANCHOR = re.compile(r"^(indicators\[\d+\]|goals\[\d+\]|[a-z_]+)")


def anchor(path: str) -> str:
    """The row a finding belongs to: ``indicators[3].score`` → ``indicators[3]``."""
    match = _ANCHOR.match(path)
    return match.group(1) if match else ""


@dataclass
class IndicatorRow:
    index: int
    path: str
    level1: str
    level2: str
    indicator: Any
    line: dict[str, Any] | None
    findings: list[dict[str, Any]]
    review_score: str | None = None


@dataclass
class DocumentView:
    evaluation: Evaluation
    report: dict[str, Any]
    rows: list[IndicatorRow]
    funds_line: dict[str, Any] | None
    findings_at: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def findings(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = self.report.get("findings", [])
        return found

    @property
    def execution_rate(self) -> str | None:
        """The recomputed 执行率 of the funds line, as the scoring printed it."""
        inputs = (self.funds_line or {}).get("inputs") or {}
        rate: str | None = inputs.get("rate")
        return rate

    @property
    def score(self) -> dict[str, Any]:
        scored: dict[str, Any] = self.report["score"]
        return scored


def document_view(version: Version, review: Review | None = None) -> DocumentView:
    return build_view(load_evaluation(version), report_dict(version.check_json), review)


def build_view(
    evaluation: Evaluation, report: dict[str, Any], review: Review | None = None
) -> DocumentView:
    """The view of an evaluation beside its CheckReport (``jixiao.check``, as JSON data)."""
    lines = {line["path"]: line for line in report["score"]["lines"]}
    findings_at: dict[str, list[dict[str, Any]]] = {}
    answers = {(j.code, j.path): j.text for j in evaluation.justifications}
    for finding in report.get("findings", []):
        finding["answer"] = answers.get((finding["code"], finding["path"]), "")
        findings_at.setdefault(anchor(finding["path"]), []).append(finding)
    reviewed = review.line_scores if review is not None else {}
    rows = _indicator_rows(evaluation, lines, findings_at, reviewed)
    return DocumentView(evaluation, report, rows, lines.get("funds"), findings_at)


def _indicator_rows(
    evaluation: Evaluation,
    lines: dict[str, dict[str, Any]],
    findings_at: dict[str, list[dict[str, Any]]],
    reviewed: dict[str, str],
) -> list[IndicatorRow]:
    rows: list[IndicatorRow] = []
    previous = ("", "")
    for index, indicator in enumerate(evaluation.indicators):
        path = f"indicators[{index}]"
        levels = (indicator.level1 or "", indicator.level2 or "")
        # Like the paper form's merged cells: a level is printed where it starts.
        level1 = levels[0] if levels[0] != previous[0] else ""
        level2 = levels[1] if levels != previous else ""
        previous = levels
        rows.append(
            IndicatorRow(
                index,
                path,
                level1,
                level2,
                indicator,
                lines.get(path),
                findings_at.get(path, []),
                reviewed.get(path),
            )
        )
    return rows

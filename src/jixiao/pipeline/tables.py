"""Batch records as two flat tables: one row per indicator line, one row per finding.

Each indicator row repeats its document's columns (file, hash, table index, unit, year, kind,
funds, totals), so the table can be filtered and pivoted on its own. A table without indicator
lines, and a file that could not be read, still get one row (with the line columns empty), so
every file of the batch appears. Amounts and scores stay text, exactly as printed: a float
would turn 5025.23 into 5025.2299999…
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from jixiao.model.evaluation import ByNature, BySource, Funds

Row = dict[str, Any]

_FUNDS_SCALARS = tuple(
    name for name in Funds.model_fields if name not in {"by_source", "by_nature", "lines"}
)
_SOURCE_FIELDS = tuple(BySource.model_fields)
_NATURE_FIELDS = tuple(ByNature.model_fields)

FILE_COLUMNS = ("file", "sha256", "format", "status", "error_code", "error_message")
DOCUMENT_COLUMNS = (
    "table",
    "kind",
    "unit",
    "department",
    "project",
    "implementing_unit",
    "year",
    *(f"funds_{name}" for name in _FUNDS_SCALARS),
    *(f"funds_source_{name}" for name in _SOURCE_FIELDS),
    *(f"funds_nature_{name}" for name in _NATURE_FIELDS),
    "total_weight",
    "total_score",
    "grade",
    "valid",
    "score_recomputed",
    "grade_recomputed",
)
LINE_COLUMNS = (
    "line",
    "level1",
    "level2",
    "indicator",
    "target",
    "actual",
    "weight",
    "score",
    "deviation_reason",
    "direction",
)
INDICATOR_COLUMNS = (*FILE_COLUMNS, *DOCUMENT_COLUMNS, *LINE_COLUMNS)
FINDING_COLUMNS = (
    "file",
    "sha256",
    "table",
    "code",
    "severity",
    "path",
    "message",
    "message_en",
)
# Columns that are not text; everything else (amounts included) is.
INTEGER_COLUMNS = frozenset({"table", "year", "line"})
BOOLEAN_COLUMNS = frozenset({"valid"})


def indicator_rows(record: dict[str, Any]) -> Iterator[Row]:
    """The rows of one file record: one per indicator line of each of its tables."""
    file = _file_columns(record)
    evaluations: list[dict[str, Any]] = record.get("evaluations") or []
    if not evaluations:
        yield file
        return
    scores = {score["table"]: score for score in record.get("scores") or []}
    for index, evaluation in enumerate(evaluations):
        document = {**file, **_document_columns(index, evaluation, scores.get(index))}
        indicators: list[dict[str, Any]] = evaluation.get("indicators") or []
        if not indicators:
            yield document
        for number, indicator in enumerate(indicators):
            yield {**document, **_line_columns(number, indicator)}


def finding_rows(record: dict[str, Any]) -> Iterator[Row]:
    for finding in record.get("findings") or []:
        yield {
            "file": record.get("path"),
            "sha256": record.get("sha256"),
            "table": finding.get("table", 0),
            "code": finding.get("code"),
            "severity": finding.get("severity"),
            "path": finding.get("path"),
            "message": finding.get("message"),
            "message_en": finding.get("message_en"),
        }


def _file_columns(record: dict[str, Any]) -> Row:
    error = record.get("error") or {}
    return {
        "file": record.get("path"),
        "sha256": record.get("sha256"),
        "format": record.get("format"),
        "status": record.get("status"),
        "error_code": error.get("code"),
        "error_message": error.get("message"),
    }


def _document_columns(index: int, evaluation: dict[str, Any], score: Row | None) -> Row:
    funds: dict[str, Any] = evaluation.get("funds") or {}
    by_source: dict[str, Any] = funds.get("by_source") or {}
    by_nature: dict[str, Any] = funds.get("by_nature") or {}
    total: dict[str, Any] = evaluation.get("total") or {}
    row: Row = {
        "table": index,
        **{key: evaluation.get(key) for key in ("kind", "unit", "department", "project")},
        "implementing_unit": evaluation.get("implementing_unit"),
        "year": evaluation.get("year"),
        **{f"funds_{name}": funds.get(name) for name in _FUNDS_SCALARS},
        **{f"funds_source_{name}": by_source.get(name) for name in _SOURCE_FIELDS},
        **{f"funds_nature_{name}": by_nature.get(name) for name in _NATURE_FIELDS},
        "total_weight": total.get("weight"),
        "total_score": total.get("score"),
        "grade": evaluation.get("grade"),
        "valid": score.get("valid") if score else None,
        "score_recomputed": score.get("recomputed") if score else None,
        "grade_recomputed": score.get("grade_recomputed") if score else None,
    }
    return row


def _line_columns(number: int, indicator: dict[str, Any]) -> Row:
    return {
        "line": number,
        "level1": indicator.get("level1"),
        "level2": indicator.get("level2"),
        "indicator": indicator.get("name"),
        "target": _text(indicator.get("target")),
        "actual": _text(indicator.get("actual")),
        "weight": indicator.get("weight"),
        "score": indicator.get("score"),
        "deviation_reason": indicator.get("deviation_reason"),
        "direction": indicator.get("direction"),
    }


def _text(measured: dict[str, Any] | None) -> str | None:
    return measured.get("text") if measured else None

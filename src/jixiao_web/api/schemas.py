"""What the API takes and gives. Evaluations travel as the core's JSON (amounts as strings)."""

from __future__ import annotations

from typing import Any

from ninja import Schema
from pydantic import Field

from jixiao import Evaluation


class DocumentOut(Schema):
    id: int
    unit: str
    year: int
    kind: str
    project: str
    state: str
    version: int
    score: str
    score_recomputed: str
    grade: str
    # Counts of the review's findings: None for readers outside the unit and its reviewers.
    errors: int | None
    warnings: int | None


class DocumentDetail(DocumentOut):
    actions: list[str]
    can_edit: bool
    evaluation: dict[str, Any]
    check: dict[str, Any] | None  # None for readers outside the unit and its reviewers


class VersionOut(Schema):
    number: int
    evaluation: dict[str, Any]
    check: dict[str, Any]


class SaveIn(Schema):
    based_on: int
    evaluation: Evaluation
    note: str = ""


class SavedOut(Schema):
    id: int
    version: int
    check: dict[str, Any]


class ActIn(Schema):
    reason: str = ""
    comment: str = ""
    line_scores: dict[str, str] = Field(default_factory=dict)


class DiffRowOut(Schema):
    path: str
    label: str
    old: str | None
    new: str | None


class ErrorOut(Schema):
    code: str
    message: str
    detail: dict[str, Any] = Field(default_factory=dict)

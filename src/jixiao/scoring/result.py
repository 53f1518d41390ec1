"""The scoring result: every line recomputed and explained beside the self-reported score."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from pydantic import BaseModel, ConfigDict, Field, field_serializer

from jixiao.values import Direction

TWO_PLACES = Decimal("0.01")


def round2(value: Decimal) -> Decimal:
    """Half-up to 0.01, the way scores are printed."""
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


class LineScore(BaseModel):
    """One scored line: the funds line or an indicator, with rule, inputs and result."""

    model_config = ConfigDict(extra="forbid")

    path: str
    name: str
    rule: str
    direction: Direction | None = None
    inputs: dict[str, str | None] = Field(default_factory=dict)
    weight: Decimal | None = None
    self_score: Decimal | None = None
    recomputed: Decimal | None = None
    explanation: str = ""
    explanation_en: str = ""
    target_met: bool | None = None

    @field_serializer("recomputed")
    def _show_recomputed(self, value: Decimal | None) -> Decimal | None:
        return None if value is None else round2(value)

    @property
    def difference(self) -> Decimal | None:
        if self.recomputed is None or self.self_score is None:
            return None
        return self.recomputed - self.self_score


class ScoreResult(BaseModel):
    """Self-reported and recomputed totals, grades and lines (CLI, web and API alike)."""

    model_config = ConfigDict(extra="forbid")

    profile: str
    self_reported: Decimal | None = None
    recomputed: Decimal | None = None
    grade_self_reported: str | None = None
    grade_recomputed: str | None = None
    difference: Decimal | None = None
    lines: list[LineScore] = Field(default_factory=list)

    @field_serializer("recomputed", "difference")
    def _show_rounded(self, value: Decimal | None) -> Decimal | None:
        return None if value is None else round2(value)

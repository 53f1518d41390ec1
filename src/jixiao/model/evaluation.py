"""Pydantic models of 部门整体支出绩效自评表, 项目支出绩效自评表 and 自评报告.

Money is ``Decimal`` in 万元 exactly as printed; a value nobody printed is ``None``, never 0.
Percentages in the model are the printed ones (``execution_rate`` 100 for "100%"); the
scoring and checks recompute them instead of trusting them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from jixiao.values import Direction, ParsedValue, parse_value

Kind = Literal["department", "project"]


class _Base(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class SourceRef(_Base):
    """Where an imported value came from: the evidence trail a reviewer follows."""

    file: str | None = None
    sheet: str | None = None
    table: int | None = None
    row: int | None = None
    column: int | None = None
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None


class Measured(_Base):
    """A target or actual value: the printed text and what it means."""

    text: str
    parsed: ParsedValue | None = None

    @model_validator(mode="after")
    def _parse_when_missing(self) -> Measured:
        # Documents typed by hand or by older versions carry only the text.
        if self.parsed is None:
            self.parsed = parse_value(self.text)
        return self

    @property
    def value(self) -> ParsedValue:
        assert self.parsed is not None  # set by the validator
        return self.parsed


class FundLine(_Base):
    """One printed row of a funds block (项目资金 rows of a project table)."""

    label: str
    initial_budget: Decimal | None = None
    full_year_budget: Decimal | None = None
    executed: Decimal | None = None
    execution_rate: Decimal | None = None
    weight: Decimal | None = None
    score: Decimal | None = None


class BySource(_Base):
    """按收入性质分 (department) or 其中 rows (project), 万元."""

    total: Decimal | None = None
    general_public_budget: Decimal | None = None
    government_fund: Decimal | None = None
    special_account_non_tax: Decimal | None = None
    other: Decimal | None = None
    current_year_appropriation: Decimal | None = None
    carried_over: Decimal | None = None


class ByNature(_Base):
    """按支出性质分, 万元."""

    total: Decimal | None = None
    basic: Decimal | None = None
    project: Decimal | None = None


class Funds(_Base):
    """The budget block: amounts in 万元, ``execution_rate`` in percent as printed."""

    requested: Decimal | None = None
    initial_budget: Decimal | None = None
    full_year_budget: Decimal | None = None
    executed: Decimal | None = None
    execution_rate: Decimal | None = None
    weight: Decimal | None = None
    score: Decimal | None = None
    deviation_reason: str | None = None
    by_source: BySource = Field(default_factory=BySource)
    by_nature: ByNature = Field(default_factory=ByNature)
    lines: list[FundLine] = Field(default_factory=list)


class Goal(_Base):
    """年度总体目标: one 预期目标 / 实际完成情况 pair."""

    expected: str | None = None
    actual: str | None = None


class Indicator(_Base):
    """One third-level indicator line (三级指标)."""

    level1: str | None = None
    level2: str | None = None
    name: str
    target: Measured | None = None
    actual: Measured | None = None
    weight: Decimal | None = None
    score: Decimal | None = None
    deviation_reason: str | None = None
    direction: Direction | None = None
    extra: dict[str, str] = Field(default_factory=dict)


class Total(_Base):
    """总分 row: total weight and total self score."""

    weight: Decimal | None = None
    score: Decimal | None = None


class Signoff(_Base):
    """填报人, 联系电话, 填报日期 (as printed), 单位负责人."""

    filler: str | None = None
    phone: str | None = None
    date: str | None = None
    head: str | None = None


class ReportSection(_Base):
    """One top-level part of the 自评报告, in document order."""

    number: int
    title: str
    text: str = ""
    heading: str | None = None


class Report(_Base):
    """自评报告: title plus ordered sections."""

    title: str | None = None
    preamble: str = ""
    sections: list[ReportSection] = Field(default_factory=list)


class Justification(_Base):
    """A written answer to a finding that travels with the document."""

    code: str
    path: str
    text: str
    author: str | None = None


class Evaluation(_Base):
    """A self-evaluation: one table (department or project) with its report."""

    schema_version: Literal["1"] = "1"
    kind: Kind = "department"
    unit: str | None = None
    department: str | None = None
    project: str | None = None
    implementing_unit: str | None = None
    year: int | None = None
    funds: Funds = Field(default_factory=Funds)
    goals: list[Goal] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    declared_level1_weights: dict[str, Decimal] = Field(default_factory=dict)
    total: Total = Field(default_factory=Total)
    grade: str | None = None
    signoff: Signoff = Field(default_factory=Signoff)
    report: Report | None = None
    justifications: list[Justification] = Field(default_factory=list)
    extra: dict[str, str] = Field(default_factory=dict)
    provenance: dict[str, SourceRef] = Field(default_factory=dict)

    def to_json(self, *, indent: int | None = 2) -> str:
        """The public JSON form (nulls kept: unknown stays visible as null)."""
        return self.model_dump_json(indent=indent)

    @classmethod
    def from_json(cls, data: str | bytes) -> Evaluation:
        return cls.model_validate_json(data)

    def json_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

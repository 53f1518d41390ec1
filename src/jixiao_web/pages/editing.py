"""The edit form as data: what the user typed (kept as typed) and the Evaluation it means.

The form is validated once, here, at the boundary. What the user typed is held as text in a
:class:`FormInput`, so a page re-rendered after a mistake shows exactly what was typed; only a
valid input becomes an :class:`Evaluation`, built on the version it was based on so that what
the form does not show (provenance, extra columns, a department's fund lines) is carried over.

A project table's 项目资金 rows are the ``funds.lines`` other than the 年度资金总额 row: that
row is the funds block's own figures (``funds.*``, the ones the score reads), typed once in the
row the page puts first, and written back into the lines when the version is built.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from jixiao import Evaluation
from jixiao.model.evaluation import FundLine, Indicator
from jixiao.render.table_layout import TOTAL_LABEL

DECIMAL_FIELDS = (
    "funds.requested", "funds.initial_budget", "funds.full_year_budget", "funds.executed",
    "funds.execution_rate", "funds.weight", "funds.score",
    "funds.by_source.total", "funds.by_source.general_public_budget",
    "funds.by_source.government_fund", "funds.by_source.special_account_non_tax",
    "funds.by_source.other", "funds.by_source.current_year_appropriation",
    "funds.by_source.carried_over", "funds.by_nature.total", "funds.by_nature.basic",
    "funds.by_nature.project", "total.weight", "total.score",
)  # fmt: skip
TEXT_FIELDS = (
    "unit", "department", "project", "implementing_unit", "funds.deviation_reason",
    "signoff.filler", "signoff.phone", "signoff.date", "signoff.head", "report.title",
)  # fmt: skip
INDICATOR_FIELDS = (
    "origin", "level1", "level2", "name", "target", "actual", "weight", "score",
    "deviation_reason",
)  # fmt: skip
GOAL_FIELDS = ("expected", "actual")
# The typed amounts of a 项目资金 row; its 执行率 is not typed but computed (by the core).
FUND_LINE_AMOUNTS = ("initial_budget", "full_year_budget", "executed", "weight", "score")
FUND_LINE_FIELDS = ("origin", "label", *FUND_LINE_AMOUNTS)
SECTION_FIELDS = ("number", "title", "text")
JUSTIFY = "justify|"

# One table of messages for every input mistake, by its machine key.
INPUT_ERRORS: dict[str, StrOrPromise] = {
    "not-a-number": _("“%(text)s”不是数字（金额以万元填写，如 5025.23）"),
    "not-a-year": _("年度应为四位数字，如 2023"),
    "name-missing": _("三级指标名称不能为空"),
    "fund-label-missing": _("资金行名称不能为空"),
}


@dataclass
class FormInput:
    """Everything on the edit form, as typed."""

    based_on: int
    scalars: dict[str, str] = field(default_factory=dict)
    goals: list[dict[str, str]] = field(default_factory=list)
    fund_lines: list[dict[str, str]] = field(default_factory=list)
    indicators: list[dict[str, str]] = field(default_factory=list)
    sections: list[dict[str, str]] = field(default_factory=list)
    justifications: dict[tuple[str, str], str] = field(default_factory=dict)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _get(obj: Any, path: str) -> Any:
    for part in path.split("."):
        obj = getattr(obj, part, None) if obj is not None else None
    return obj


def input_from_evaluation(evaluation: Evaluation, based_on: int) -> FormInput:
    form = FormInput(based_on=based_on)
    for path in (*DECIMAL_FIELDS, *TEXT_FIELDS):
        form.scalars[path] = _text(_get(evaluation, path))
    form.scalars["year"] = _text(evaluation.year)
    form.goals = [
        {"expected": _text(g.expected), "actual": _text(g.actual)} for g in evaluation.goals
    ]
    if evaluation.kind == "project":
        form.fund_lines = [
            _fund_line_input(i, line)
            for i, line in enumerate(evaluation.funds.lines)
            if not is_total_line(line)
        ]
    form.indicators = [_indicator_input(i, row) for i, row in enumerate(evaluation.indicators)]
    if evaluation.report is not None:
        form.sections = [
            {"number": str(s.number), "title": s.title, "text": s.text}
            for s in evaluation.report.sections
        ]
    form.justifications = {(j.code, j.path): j.text for j in evaluation.justifications}
    return form


def _indicator_input(index: int, row: Indicator) -> dict[str, str]:
    return {
        "origin": str(index),
        "level1": _text(row.level1),
        "level2": _text(row.level2),
        "name": row.name,
        "target": row.target.text if row.target else "",
        "actual": row.actual.text if row.actual else "",
        "weight": _text(row.weight),
        "score": _text(row.score),
        "deviation_reason": _text(row.deviation_reason),
    }


def is_total_line(line: FundLine) -> bool:
    """The 年度资金总额 row, which repeats the funds block's own figures."""
    return "".join(line.label.split()) == TOTAL_LABEL


def _fund_line_input(index: int, line: FundLine) -> dict[str, str]:
    row = {"origin": str(index), "label": line.label}
    row.update({name: _text(getattr(line, name)) for name in FUND_LINE_AMOUNTS})
    return row


def input_from_post(post: QueryDict) -> FormInput:
    based_on = post.get("based_on", "0")
    form = FormInput(based_on=int(based_on) if based_on.isdigit() else 0)
    for path in (*DECIMAL_FIELDS, *TEXT_FIELDS, "year"):
        form.scalars[path] = post.get(path, "").strip()
    form.goals = _rows(post, "goals", GOAL_FIELDS)
    form.fund_lines = _rows(post, "fund_lines", FUND_LINE_FIELDS)
    form.indicators = _rows(post, "indicators", INDICATOR_FIELDS)
    form.sections = _rows(post, "sections", SECTION_FIELDS)
    for key in post:
        if key.startswith(JUSTIFY) and post.get(key, "").strip():
            _, code, path = key.split("|", 2)
            form.justifications[(code, path)] = post.get(key, "").strip()
    return form


def _rows(post: QueryDict, prefix: str, names: tuple[str, ...]) -> list[dict[str, str]]:
    """Rows posted as repeated fields (``indicators.name`` …), in the order of the page."""
    columns = {name: post.getlist(f"{prefix}.{name}") for name in names}
    count = max((len(values) for values in columns.values()), default=0)
    return [
        {name: (values[i] if i < len(values) else "") for name, values in columns.items()}
        for i in range(count)
    ]

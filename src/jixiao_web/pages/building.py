"""From what was typed to the Evaluation it means, or the list of what cannot be read.

Money and scores stay ``Decimal`` exactly as typed; an empty box is ``None`` (unknown), never 0.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from jixiao import Evaluation
from jixiao.model.evaluation import (
    FundLine,
    Funds,
    Goal,
    Indicator,
    Justification,
    Measured,
    ReportSection,
)
from jixiao.render.table_layout import TOTAL_LABEL
from jixiao.scoring.execution import execution_rate
from jixiao_web.pages.editing import (
    DECIMAL_FIELDS,
    FUND_LINE_AMOUNTS,
    INPUT_ERRORS,
    TEXT_FIELDS,
    FormInput,
    is_total_line,
)

InputErrors = dict[str, str]
RATE_PLACES = Decimal("0.01")  # a computed 执行率 is printed to two places, as the page shows it


def _decimal(text: str, path: str, errors: InputErrors) -> Decimal | None:
    text = text.strip().replace(",", "").replace("，", "")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite():
        errors[path] = str(INPUT_ERRORS["not-a-number"]) % {"text": text}
        return None
    return value


def _set(obj: Any, path: str, value: Any) -> None:
    *parents, last = path.split(".")
    for part in parents:
        obj = getattr(obj, part)
    setattr(obj, last, value)


def build_evaluation(
    form: FormInput, base: Evaluation, author: str | None = None
) -> tuple[Evaluation, InputErrors]:
    """The evaluation the form describes, on top of ``base``; errors by field path."""
    errors: InputErrors = {}
    evaluation = base.model_copy(deep=True)
    for path in DECIMAL_FIELDS:
        _set(evaluation, path, _decimal(form.scalars.get(path, ""), path, errors))
    for path in TEXT_FIELDS:
        _set(evaluation, path, form.scalars.get(path, "").strip() or None)
    evaluation.year = _year(form.scalars.get("year", ""), errors)
    if evaluation.kind == "project":
        evaluation.funds.lines = _fund_lines(form, evaluation, base, errors)
    evaluation.goals = [
        Goal(expected=g["expected"].strip() or None, actual=g["actual"].strip() or None)
        for g in form.goals
    ]
    evaluation.indicators = [
        _indicator(row, index, base, errors) for index, row in enumerate(form.indicators)
    ]
    _apply_sections(evaluation, form)
    evaluation.justifications = [
        Justification(
            code=code, path=path, text=text, author=_author(base, code, path, text, author)
        )
        for (code, path), text in form.justifications.items()
    ]
    return evaluation, errors


def _year(text: str, errors: InputErrors) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not (text.isdigit() and len(text) == 4):
        errors["year"] = str(INPUT_ERRORS["not-a-year"])
        return None
    return int(text)


def _indicator(row: dict[str, str], index: int, base: Evaluation, errors: InputErrors) -> Indicator:
    path = f"indicators[{index}]"
    origin = _origin(row.get("origin", ""), base)
    name = row["name"].strip()
    if not name:
        errors[f"{path}.name"] = str(INPUT_ERRORS["name-missing"])
    return Indicator(
        level1=row["level1"].strip() or None,
        level2=row["level2"].strip() or None,
        name=name or "（未命名）",
        target=_measured(row["target"], origin.target if origin else None),
        actual=_measured(row["actual"], origin.actual if origin else None),
        weight=_decimal(row["weight"], f"{path}.weight", errors),
        score=_decimal(row["score"], f"{path}.score", errors),
        deviation_reason=row["deviation_reason"].strip() or None,
        # What the form does not show travels with the line it belongs to.
        direction=origin.direction if origin else None,
        extra=dict(origin.extra) if origin else {},
    )


def _fund_lines(
    form: FormInput, evaluation: Evaluation, base: Evaluation, errors: InputErrors
) -> list[FundLine]:
    """The 项目资金 rows: the 年度资金总额 row first (made from the funds block's figures, so
    the printed row and the scored figures agree), then the rows typed, in the page's order."""
    keeps_total = any(is_total_line(line) for line in base.funds.lines)
    if not (form.fund_lines or keeps_total):
        return []
    lines = [_total_line(evaluation, base)]
    for row in form.fund_lines:
        lines.append(_fund_line(row, len(lines), base, errors))
    return lines


def _total_line(evaluation: Evaluation, base: Evaluation) -> FundLine:
    before = next((line for line in base.funds.lines if is_total_line(line)), None)
    funds = evaluation.funds
    return FundLine(
        label=before.label if before is not None else TOTAL_LABEL,
        initial_budget=funds.initial_budget,
        full_year_budget=funds.full_year_budget,
        executed=funds.executed,
        execution_rate=funds.execution_rate,
        weight=funds.weight,
        score=funds.score,
    )


def _fund_line(row: dict[str, str], number: int, base: Evaluation, errors: InputErrors) -> FundLine:
    path = f"funds.lines[{number}]"
    label = row["label"].strip()
    if not label:
        errors[f"{path}.label"] = str(INPUT_ERRORS["fund-label-missing"])
    amounts = {name: _decimal(row[name], f"{path}.{name}", errors) for name in FUND_LINE_AMOUNTS}
    line = FundLine.model_validate({"label": label, **amounts})
    line.execution_rate = _printed_rate(line, _fund_origin(row.get("origin", ""), base))
    return line


def _fund_origin(text: str, base: Evaluation) -> FundLine | None:
    if text.isdigit() and int(text) < len(base.funds.lines):
        return base.funds.lines[int(text)]
    return None


def _printed_rate(line: FundLine, before: FundLine | None) -> Decimal | None:
    """The row's 执行率 as the table prints it. It is not typed on the page: an imported rate is
    kept while the amounts it was read with are unchanged; a new or changed row gets the rate
    the core computes from its amounts (as the page shows it, to two places), so the written
    table prints a figure that agrees with its amounts; unknown amounts give an unknown rate."""
    if before is not None and (before.full_year_budget, before.executed) == (
        line.full_year_budget,
        line.executed,
    ):
        return before.execution_rate
    return computed_rate(line)


def computed_rate(line: FundLine) -> Decimal | None:
    """The core's 执行率 of a 项目资金 row in percent, to two places (四舍五入): what the page
    shows beside the row and what a typed row is saved with."""
    rate = execution_rate(Funds(full_year_budget=line.full_year_budget, executed=line.executed))
    return None if rate is None else (rate * 100).quantize(RATE_PLACES, rounding=ROUND_HALF_UP)


def _origin(text: str, base: Evaluation) -> Indicator | None:
    if text.isdigit() and int(text) < len(base.indicators):
        return base.indicators[int(text)]
    return None


def _measured(text: str, before: Measured | None) -> Measured | None:
    text = text.strip()
    if not text:
        return None
    # An imported value keeps its reading (split columns, units) while its text is unchanged.
    if before is not None and before.text == text:
        return before
    return Measured(text=text)


def _apply_sections(evaluation: Evaluation, form: FormInput) -> None:
    if evaluation.report is None:
        return
    headings = {s.number: s.heading for s in evaluation.report.sections}
    sections = []
    for position, row in enumerate(form.sections, start=1):
        number = int(row["number"]) if row["number"].isdigit() else position
        sections.append(
            ReportSection(
                number=number,
                title=row["title"].strip(),
                text=row["text"],
                heading=headings.get(number),
            )
        )
    evaluation.report.sections = sections


def _author(base: Evaluation, code: str, path: str, text: str, author: str | None) -> str | None:
    """Who wrote the answer: unchanged answers keep their author, new words are the editor's."""
    for answer in base.justifications:
        if (answer.code, answer.path, answer.text) == (code, path, text):
            return answer.author
    return author

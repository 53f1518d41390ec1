"""The official 自评表 as data: rows of cells with their spans, built once from the model.

Both writers (:mod:`jixiao.render.table_docx`, :mod:`jixiao.render.table_xlsx`) print this
layout, so a Word file and a workbook of one evaluation carry the same cells and merges. It
follows the seed's 附件1 (部门整体支出绩效自评表) and the national 项目支出绩效自评表:

- above the table: 附件1, the title, "填报单位：（盖章）  （2023年度）";
- identity rows: 预算部门名称 (department) or 项目名称 / 主管部门 / 实施单位 (project), then one
  row per ``evaluation.extra`` field, so nothing the model holds is left unprinted;
- the funds block under a side label: its column header, the 年度资金总额 row (and the
  project's 其中 rows), then "label：amount" cells (按收入性质分 / 按支出性质分 …);
- 年度总体目标: 预期目标 / 实际完成情况 pairs;
- 绩效指标: 一级 and 二级 merged down over their rows, indicator ``extra`` columns last, under
  their own headers; then the 总分 row with the claimed grade;
- below the table: 填报人, 联系电话, 填报日期, 单位负责人签字.

Every cell is printed so that :func:`jixiao.importers.import_bytes` reads the model back: money
as the ``Decimal`` prints (``f"{value:f}"``), rates with a "%", level-1 labels with their
declared weight ("产出指标（50分）").
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Literal

from jixiao.model import Evaluation, FundLine, Funds, Goal, Indicator

Role = Literal["label", "header", "side", "text", "money", "number", "percent"]
NUMERIC_ROLES: frozenset[Role] = frozenset({"money", "number", "percent"})

TITLES = {"department": "部门整体支出绩效自评表", "project": "项目支出绩效自评表"}
ATTACHMENT = "附件1"
INDICATOR_HEADERS = (
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
)
FUNDS_HEADERS = ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
TOTAL_LABEL = "年度资金总额"
# The funds block's side label names 年度预算申请 in the seed, with no amount under it; a
# model that has the requested amount gets its own column and a neutral side label.
_SIDE_REQUESTED = {"department": "年度预算申请（万元）", "project": "项目资金（万元）"}
_SIDE_WITH_COLUMN = {"department": "预算资金（万元）", "project": "项目资金（万元）"}
# Relative widths: side label, 一级, 二级, 三级, 指标值, 完成值, 分值, 得分, 偏差原因.
_WIDTHS = (3.0, 7.0, 8.0, 14.0, 15.0, 15.0, 5.0, 5.0, 16.0)
_EXTRA_WIDTH = 9.0
_MIN_FUNDS_LABEL = 1  # columns the funds row label ("年度资金总额") needs at least


@dataclass(frozen=True, slots=True)
class Formula:
    """A value a workbook may compute live: ``executed / budget`` or the sum of its terms.

    ``keys`` are model paths of other cells; a writer that cannot place them prints the value.
    """

    op: Literal["ratio", "sum"]
    keys: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LayoutCell:
    """One printed cell at ``column`` of its row, spanning ``rowspan`` × ``colspan``."""

    text: str
    column: int = 0
    role: Role = "text"
    rowspan: int = 1
    colspan: int = 1
    value: Decimal | None = None  # the number behind a money / number / percent cell
    editable: bool = False  # what the unit or a reviewer fills in (actuals, scores, reasons)
    key: str | None = None  # the model path the cell prints, for formulas to refer to
    formula: Formula | None = None


@dataclass(slots=True)
class TableLayout:
    """The whole form: paragraphs above, the table's rows (anchor cells only), the sign-off."""

    kind: str
    attachment: str
    title: str
    subtitle: str
    width: int
    widths: tuple[float, ...]
    rows: list[list[LayoutCell]] = field(default_factory=list)
    header_row: int = 0  # the indicator header, repeated on every page
    signoff: str = ""

    def slots(self) -> Iterator[list[tuple[int, LayoutCell, bool]]]:
        return slots(self.rows)


def slots(rows: Sequence[list[LayoutCell]]) -> Iterator[list[tuple[int, LayoutCell, bool]]]:
    """Each row's (column, cell, starts_here) in column order, continued vertical merges
    included (``starts_here`` False), the columns a span covers left out."""
    below: dict[int, tuple[LayoutCell, int]] = {}  # column → (cell, rows still to cover)
    for row in rows:
        placed = [(cell.column, cell, True) for cell in row]
        placed += [(column, cell, False) for column, (cell, _) in below.items()]
        placed.sort(key=lambda slot: slot[0])
        below = {c: (cell, n - 1) for c, (cell, n) in below.items() if n > 1}
        below.update({cell.column: (cell, cell.rowspan - 1) for cell in row if cell.rowspan > 1})
        yield placed


# --- printing values ----------------------------------------------------------------------------


def amount_text(value: Decimal | None) -> str:
    """A Decimal exactly as the model holds it ("16800.00" stays "16800.00")."""
    return "" if value is None else f"{value:f}"


def _money(value: Decimal | None, key: str, *, editable: bool = False) -> LayoutCell:
    return LayoutCell(amount_text(value), role="money", value=value, key=key, editable=editable)


def _number(value: Decimal | None, key: str, *, editable: bool = False) -> LayoutCell:
    return LayoutCell(amount_text(value), role="number", value=value, key=key, editable=editable)


def _percent(value: Decimal | None, key: str, formula: Formula | None) -> LayoutCell:
    text = "" if value is None else f"{value:f}%"
    return LayoutCell(text, role="percent", value=value, key=key, formula=formula)


def _rate_formula(line: FundLine | Funds, prefix: str) -> Formula | None:
    """A live 执行率 only where it gives the printed rate (to the printed places)."""
    rate, budget, executed = line.execution_rate, line.full_year_budget, line.executed
    if rate is None or not budget or executed is None:
        return None
    exponent = rate.as_tuple().exponent
    if not isinstance(exponent, int) or exponent > 0:
        return None
    try:
        computed = (executed * 100 / budget).quantize(
            Decimal(1).scaleb(exponent), rounding=ROUND_HALF_UP
        )
    except InvalidOperation:  # beyond the context's precision: print the figure as it is
        return None
    if computed != rate:
        return None
    return Formula("ratio", (f"{prefix}.executed", f"{prefix}.full_year_budget"))


# --- the builder --------------------------------------------------------------------------------


class _Builder:
    def __init__(self, evaluation: Evaluation) -> None:
        self.ev = evaluation
        self.extras = _extra_headers(evaluation.indicators)
        self.requested = evaluation.funds.requested is not None
        self.reason = evaluation.funds.deviation_reason is not None
        indicator_width = 1 + len(INDICATOR_HEADERS) + len(self.extras)
        funds_width = 1 + _MIN_FUNDS_LABEL + len(FUNDS_HEADERS) + self.requested + self.reason
        self.width = max(indicator_width, funds_width)
        # When the funds block is the wider one, the last indicator column takes the rest.
        self.stretch = self.width - indicator_width
        self.rows: list[list[LayoutCell]] = []

    def add(self, *cells: LayoutCell, start: int = 0) -> None:
        """A row of cells laid left to right from column ``start``."""
        self.rows.append(_laid(cells, start))

    def build(self) -> TableLayout:
        self._identity()
        self._funds()
        self._goals()
        header_row = len(self.rows)
        self._indicators()
        self._total()
        ev = self.ev
        widths = (*_WIDTHS, *(_EXTRA_WIDTH for _ in self.extras))
        # The stretched last column's width shared among the columns it spans.
        last = widths[-1] / (1 + self.stretch)
        return TableLayout(
            kind=ev.kind,
            attachment=ATTACHMENT,
            title=TITLES[ev.kind],
            subtitle=f"填报单位：（盖章）　　　　　　（{ev.year or '　　　　'}年度）",
            width=self.width,
            widths=(*widths[:-1], *(last for _ in range(1 + self.stretch))),
            rows=self.rows,
            header_row=header_row,
            signoff=signoff_text(ev),
        )

    # identity

    def _field_row(self, label: str, value: str | None, key: str) -> None:
        self.add(
            LayoutCell(label, role="label", colspan=2),
            LayoutCell(value or "", colspan=self.width - 2, key=key),
        )

    def _identity(self) -> None:
        ev = self.ev
        if ev.kind == "department":
            self._field_row("预算部门名称", ev.unit, "unit")
            for label, value, key in (
                ("项目名称", ev.project, "project"),
                ("主管部门", ev.department, "department"),
                ("实施单位", ev.implementing_unit, "implementing_unit"),
            ):
                if value is not None:
                    self._field_row(label, value, key)
        else:
            self._project_identity()
        for label, value in ev.extra.items():
            self._field_row(label, value, f"extra.{label}")

    def _project_identity(self) -> None:
        ev = self.ev
        self._field_row("项目名称", ev.project, "project")
        left = (self.width - 4) // 2
        self.add(
            LayoutCell("主管部门", role="label", colspan=2),
            LayoutCell(ev.department or "", colspan=left, key="department"),
            LayoutCell("实施单位", role="label"),
            LayoutCell(
                ev.implementing_unit or "", colspan=self.width - 3 - left, key="implementing_unit"
            ),
        )
        # The importer takes the implementing unit as the unit; a different one is printed.
        if ev.unit is not None and ev.unit != ev.implementing_unit:
            self._field_row("预算单位名称", ev.unit, "unit")

    # funds

    def _funds(self) -> None:
        ev = self.ev
        lines = printed_fund_lines(ev)
        pairs = _pair_rows(ev)
        side_text = (_SIDE_WITH_COLUMN if self.requested else _SIDE_REQUESTED)[ev.kind]
        label_width = self.width - 1 - len(FUNDS_HEADERS) - self.requested - self.reason
        side = LayoutCell(side_text, role="side", rowspan=1 + len(lines) + len(pairs))
        headers = (["年度预算申请"] if self.requested else []) + list(FUNDS_HEADERS)
        headers += ["偏差原因分析及改进措施"] if self.reason else []
        self.add(
            side,
            LayoutCell("", role="header", colspan=label_width),
            *(LayoutCell(text, role="header") for text in headers),
        )
        for number, line in enumerate(lines):
            self.add(*self._fund_line(line, number, label_width), start=1)
        half = (self.width - 1) // 2
        for left, right in pairs:
            self.add(
                LayoutCell(left, colspan=half, key="funds.pairs"),
                LayoutCell(right, colspan=self.width - 1 - half, key="funds.pairs"),
                start=1,
            )

    def _fund_line(self, line: FundLine, number: int, label_width: int) -> list[LayoutCell]:
        is_total = line.label == TOTAL_LABEL
        # The total row's figures are the funds' own (the model keeps both; they agree).
        prefix = "funds" if is_total else f"funds.lines[{number}]"
        cells = [LayoutCell(line.label, role="label", colspan=label_width)]
        if self.requested:
            requested = self.ev.funds.requested if is_total else None
            cells.append(_money(requested, f"{prefix}.requested"))
        cells += [
            _money(line.initial_budget, f"{prefix}.initial_budget"),
            _money(line.full_year_budget, f"{prefix}.full_year_budget"),
            _money(line.executed, f"{prefix}.executed", editable=True),
            _number(line.weight, f"{prefix}.weight"),
            _percent(line.execution_rate, f"{prefix}.execution_rate", _rate_formula(line, prefix)),
            _number(line.score, f"{prefix}.score", editable=True),
        ]
        if self.reason:
            reason = self.ev.funds.deviation_reason if is_total else None
            cells.append(LayoutCell(reason or "", editable=True, key="funds.deviation_reason"))
        return cells

    # goals

    def _goals(self) -> None:
        goals = self.ev.goals or [Goal()]  # an empty pair to fill in
        half = (self.width - 1) // 2
        rest = self.width - 1 - half
        self.add(
            LayoutCell("年度总体目标", role="side", rowspan=1 + len(goals)),
            LayoutCell("预期目标", role="header", colspan=half),
            LayoutCell("实际完成情况", role="header", colspan=rest),
        )
        for number, goal in enumerate(goals):
            self.add(
                LayoutCell(goal.expected or "", colspan=half, key=f"goals[{number}].expected"),
                LayoutCell(
                    goal.actual or "", colspan=rest, editable=True, key=f"goals[{number}].actual"
                ),
                start=1,
            )

    # indicators

    def _indicators(self) -> None:
        indicators = self.ev.indicators
        headers = [LayoutCell(text, role="header") for text in (*INDICATOR_HEADERS, *self.extras)]
        side = LayoutCell("绩效指标", role="side", rowspan=1 + len(indicators))
        self.add(side, *self._stretched(headers))
        runs1 = _runs([(i.level1,) for i in indicators])
        runs2 = _runs([(i.level1, i.level2) for i in indicators])
        for number, indicator in enumerate(indicators):
            levels = []
            if number in runs1:
                label = self._level1_label(indicator)
                levels.append(LayoutCell(label, column=1, rowspan=runs1[number], key="level1"))
            if number in runs2:
                label = indicator.level2 or ""
                levels.append(LayoutCell(label, column=2, rowspan=runs2[number], key="level2"))
            cells = _laid(self._stretched(self._indicator_cells(indicator, number)), 3)
            self.rows.append(levels + cells)

    def _stretched(self, cells: Sequence[LayoutCell]) -> list[LayoutCell]:
        """The row's last cell widened over the columns the funds block needs beyond these."""
        last = cells[-1]
        return [*cells[:-1], replace(last, colspan=last.colspan + self.stretch)]

    def _level1_label(self, indicator: Indicator) -> str:
        level1 = indicator.level1 or ""
        weight = self.ev.declared_level1_weights.get(level1)
        return f"{level1}（{weight:f}分）" if weight is not None and level1 else level1

    def _indicator_cells(self, indicator: Indicator, number: int) -> list[LayoutCell]:
        path = f"indicators[{number}]"
        target = indicator.target.text if indicator.target else ""
        actual = indicator.actual.text if indicator.actual else ""
        cells = [
            LayoutCell(indicator.name, key=f"{path}.name"),
            LayoutCell(target, key=f"{path}.target"),
            LayoutCell(actual, key=f"{path}.actual", editable=True),
            _number(indicator.weight, f"{path}.weight"),
            _number(indicator.score, f"{path}.score", editable=True),
            LayoutCell(indicator.deviation_reason or "", key=f"{path}.deviation", editable=True),
        ]
        cells += [
            LayoutCell(indicator.extra.get(header, ""), key=f"{path}.extra", editable=True)
            for header in self.extras
        ]
        return cells

    # total

    def _total(self) -> None:
        ev = self.ev
        weight = _total_cell(ev.total.weight, "total.weight", _terms(ev, "weight"))
        score = _total_cell(ev.total.score, "total.score", _terms(ev, "score"))
        # The claimed grade beside the total, where the importer looks for it.
        tail = [LayoutCell(f"自评等级：{ev.grade}" if ev.grade else "", key="grade")]
        tail += [LayoutCell("", editable=True) for _ in self.extras]
        label = LayoutCell("总分", role="label", colspan=6)
        self.add(label, weight, replace(score, editable=True), *self._stretched(tail))


def _laid(cells: Sequence[LayoutCell], start: int) -> list[LayoutCell]:
    """``cells`` placed side by side from column ``start``."""
    placed: list[LayoutCell] = []
    column = start
    for cell in cells:
        placed.append(replace(cell, column=column))
        column += cell.colspan
    return placed


def _runs(keys: Sequence[tuple[str | None, ...]]) -> dict[int, int]:
    """Start index → length of each run of equal keys (the rows one merged cell covers)."""
    runs: dict[int, int] = {}
    start = 0
    for i in range(1, len(keys) + 1):
        if i == len(keys) or keys[i] != keys[start]:
            runs[start] = i - start
            start = i
    return runs


def _extra_headers(indicators: Sequence[Indicator]) -> list[str]:
    """Every indicator ``extra`` key, in first-seen order: one column each."""
    headers: dict[str, None] = {}
    for indicator in indicators:
        headers.update(dict.fromkeys(indicator.extra))
    return list(headers)


def _terms(ev: Evaluation, attribute: str) -> tuple[Decimal | None, tuple[str, ...]]:
    """The funds line's and every indicator's ``attribute`` (the terms of the 总分)."""
    total_line = next((x for x in printed_fund_lines(ev) if x.label == TOTAL_LABEL), None)
    funds_value = getattr(total_line, attribute) if total_line is not None else None
    values = [funds_value] + [getattr(i, attribute) for i in ev.indicators]
    keys = [f"funds.{attribute}"] + [f"indicators[{n}].{attribute}" for n in range(len(values) - 1)]
    present = [(v, k) for v, k in zip(values, keys, strict=True) if v is not None]
    if not present:
        return None, ()
    return sum((v for v, _ in present), Decimal(0)), tuple(k for _, k in present)


def _total_cell(
    value: Decimal | None, key: str, terms: tuple[Decimal | None, tuple[str, ...]]
) -> LayoutCell:
    """A 总分 figure, live as a sum where the sum gives it."""
    total, keys = terms
    formula = Formula("sum", keys) if value is not None and keys and total == value else None
    return LayoutCell(amount_text(value), role="number", value=value, key=key, formula=formula)


def printed_fund_lines(ev: Evaluation) -> list[FundLine]:
    """The funds rows the table prints: the model's ``funds.lines``, or rows made from its
    totals (the 年度资金总额 row; a project's 其中 rows where it has their amounts)."""
    if ev.funds.lines:
        return list(ev.funds.lines)
    funds = ev.funds
    total = FundLine(
        label=TOTAL_LABEL,
        initial_budget=funds.initial_budget,
        full_year_budget=funds.full_year_budget,
        executed=funds.executed,
        execution_rate=funds.execution_rate,
        weight=funds.weight,
        score=funds.score,
    )
    lines = [total]
    if ev.kind == "project":
        source = funds.by_source
        for label, value in (
            ("其中：当年财政拨款", source.current_year_appropriation),
            ("上年结转资金", source.carried_over),
            ("其他资金", source.other),
        ):
            lines.append(FundLine(label=label, full_year_budget=value))
    return lines


# "label：amount" cells, (left, right) per row, as the seed prints them.
_DEPARTMENT_PAIRS: tuple[tuple[tuple[str, str], tuple[str, str] | None], ...] = (
    (("按收入性质分", "by_source.total"), ("按支出性质分", "by_nature.total")),
    (
        ("其中：一般公共预算", "by_source.general_public_budget"),
        ("其中：基本支出", "by_nature.basic"),
    ),
    (("政府性基金拨款", "by_source.government_fund"), ("项目支出", "by_nature.project")),
    (("纳入专户管理的非税收入拨款", "by_source.special_account_non_tax"), None),
    (("其他资金", "by_source.other"), None),
)
# Amounts no standard row prints: one "label：amount" cell each, where the model has them.
_OTHER_PAIRS = (
    ("当年财政拨款", "by_source.current_year_appropriation"),
    ("上年结转资金", "by_source.carried_over"),
)
_PROJECT_PAIRS = (
    ("按收入性质分", "by_source.total"),
    ("一般公共预算", "by_source.general_public_budget"),
    ("政府性基金拨款", "by_source.government_fund"),
    ("纳入专户管理的非税收入拨款", "by_source.special_account_non_tax"),
    ("按支出性质分", "by_nature.total"),
    ("基本支出", "by_nature.basic"),
    ("项目支出", "by_nature.project"),
)


def _funds_value(funds: Funds, path: str) -> Decimal | None:
    group, _, name = path.partition(".")
    value: Decimal | None = getattr(getattr(funds, group), name)
    return value


def _pair(funds: Funds, label: str, path: str) -> str:
    return f"{label}：{amount_text(_funds_value(funds, path))}"


def _pair_rows(ev: Evaluation) -> list[tuple[str, str]]:
    funds = ev.funds
    rows: list[tuple[str, str]] = []
    if ev.kind == "department":
        for left, right in _DEPARTMENT_PAIRS:
            rows.append((_pair(funds, *left), _pair(funds, *right) if right else ""))
        singles = [_pair(funds, *p) for p in _OTHER_PAIRS if _funds_value(funds, p[1]) is not None]
    else:
        singles = [
            _pair(funds, *p) for p in _PROJECT_PAIRS if _funds_value(funds, p[1]) is not None
        ]
    rows += [(left, right) for left, right in _two_by_two(singles)]
    return rows


def _two_by_two(cells: list[str]) -> Iterator[tuple[str, str]]:
    for i in range(0, len(cells), 2):
        yield cells[i], cells[i + 1] if i + 1 < len(cells) else ""


def signoff_text(ev: Evaluation) -> str:
    s = ev.signoff
    return (
        f"填报人：{s.filler or ''}　　　联系电话：{s.phone or ''}　　　"
        f"填报日期：{s.date or ''}　　　单位负责人签字：{s.head or ''}"
    )


def table_layout(evaluation: Evaluation) -> TableLayout:
    """The 自评表 of ``evaluation`` as rows of cells."""
    return _Builder(evaluation).build()

"""Reading one self-evaluation's tables into an Evaluation, by their words.

Column headers (with their synonyms), row labels and "label：amount" cells say what a cell
means; positions only say which cells belong together. Merged cells arrive as empty cells and
are carried down; columns not understood are kept in ``extra``. Each value remembers the cell
it came from (provenance), and what cannot be read becomes an ``import-…`` finding.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Literal

from jixiao.findings import Finding
from jixiao.importers.base import (
    COLUMN_MISSING,
    ROW_MISALIGNED,
    TABLE_TRUNCATED,
    VALUE_UNREADABLE,
)
from jixiao.importers.cells import Cell, Table
from jixiao.importers.layout_words import (
    BLOCK_LABELS,
    BUDGET_FIELDS,
    DEVIATION_HEADERS,
    FUND_LINE_FIELDS,
    FUNDS_HEADERS,
    FUNDS_TOTAL_ROWS,
    GOAL_ACTUAL,
    GOAL_EXPECTED,
    GOAL_TITLES,
    HEADER_FIELDS,
    INDICATOR_HEADERS,
    LEVEL2_WEIGHT_KEY,
    LEVEL_WEIGHT,
    NAME_HEADERS,
    NOT_ON_SUBTOTALS,
    PAIR_LABEL_MAX,
    PAIR_LABELS,
    PROJECT_ROWS,
    SIGNOFF_LABELS,
    SUBTOTAL_WORDS,
    TITLE_MAX,
    TOTAL_WORDS,
    FundsField,
    HeaderField,
    IndicatorField,
    Words,
    amount_of,
    grade_of_cell,
    is_table_title,
    kind_of_title,
    may_sign_off,
    parse_amount,
    year_in,
)
from jixiao.model import (
    Evaluation,
    FundLine,
    Goal,
    Indicator,
    Kind,
    Measured,
    SourceRef,
)
from jixiao.model.trusted import trusted, trusted_set
from jixiao.values import parse_value

_State = Literal["start", "funds", "goals", "indicators", "done"]
_VALUE_FIELDS: frozenset[IndicatorField] = frozenset(
    ("target", "actual", "weight", "score", "deviation")
)
_CellGetter = Callable[[IndicatorField], "Cell | None"]


def _align(cells: Sequence[Cell], width: int) -> list[Cell | None]:
    """Right-align a row to a header: merged leading cells are the ones missing."""
    if len(cells) >= width:
        return list(cells[len(cells) - width :])
    return [None] * (width - len(cells)) + list(cells)


@dataclass(slots=True)
class _IndicatorColumns:
    fields: dict[IndicatorField, int]
    extra: dict[int, str]
    width: int


class TableReader:
    """Reads the rows of one evaluation's tables, block by block, recognised by words."""

    def __init__(self, *, name: str, evaluation: int, kind: Kind | None) -> None:
        self.file = name or None
        self.index = evaluation
        self.kind_hint = kind
        self.ev = Evaluation(kind=kind or "department")
        self.findings: list[Finding] = []
        self.state: _State = "start"
        self.funds_columns: dict[int, FundsField] = {}
        self.funds_width = 0
        self.funds_reason_column: int | None = None
        self.goal_columns: tuple[int | None, int | None, int] | None = None
        self.columns: _IndicatorColumns | None = None
        self.level1: str | None = None
        self.level2: str | None = None
        self.level2_weight: str | None = None  # as printed in the level-2 label
        self.tables: list[Table] = []
        self.seen_total = False
        self.signoff_text: list[str] = []
        # Where each value came from, as its cell: the SourceRefs are built at the end, from
        # values already typed, without validating them again (that took a fifth of this
        # reader's time). So are the indicators, their targets and actuals, and fund lines.
        self.refs: dict[str, Cell] = {}

    # provenance and findings

    def _ref(self, path: str, cell: Cell) -> None:
        self.refs[path] = cell

    def _provenance(self) -> dict[str, SourceRef]:
        file = self.file
        # The cells unpacked: a named tuple's fields by name cost a call each.
        return {
            path: trusted(
                SourceRef,
                {
                    "file": file,
                    "sheet": sheet,
                    "table": table,
                    "row": row,
                    "column": column,
                    "page": page,
                    # Validation would make floats of a PDF importer's integer coordinates.
                    "bbox": None if bbox is None else _float_box(bbox),
                },
            )
            for path, (_, _, _, table, row, column, page, bbox, sheet) in self.refs.items()
        }

    def _unreadable(self, path: str, where: str, where_en: str, cell: Cell) -> None:
        self.findings.append(
            VALUE_UNREADABLE.make(
                path,
                where=where,
                where_en=where_en,
                text=cell.text,
                evaluation=self.index,
                table=cell.table,
                row=cell.row,
                column=cell.column,
            )
        )

    # the rows

    def feed(self, table: Table) -> None:
        self.tables.append(table)
        for row in table.rows:
            # The filled cells, taken once: most tests of a row look at them only, and a row
            # without any is skipped.
            if filled := [cell for cell in row if cell.text]:
                self._row(row, filled)

    def _row(self, cells: list[Cell], filled: list[Cell]) -> None:
        """Headers first (they switch the block), then what the current block expects."""
        if self.state == "done":
            self._maybe_signoff(filled)
            return
        keys = {cell.key for cell in filled}
        if (
            self._indicator_header(cells, keys)
            or self._goal_header(cells, keys)
            or self._funds_header(cells, keys)
        ):
            return
        first = filled[0]
        if first.key in TOTAL_WORDS and (first.key == "总分" or self.state == "indicators"):
            self._total(cells, first)
            return
        if self._maybe_signoff(filled):
            return
        if self.state == "indicators":
            self._indicator(cells)
            return
        handled = self._header_fields(filled) or self._title_row(filled) or self._funds_row(cells)
        if not handled and (self.state == "goals" or first.key in GOAL_TITLES):
            self._goal(cells, first)
        elif not handled and self.state == "start":
            self._extra_fields(cells)

    def _title_row(self, filled: list[Cell]) -> bool:
        """A title or "（2023年度）" printed inside the table, above its first field (a row's
        filled cells)."""
        if len(filled) != 1 or self.state != "start":
            return False
        text = filled[0].label
        is_title = is_table_title(text)
        if is_title:
            self.kind_hint = self.kind_hint or kind_of_title(text)
        year = year_in(text) if len(text) <= TITLE_MAX else None
        if year is not None and self.ev.year is None:
            self.ev.year = year
        return is_title or year is not None

    def _maybe_signoff(self, filled: list[Cell]) -> bool:
        """A sign-off printed as the table's last row ("填报人：… | 联系电话：…"): its filled
        cells' labels."""
        text = " ".join([cell.label for cell in filled])
        if may_sign_off(text) and SIGNOFF_LABELS.search(text):
            self.signoff_text.append(text)
            return True
        return False

    # header fields

    def _header_fields(self, filled: list[Cell]) -> bool:
        """ "label | value" pairs of a row's filled cells, and "label：value" cells."""
        found = False
        for i, cell in enumerate(filled):
            target = HEADER_FIELDS.get(cell.key)
            if target is not None:
                value = filled[i + 1] if i + 1 < len(filled) else None
                if value is not None and value.key not in HEADER_FIELDS:
                    self._set_header(target, value.label, value)
                found = True
            elif (":" in cell.key) and (target := HEADER_FIELDS.get(cell.key.split(":")[0])):
                self._set_header(target, cell.label.split("：", 1)[-1].split(":", 1)[-1], cell)
                found = True
        return found

    def _extra_fields(self, cells: list[Cell]) -> None:
        """Header rows of fields no one maps ("项目负责人 | 张三 | 项目类别 | 专项"): kept in
        ``extra``, label → value, never dropped."""
        filled = [cell for cell in cells if not cell.empty]
        labels, values = filled[::2], filled[1::2]
        if not filled or len(labels) != len(values):
            return
        if not all(_is_words(c) and len(c.label) <= PAIR_LABEL_MAX for c in labels):
            return
        for label, value in zip(labels, values, strict=True):
            self.ev.extra.setdefault(label.label, value.text)
            self._ref(f"extra.{label.label}", value)

    def _set_header(self, target: HeaderField, raw: str, cell: Cell) -> None:
        value = raw.strip()
        if not value:
            return
        if target == "year":
            year = year_in(value)
            if year is not None:
                self.ev.year = year
                self._ref("year", cell)
            return
        if target == "grade":
            self.ev.grade = grade_of_cell(value) or value
        else:
            trusted_set(self.ev, target, value)
        self._ref(target, cell)

    # funds

    def _funds_header(self, cells: list[Cell], keys: set[str]) -> bool:
        if not _may_name_budget("\x00".join(keys)):
            return False  # most rows: no column could be a budget's
        columns: dict[int, FundsField] = {}
        for i, cell in enumerate(cells):
            for funds_field in _funds_fields(cell.key) if cell.key else ():
                if funds_field not in columns.values():
                    columns[i] = funds_field
                    break
        if len(columns) < 3 or not BUDGET_FIELDS & set(columns.values()):
            return False
        self.funds_columns, self.funds_width, self.state = columns, len(cells), "funds"
        self.funds_reason_column = next(
            (i for i, cell in enumerate(cells) if cell.key in DEVIATION_HEADERS), None
        )
        return True

    def _funds_row(self, cells: list[Cell]) -> bool:
        if self.funds_columns and (label := self._columnar_label(cells)):
            self._funds_line(cells, label)
            return True
        return self._funds_pairs(cells)

    def _funds_reason(self, cells: list[Cell]) -> Cell | None:
        """The row's cell under the funds block's deviation column, if it has one."""
        if self.funds_reason_column is None:
            return None
        return _align(cells, self.funds_width)[self.funds_reason_column]

    def _columnar_label(self, cells: list[Cell]) -> Cell | None:
        reason = self._funds_reason(cells)
        labels = [
            cell
            for cell in cells
            if cell.text and cell is not reason and isinstance(amount_of(cell.label), Words)
        ]
        if len(labels) != 1:
            return None
        key = _row_label(labels[0])
        if ":" in key:
            return None  # "其他资金：316.06" is a pair, not a row
        if key in FUNDS_TOTAL_ROWS:
            return labels[0]
        if self._kind() == "project" and any(word in key for word, _ in PROJECT_ROWS):
            return labels[0]
        return None

    def _funds_line(self, cells: list[Cell], label: Cell) -> None:
        aligned = _align(cells, self.funds_width)
        number = len(self.ev.funds.lines)
        values: dict[str, object] = dict.fromkeys(FUND_LINE_FIELDS)
        values["label"] = label.label
        is_total = _row_label(label) in FUNDS_TOTAL_ROWS
        for column, funds_field in self.funds_columns.items():
            cell = aligned[column]
            if cell is label or cell is None or not cell.text:
                continue
            value = self._line_amount(cell, f"funds.lines[{number}].{funds_field}", label)
            if funds_field != "requested":
                values[funds_field] = value
            if is_total and value is not None:
                trusted_set(self.ev.funds, funds_field, value)
                self._ref(f"funds.{funds_field}", cell)
        line = trusted(FundLine, values)
        self.ev.funds.lines.append(line)
        self._ref(f"funds.lines[{number}].label", label)
        reason = self._funds_reason(cells)
        if is_total and reason is not None and reason.text:
            self.ev.funds.deviation_reason = reason.text
            self._ref("funds.deviation_reason", reason)
        if not is_total:
            self._project_source(label, line, number)

    def _line_amount(self, cell: Cell, path: str, label: Cell) -> Decimal | None:
        """An amount of a funds row (the words of a finding made only when needed)."""
        value = amount_of(cell.label)
        if isinstance(value, Words):
            where, where_en = f"资金行“{label.label}”", f"funds row “{label.label}”"
            self._unreadable(path, where, where_en, cell)
            return None
        self.refs[path] = cell
        return value

    def _project_source(self, label: Cell, line: FundLine, number: int) -> None:
        key = _row_label(label)
        for word, source_field in PROJECT_ROWS:
            if word in key:
                trusted_set(self.ev.funds.by_source, source_field, line.full_year_budget)
                ref = self.refs.get(f"funds.lines[{number}].full_year_budget")
                if ref is not None:
                    self.refs[f"funds.by_source.{source_field}"] = ref
                return

    def _funds_pairs(self, cells: list[Cell]) -> bool:
        """ "label：amount" cells, or a label cell followed by its amount cell."""
        found = False
        for i, cell in enumerate(cells):
            if not cell.text or len(cell.label) > PAIR_LABEL_MAX * 2:
                continue
            pair = _pair_of(cell.label)
            if pair is None:
                continue
            path, label, colon, amount = pair
            value_cell = cell
            if not colon:
                if i + 1 >= len(cells) or _is_words(cells[i + 1]):
                    continue  # a label without an amount beside it: not this layout
                value_cell = cells[i + 1]
                amount = value_cell.label
            self._set_pair(path, amount, value_cell, label)
            found = True
        if found and self.state == "start":
            self.state = "funds"
        return found

    def _set_pair(self, path: str, raw: str, cell: Cell, label: str) -> None:
        group, _, name = path.partition(".")
        target = self.ev.funds.by_source if group == "by_source" else self.ev.funds.by_nature
        try:
            value = parse_amount(raw)
        except ValueError:
            self.findings.append(
                VALUE_UNREADABLE.make(
                    f"funds.{path}",
                    where=f"资金来源“{label}”",
                    where_en=f"funds “{label}”",
                    text=raw,
                    evaluation=self.index,
                    table=cell.table,
                    row=cell.row,
                    column=cell.column,
                )
            )
            return
        trusted_set(target, name, value)
        self._ref(f"funds.{path}", cell)

    # goals

    def _goal_header(self, cells: list[Cell], present: set[str]) -> bool:
        if present.isdisjoint(GOAL_EXPECTED) or present.isdisjoint(GOAL_ACTUAL):
            return False
        keys = [cell.key for cell in cells]
        expected = next((i for i, key in enumerate(keys) if key in GOAL_EXPECTED), None)
        actual = next((i for i, key in enumerate(keys) if key in GOAL_ACTUAL), None)
        if expected is None or actual is None:
            return False
        self.goal_columns = (expected, actual, len(cells))
        self.state = "goals"
        return True

    def _goal(self, cells: list[Cell], first: Cell) -> None:
        if self.goal_columns is None or first.key in GOAL_TITLES:
            self._goal_without_header(cells)
            return
        expected_col, actual_col, width = self.goal_columns
        aligned = _align(cells, width)
        goal_number = len(self.ev.goals)
        goal = Goal()
        for column, attribute in ((expected_col, "expected"), (actual_col, "actual")):
            cell = aligned[column] if column is not None else None
            if cell is not None and not cell.empty:
                trusted_set(goal, attribute, cell.text)
                self._ref(f"goals[{goal_number}].{attribute}", cell)
        if goal.expected or goal.actual:
            self.ev.goals.append(goal)

    def _goal_without_header(self, cells: list[Cell]) -> None:
        """ "年度总体目标 | text [| text]" with no 预期目标 / 实际完成情况 header above."""
        self.state = "goals"
        texts = [c for c in cells if not c.empty and c.key not in GOAL_TITLES]
        if not texts:
            return
        number = len(self.ev.goals)
        self.ev.goals.append(
            Goal(expected=texts[0].text, actual=texts[1].text if len(texts) > 1 else None)
        )
        for cell, attribute in zip(texts, ("expected", "actual"), strict=False):
            self._ref(f"goals[{number}].{attribute}", cell)

    # indicators

    def _indicator_header(self, cells: list[Cell], present: set[str]) -> bool:
        if present.isdisjoint(NAME_HEADERS):
            return False
        fields: dict[IndicatorField, int] = {}
        extra: dict[int, str] = {}
        for i, cell in enumerate(cells):
            known = INDICATOR_HEADERS.get(cell.key)
            if known is not None and known not in fields:
                fields[known] = i
            elif cell.key and cell.key not in BLOCK_LABELS:
                extra[i] = cell.label
        if "name" not in fields or len(fields) < 3 or not {"target", "actual"} & set(fields):
            return False
        self.columns = _IndicatorColumns(fields, extra, len(cells))
        self.state = "indicators"
        self._report_missing_columns(fields, cells[0])
        return True

    def _report_missing_columns(self, fields: dict[IndicatorField, int], cell: Cell) -> None:
        names: dict[IndicatorField, str] = {
            "target": "年度指标值",
            "actual": "实际完成值",
            "weight": "分值",
            "score": "得分",
        }
        for missing in (f for f in names if f not in fields):
            self.findings.append(
                COLUMN_MISSING.make(
                    "indicators",
                    column=names[missing],
                    evaluation=self.index,
                    table=cell.table,
                    row=cell.row,
                )
            )

    def _indicator(self, cells: list[Cell]) -> None:
        assert self.columns is not None
        columns = self.columns
        if len(cells) > columns.width:
            self.findings.append(
                ROW_MISALIGNED.make(
                    "indicators",
                    row=cells[0].row,
                    cells=len(cells),
                    columns=columns.width,
                    evaluation=self.index,
                    table=cells[0].table,
                )
            )
        aligned = _align(cells, columns.width)
        filled: dict[IndicatorField, Cell] = {
            name: cell
            for name, column in columns.fields.items()
            if (cell := aligned[column]) is not None and cell.text
        }
        at = filled.get
        name_cell = at("name")
        # Only a row without a name of its own (or named 小计) may be a subtotal.
        if (name_cell is None or name_cell.key in SUBTOTAL_WORDS) and self._subtotal(at):
            return
        level1, level2 = at("level1"), at("level2")
        if level1 is not None or level2 is not None:  # most rows sit under merged level cells
            self._carry_levels(_label_of(level1), _label_of(level2))
        if name_cell is None and filled.keys().isdisjoint(_VALUE_FIELDS):
            return  # a row that only names a level, or an empty row
        self._add_indicator(at, name_cell, aligned)

    def _carry_levels(self, level1: str | None, level2: str | None) -> None:
        if level1:
            name, weight = _level_and_weight(level1)
            self.level1 = name
            self.level2 = self.level2_weight = None  # a new first level: new second levels
            if weight is not None:
                self.ev.declared_level1_weights[name] = Decimal(weight)
        if level2:
            self.level2, self.level2_weight = _level_and_weight(level2)

    def _subtotal(self, at: _CellGetter) -> bool:
        """Skip a subtotal row: no indicator name of its own, numbers only in 分值 and 得分.

        A first-level subtotal (its 小计 in a level column, or its first-level label printed
        with no second level) declares that level's weight when its label did not.
        """
        name = at("name")
        if name is not None and name.key not in SUBTOTAL_WORDS:
            return False
        if any(not _is_blank_mark(cell) for f in NOT_ON_SUBTOTALS if (cell := at(f))):
            return False
        numbers = [cell for cell in (at("weight"), at("score")) if cell is not None]
        if not numbers or any(parse_amount_or_none(cell) is None for cell in numbers):
            return False
        level1, level2 = _label_of(at("level1")), _label_of(at("level2"))
        if level2 and _without_subtotal(level2):
            self._carry_levels(level1, _without_subtotal(level2))  # a second-level subtotal
            return True
        if level1 is None and level2 is None:
            return True  # "| | 小计 |": most likely the subtotal of the current second level
        self._carry_levels(_without_subtotal(level1 or ""), None)
        weight = at("weight")
        if self.level1 is not None and weight is not None:
            amount = parse_amount_or_none(weight)
            if amount is not None:
                self.ev.declared_level1_weights.setdefault(self.level1, amount)
        return True

    def _add_indicator(
        self, at: _CellGetter, name_cell: Cell | None, row: list[Cell | None]
    ) -> None:
        prefix = f"indicators[{len(self.ev.indicators)}]"
        name = name_cell.label if name_cell else ""
        target, sign, unit = at("target"), at("sign"), at("unit")
        target_text = _target_text(target, sign, unit)
        actual_cell = at("actual")
        actual_text = _with_unit(actual_cell.text, unit) if actual_cell else None
        deviation = at("deviation")
        extra = self._extra(row)
        if self.level2_weight is not None:
            extra.setdefault(LEVEL2_WEIGHT_KEY, self.level2_weight)
        indicator = trusted(
            Indicator,
            {
                "level1": self.level1,
                "level2": self.level2,
                "name": name,
                "target": _measured(target_text),
                "actual": _measured(actual_text),
                "weight": self._indicator_amount(at("weight"), prefix, "weight", name),
                "score": self._indicator_amount(at("score"), prefix, "score", name),
                "deviation_reason": deviation.text if deviation else None,
                "direction": None,
                "extra": extra,
            },
        )
        self.ev.indicators.append(indicator)
        refs = self.refs
        if name_cell is not None:
            refs[f"{prefix}.name"] = name_cell
        if target_cell := target or sign:
            refs[f"{prefix}.target"] = target_cell
        if actual_cell is not None:
            refs[f"{prefix}.actual"] = actual_cell
        if deviation is not None:
            refs[f"{prefix}.deviation_reason"] = deviation

    def _indicator_amount(
        self, cell: Cell | None, prefix: str, amount: Literal["weight", "score"], name: str
    ) -> Decimal | None:
        """An indicator's 分值 or 得分 (the words of a finding made only when needed)."""
        if cell is None or not cell.text:
            return None
        value = amount_of(cell.label)
        if isinstance(value, Words):
            what = "分值" if amount == "weight" else "得分"
            self._unreadable(
                f"{prefix}.{amount}",
                f"指标“{name}”的{what}",
                f"the {amount} of indicator “{name}”",
                cell,
            )
            return None
        self.refs[f"{prefix}.{amount}"] = cell
        return value

    def _extra(self, row: list[Cell | None]) -> dict[str, str]:
        assert self.columns is not None
        extra: dict[str, str] = {}
        if not self.columns.extra:
            return extra
        for column, header in self.columns.extra.items():
            cell = row[column]
            extra[header] = cell.text if cell is not None else ""
        return extra

    # total

    def _total(self, cells: list[Cell], label: Cell) -> None:
        numbers: list[tuple[int, Decimal, Cell]] = []
        for index, cell in enumerate(cells):
            if cell is label or cell.empty:
                continue
            value = parse_amount_or_none(cell)
            if value is not None:
                numbers.append((index, value, cell))
            elif (grade := grade_of_cell(cell.label)) and self.ev.grade is None:
                self.ev.grade = grade
        placed = self._total_by_column(len(cells), numbers) or [
            (attribute, value, cell)
            for attribute, (_, value, cell) in zip(("weight", "score"), numbers, strict=False)
        ]
        for attribute, value, cell in placed:
            trusted_set(self.ev.total, attribute, value)
            self._ref(f"total.{attribute}", cell)
        self.seen_total = True
        self.state = "done"

    def _total_by_column(
        self, width: int, numbers: list[tuple[int, Decimal, Cell]]
    ) -> list[tuple[str, Decimal, Cell]]:
        """The total's numbers by the 分值 / 得分 columns they stand in, when every one stands
        in one of them: "总分 | — | 98" has no total weight, not a weight of 98. (Otherwise by
        order: the first number is the weight, the second the score.)"""
        columns = self.columns
        if columns is None or width != columns.width or not numbers:
            return []
        by_column = {columns.fields.get(name): name for name in ("weight", "score")}
        placed = [(by_column.get(index), value, cell) for index, value, cell in numbers]
        if any(attribute is None for attribute, _, _ in placed):
            return []
        return [(attribute, value, cell) for attribute, value, cell in placed if attribute]

    # the end

    def _kind(self) -> Kind:
        if self.kind_hint is not None:
            return self.kind_hint
        return "project" if self.ev.project else "department"

    def finish(self) -> Evaluation:
        self.ev.kind = self._kind()
        if self.ev.kind == "project" and self.ev.unit is None and self.ev.implementing_unit:
            self.ev.unit = self.ev.implementing_unit
            if "implementing_unit" in self.refs:
                self.refs["unit"] = self.refs["implementing_unit"]
        self.ev.provenance = self._provenance()
        if self.columns is not None and not self.seen_total:
            last = self.tables[-1] if self.tables else None
            if not self.ev.indicators or (last is not None and not last.complete):
                reason = ("表头之后没有指标行", "no indicator rows after the header")
                if self.ev.indicators:
                    reason = ("文件在总分行之前结束", "the file ends before the 总分 row")
                self.findings.append(
                    TABLE_TRUNCATED.make(
                        "indicators", reason=reason[0], reason_en=reason[1], evaluation=self.index
                    )
                )
        return self.ev

    @property
    def has_indicators(self) -> bool:
        return self.columns is not None


def _float_box(bbox: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    return (float(bbox[0]), float(bbox[1]), float(bbox[2]), float(bbox[3]))


def _measured(text: str | None) -> Measured | None:
    """A printed target or actual with its meaning, as Measured's validator would fill it."""
    return trusted(Measured, {"text": text, "parsed": parse_value(text)}) if text else None


def _is_words(cell: Cell) -> bool:
    """A non-empty cell that is neither a number nor a blank mark ("—", "/")."""
    return bool(cell.text) and isinstance(amount_of(cell.label), Words)


def parse_amount_or_none(cell: Cell) -> Decimal | None:
    """The number in a cell, or None when it is blank or words (no finding: a probe)."""
    if not cell.text:
        return None
    value = amount_of(cell.label)
    return None if isinstance(value, Words) else value


@lru_cache(maxsize=4096)
def _funds_fields(key: str) -> tuple[FundsField, ...]:
    """The funds columns a header key may name, in :data:`FUNDS_HEADERS` order."""
    return tuple(funds_field for word, funds_field in FUNDS_HEADERS if word in key)


def _may_name_budget(keys: str) -> bool:
    """Whether header keys (joined) may name one of :data:`BUDGET_FIELDS`, which every funds
    header does: "预算" or "执行" or "实际支出" is in each of their words."""
    return "预算" in keys or "执行" in keys or "实际支出" in keys


def _row_label(cell: Cell) -> str:
    """A funds row label without its "其中：" ("其中：当年财政拨款" → "当年财政拨款")."""
    return cell.key.removeprefix("其中").lstrip(":")


@lru_cache(maxsize=4096)  # the same labels come back in every file
def _pair_of(text: str) -> tuple[str, str, str, str] | None:
    """A cell's text as a "label：amount" pair: (path under funds, label, the colon if the
    amount is in the cell, amount), or None for a label no pair has."""
    folded = "".join(unicodedata.normalize("NFKC", text).split())
    body = folded.removeprefix("其中").lstrip(":")
    label, colon, amount = body.partition(":")
    path = _pair_path(label) if len(label) <= PAIR_LABEL_MAX else None
    return None if path is None else (path, label, colon, amount)


def _pair_path(label: str) -> str | None:
    for word, path in PAIR_LABELS:
        if word in label:
            return path
    return None


def _label_of(cell: Cell | None) -> str | None:
    return cell.label if cell is not None else None


def _without_subtotal(label: str) -> str:
    """A level label without a trailing 小计/合计 ("产出指标小计" → "产出指标", "小计" → "")."""
    for word in SUBTOTAL_WORDS:
        label = label.removesuffix(word)
    return label


def _is_blank_mark(cell: Cell) -> bool:
    """An empty cell, or one holding only a "nothing" mark ("—", "/", "无")."""
    return not cell.text or amount_of(cell.label) is None


def _target_text(target: Cell | None, sign: Cell | None, unit: Cell | None) -> str | None:
    """A target as printed: its 指标性质 sign ("≥") before it, its 度量单位 after it."""
    if target is None and sign is None:
        return None
    text = target.text if target else ""
    if sign is not None:
        text = sign.label + text
    return _with_unit(text, unit)


@lru_cache(maxsize=1024)  # the same level labels come back row after row
def _level_and_weight(label: str) -> tuple[str, str | None]:
    """A level label and the weight printed in it: "产出指标（50分）" → ("产出指标", "50")."""
    match = LEVEL_WEIGHT.match(label)
    return (match.group("name"), match.group("weight")) if match else (label, None)


def _with_unit(text: str, unit: Cell | None) -> str:
    """Append a 度量单位 cell to a value ending in a number ("≥90" + "%" → "≥90%")."""
    if unit is None or not text or not text[-1].isdigit():
        return text
    return text + unit.label

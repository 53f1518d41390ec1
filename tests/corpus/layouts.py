"""Print a truth (an Evaluation) as a person would, in the layout families of the domain README.

:func:`printed` turns one evaluation into a :class:`~tests.corpus.document.PrintedDocument` in a
named layout family (§2 "Layouts vary"): the seed's department table (label：amount funds cells,
一级/二级 as vertical merges), the project table (columnar 项目资金 rows), targets in one cell or
split into 指标性质 / 指标值 / 度量单位, header synonyms, the budget block before or after the
goals, Chongqing's extra columns, the other scoring frameworks, a table split in two, several
project tables in one file, merged cells printed as real spans or as empty cells.

Everything printed is what a person would print for the truth ("5025.23", "10分", "100%",
"产出指标（50分）"), so that a correct importer reads the truth back exactly. The ``rng``
chooses the details a family leaves open (which synonym, where a table splits).

:func:`samples` builds a corpus: for each document its family, its truths and its printing.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Literal

from jixiao.model import Evaluation, FundLine, Indicator, Kind
from tests.corpus.document import PrintedCell, PrintedDocument, PrintedTable, check_spans
from tests.corpus.truth import CHONGQING_COLUMNS, Framework, TruthOptions, make_truth

# --- a grid with spans --------------------------------------------------------------------------


class _Up:
    """The cell above continues down into this row (a vertical merge)."""


UP = _Up()


@dataclass(frozen=True)
class Span:
    """A cell ``columns`` wide."""

    text: str
    columns: int = 1


Spec = str | Span | _Up


class Grid:
    """Rows of cells of a fixed width; ``UP`` extends the cell above, ``Span`` spans columns."""

    def __init__(self, width: int) -> None:
        self.table = PrintedTable()
        self.width = width
        self._anchor: dict[int, tuple[int, int]] = {}  # column → (row, column) of the cell above

    def row(self, *specs: Spec) -> None:
        r = len(self.table.rows)
        cells: list[PrintedCell | None] = []
        for spec in specs:
            c = len(cells)
            if isinstance(spec, _Up):
                cells.extend(self._extend(r, c))
                continue
            span = spec if isinstance(spec, Span) else Span(spec)
            cells.append(PrintedCell(span.text, colspan=span.columns))
            cells.extend([None] * (span.columns - 1))
            self._anchor[c] = (r, c)
        if len(cells) != self.width:
            raise ValueError(f"row {r} is {len(cells)} wide, the grid {self.width}")
        self.table.rows.append(cells)

    def _extend(self, r: int, c: int) -> list[PrintedCell | None]:
        ar, ac = self._anchor[c]
        anchor = self.table.rows[ar][ac]
        assert anchor is not None
        assert ar + anchor.rowspan == r, "UP must touch the cell it continues"
        self.table.rows[ar][ac] = replace(anchor, rowspan=anchor.rowspan + 1)
        return [None] * anchor.colspan

    def done(self) -> PrintedTable:
        check_spans(self.table)
        return self.table


# --- how one document is printed ----------------------------------------------------------------

TARGET_HEADERS = ("年度指标值", "指标值", "目标值", "年初指标值")
ACTUAL_HEADERS = ("实际完成值", "全年实际值", "完成值", "全年完成值")
WEIGHT_HEADERS = ("分值", "权重", "指标权重")
SCORE_HEADERS = ("得分", "指标得分")
DEVIATION_HEADERS = ("偏差原因分析及改进措施", "未完成原因分析", "偏差原因")


@dataclass(frozen=True)
class Style:
    """The choices one printing makes; a family fixes some and lets the rng pick the rest."""

    kind: Kind = "department"
    framework: Framework = "national"
    real_merges: bool = True  # vertical merges as spans; else as empty cells
    block_labels: bool = True  # a column holding 绩效指标 / 年度总体目标 / 项目资金 down the side
    colon_pairs: bool = True  # "其他资金：316.06" in one cell; else label and amount apart
    requested: bool = False
    goals_first: bool = False
    goal_header: bool = True
    split_target: bool = False
    extras: tuple[str, ...] = ()
    split: Literal["no", "repeat-header", "no-header"] = "no"
    projects: int = 1
    headers: tuple[str, str, str, str, str] = (
        TARGET_HEADERS[0],
        ACTUAL_HEADERS[0],
        WEIGHT_HEADERS[0],
        SCORE_HEADERS[0],
        DEVIATION_HEADERS[0],
    )
    broken_labels: bool = False  # "年度\n指标值", "数量\n指标": labels broken by hand
    title_inside: bool = False
    signoff_row: bool = False
    year_cell: bool = False
    unit_suffix: bool = False  # weights printed "5分", the funds weight "10分"
    noise: bool = False  # stray ideographic spaces around cell text, as in the seed
    report: bool = True


FamilyMaker = Callable[[random.Random], Style]


def _synonyms(rng: random.Random, target: str = "") -> tuple[str, str, str, str, str]:
    return (
        target or rng.choice(TARGET_HEADERS),
        rng.choice(ACTUAL_HEADERS),
        rng.choice(WEIGHT_HEADERS),
        rng.choice(SCORE_HEADERS),
        rng.choice(DEVIATION_HEADERS),
    )


def _seed(rng: random.Random) -> Style:
    return Style(broken_labels=True, unit_suffix=True, noise=rng.random() < 0.5)


def _department_columns(rng: random.Random) -> Style:
    return Style(
        real_merges=False,
        block_labels=False,
        colon_pairs=False,
        requested=True,
        goals_first=True,
        headers=_synonyms(rng),
        title_inside=True,
        year_cell=rng.random() < 0.5,
        signoff_row=rng.random() < 0.5,
    )


def _project(rng: random.Random) -> Style:
    return Style(
        kind="project",
        headers=_synonyms(rng),
        broken_labels=rng.random() < 0.5,
        goals_first=rng.random() < 0.3,
        goal_header=rng.random() < 0.7,
    )


def _project_split_target(rng: random.Random) -> Style:
    return Style(
        kind="project",
        split_target=True,
        block_labels=rng.random() < 0.5,
        real_merges=rng.random() < 0.5,
        extras=("是否核心指标",) if rng.random() < 0.5 else (),
        headers=_synonyms(rng, target="指标值"),
    )


def _chongqing(rng: random.Random) -> Style:
    return Style(
        kind=rng.choice(["project", "department"]),
        extras=CHONGQING_COLUMNS,
        headers=_synonyms(rng),
        real_merges=rng.random() < 0.5,
    )


def _framework(framework: Framework) -> FamilyMaker:
    def make(rng: random.Random) -> Style:
        return Style(
            kind=rng.choice(["project", "department"]),
            framework=framework,
            headers=_synonyms(rng),
            real_merges=rng.random() < 0.7,
            block_labels=rng.random() < 0.7,
        )

    return make


def _split_table(rng: random.Random) -> Style:
    return Style(
        kind=rng.choice(["project", "department"]),
        split=rng.choice(["repeat-header", "no-header"]),
        real_merges=rng.random() < 0.5,
        headers=_synonyms(rng),
    )


def _multi_project(rng: random.Random) -> Style:
    return Style(
        kind="project",
        projects=rng.randint(2, 4),
        headers=_synonyms(rng),
        real_merges=rng.random() < 0.5,
        report=False,
    )


FAMILIES: dict[str, FamilyMaker] = {
    "department-seed": _seed,
    "department-columns": _department_columns,
    "project": _project,
    "project-split-target": _project_split_target,
    "chongqing": _chongqing,
    "exec10-free90": _framework("exec10-free90"),
    "exec20-goal80": _framework("exec20-goal80"),
    "decision-management": _framework("decision-management"),
    "split-table": _split_table,
    "multi-project": _multi_project,
}


def options_for(style: Style) -> TruthOptions:
    """The truth a style can print."""
    return TruthOptions(
        kind=style.kind,
        framework=style.framework,
        extra_columns=style.extras,
        requested=style.requested,
        report=style.report,
        # The split layout needs rows on both sides of the cut.
        min_indicators=8 if style.split != "no" else 6,
    )


# --- printing values ----------------------------------------------------------------------------


def amount(value: Decimal | None, blank: str = "") -> str:
    return blank if value is None else f"{value:f}"


# The units a 度量单位 column holds; anything else stays in the 指标值 cell with its number.
_UNITS = frozenset(
    [
        "万元",
        "元/户",
        "元",
        "%",
        "户",
        "名",
        "个",
        "公里",
        "人次",
        "盏",
        "亩",
        "次",
        "人",
        "万吨",
        "年",
        "小时",
        "天",
        "起",
    ]
)
_SPLITTABLE = re.compile(r"^(?P<sign>[≥≤＞＜><=﹦]?)(?P<number>\d+(?:\.\d+)?)(?P<unit>\D*)$")


def split_target(text: str) -> tuple[str, str, str]:
    """(指标性质, 指标值, 度量单位) that read back as ``text``; the whole text as the value
    when it is not a signed number with a known unit ("9月前", "明显改善", "95%以上")."""
    match = _SPLITTABLE.match(text)
    if match is None or (match["unit"] and match["unit"] not in _UNITS):
        return "", text, ""
    return match["sign"], match["number"], match["unit"]


def actual_under_unit(text: str | None, unit: str) -> str:
    """The actual as printed beside a 度量单位 column: without the unit the column says."""
    if text is None:
        return ""
    if unit and text.endswith(unit) and text[: -len(unit)][-1:].isdigit():
        return text[: -len(unit)]
    return text


def _broken(label: str, style: Style) -> str:
    """A short label broken in two lines, as typed into a narrow column."""
    if not style.broken_labels or len(label) < 4:
        return label
    return f"{label[:2]}\n{label[2:]}"


# --- the printer --------------------------------------------------------------------------------


@dataclass
class _Columns:
    """The indicator columns in order: (field, header) pairs."""

    fields: list[tuple[str, str]] = field(default_factory=list)

    def index(self, name: str) -> int:
        return next(i for i, (f, _) in enumerate(self.fields) if f == name)

    @property
    def width(self) -> int:
        return len(self.fields)


class _Printer:
    def __init__(self, evaluation: Evaluation, style: Style, rng: random.Random) -> None:
        self.ev = evaluation
        self.style = style
        self.rng = rng
        self.columns = self._indicator_columns()
        self.width = self.columns.width

    # what a cell holds

    def _text(self, text: str) -> str:
        if self.style.noise and text and self.rng.random() < 0.15:
            return self.rng.choice(["　", " "]) + text + "　"
        return text

    def _up(self) -> Spec:
        return UP if self.style.real_merges else ""

    def _side(self) -> list[Spec]:
        """The side-label column of a row under its block's label: the label runs down."""
        return [self._up()] if self.style.block_labels else []

    # columns

    def _indicator_columns(self) -> _Columns:
        style = self.style
        target, actual, weight, score, deviation = style.headers
        fields: list[tuple[str, str]] = []
        if style.block_labels:
            fields.append(("block", "绩效指标"))
        fields += [("level1", "一级指标"), ("level2", "二级指标"), ("name", "三级指标")]
        if style.split_target:
            fields += [("sign", "指标性质"), ("target", target), ("unit", "度量单位")]
        else:
            fields.append(("target", target))
        # Chongqing's template prints each extra column after the one named here.
        placed = {
            "调整指标值": "target",
            "得分系数": "weight",
            "是否核心指标": "score",
        }
        trailing = [column for column in style.extras if column not in placed]

        def extras_after(name: str) -> list[tuple[str, str]]:
            return [("extra", c) for c in style.extras if placed.get(c) == name]

        fields += extras_after("target")
        fields.append(("actual", actual))
        fields.append(("weight", weight))
        fields += extras_after("weight")
        fields.append(("score", score))
        fields += extras_after("score")
        fields += [("extra", column) for column in trailing]
        fields.append(("deviation", deviation))
        return _Columns(fields)

    # the table

    def table(self) -> list[PrintedTable]:
        grid = Grid(self.width)
        if self.style.title_inside:
            self._title_rows(grid)
        self._identity(grid)
        if self.style.goals_first:
            self._goals(grid)
            self._funds(grid)
        else:
            self._funds(grid)
            self._goals(grid)
        return self._indicators(grid)

    def _title_rows(self, grid: Grid) -> None:
        grid.row(Span(self.title(), self.width))
        if not self.style.year_cell:
            grid.row(Span(f"（{self.ev.year}年度）", self.width))

    def title(self) -> str:
        return "部门整体支出绩效自评表" if self.ev.kind == "department" else "项目支出绩效自评表"

    def _identity(self, grid: Grid) -> None:
        ev, w = self.ev, self.width
        if ev.kind == "department":
            if self.style.year_cell:
                grid.row(
                    "预算部门名称", Span(self._text(ev.unit or ""), w - 3), "年度", str(ev.year)
                )
            else:
                grid.row("预算部门名称", Span(self._text(ev.unit or ""), w - 1))
            return
        grid.row("项目名称", Span(self._text(ev.project or ""), w - 1))
        left = (w - 2) // 2
        grid.row(
            "主管部门",
            Span(ev.department or "", left),
            "实施单位",
            Span(ev.implementing_unit or "", w - 2 - left),
        )
        if self.style.year_cell:
            grid.row("年度", Span(str(ev.year), w - 1))

    # funds

    def _funds_headers(self) -> list[str]:
        broken = self.style.broken_labels
        headers = ["年度预算申请"] if self.style.requested else []
        headers += (
            ["年初\n预算数", "全年\n预算数", "全年\n执行数"]
            if broken
            else [
                "年初预算数",
                "全年预算数",
                "全年执行数",
            ]
        )
        return [*headers, "分值", "执行率", "得分"]

    def _funds_block_label(self) -> str:
        if self.ev.kind == "project":
            return "项目资金\n（万元）" if self.style.broken_labels else "项目资金（万元）"
        if self.style.requested:
            return "预算资金（万元）"
        # The seed's layout: the header of the label column names 年度预算申请, and no amount
        # is ever printed under it.
        return "年度预\n算申请\n（万元）" if self.style.broken_labels else "年度预算申请（万元）"

    def _funds_width(self) -> tuple[int, int]:
        """(columns before the amounts, width of the row-label cell)."""
        block = 1 if self.style.block_labels else 0
        label = self.width - block - len(self._funds_headers())
        return block, label

    def _funds(self, grid: Grid) -> None:
        block, label_width = self._funds_width()
        side = [Span(self._funds_block_label(), 1)] if block else []
        corner = "" if block else "项目"
        grid.row(*side, Span(corner, label_width), *self._funds_headers())
        for line in self.ev.funds.lines:
            grid.row(*self._side(), Span(line.label, label_width), *self._line(line))
        if self.ev.kind == "department":
            self._sources(grid)

    def _line(self, line: FundLine) -> list[str]:
        total = line.label == "年度资金总额"
        blank = "" if total else self.rng.choice(["", "—", "—"])
        weight = amount(line.weight, blank)
        if weight and self.style.unit_suffix:
            weight += "分"
        rate = f"{line.execution_rate:f}%" if line.execution_rate is not None else blank
        cells = [self.ev.funds.requested] if self.style.requested else []
        amounts = [amount(value, "") for value in (*cells, line.initial_budget)]
        amounts += [amount(line.full_year_budget), amount(line.executed)]
        return [*amounts, weight, rate, amount(line.score, blank)]

    def _sources(self, grid: Grid) -> None:
        source, nature = self.ev.funds.by_source, self.ev.funds.by_nature
        pairs = [
            (("按收入性质分", source.total), ("按支出性质分", nature.total)),
            (
                ("其中：一般公共预算", source.general_public_budget),
                ("其中：基本支出", nature.basic),
            ),
            (("政府性基金拨款", source.government_fund), ("项目支出", nature.project)),
            (("纳入专户管理的非税收入拨款", source.special_account_non_tax), None),
            (("其他资金", source.other), None),
        ]
        block = 1 if self.style.block_labels else 0
        inner = self.width - block
        left = inner // 2
        for pair_left, pair_right in pairs:
            cells = [*self._pair(pair_left, left), *self._pair(pair_right, inner - left)]
            grid.row(*self._side(), *cells)

    def _pair(self, pair: tuple[str, Decimal | None] | None, width: int) -> list[Spec]:
        if pair is None:
            return [Span("", width)]
        label, value = pair
        if self.style.colon_pairs:
            return [Span(f"{label}：{amount(value)}", width)]
        # Label and amount apart: the label one column wide, so the amount is its neighbour.
        return [label, Span(amount(value), width - 1)]

    # goals

    def _goals(self, grid: Grid) -> None:
        block = 1 if self.style.block_labels else 0
        inner = self.width - block
        left = inner // 2
        title = "年度总体目标"
        if not self.style.goal_header:
            # "年度总体目标 | expected | actual", no 预期目标 / 实际完成情况 header.
            for i, goal in enumerate(self.ev.goals):
                label: Spec = title if i == 0 else self._up()
                first = Span(goal.expected or "", left - 1 + block)
                grid.row(label, first, Span(goal.actual or "", inner - left))
            return
        side: list[Spec] = (
            ["年度\n总体\n目标" if self.style.broken_labels else title] if block else []
        )
        grid.row(*side, Span("预期目标", left), Span("实际完成情况", inner - left))
        for goal in self.ev.goals:
            grid.row(
                *self._side(),
                Span(self._text(goal.expected or ""), left),
                Span(goal.actual or "", inner - left),
            )

    # indicators

    def _header(self) -> list[Spec]:
        cells: list[Spec] = []
        for name, header in self.columns.fields:
            if name == "block":
                cells.append("绩效\n指标" if self.style.broken_labels else header)
            elif self.style.broken_labels and name in ("target", "actual") and len(header) > 3:
                cells.append(f"{header[:2]}\n{header[2:]}")
            else:
                cells.append(header)
        return cells

    def _indicators(self, grid: Grid) -> list[PrintedTable]:
        lines = self.ev.indicators
        cut = len(lines)
        if self.style.split != "no":
            cut = self.rng.randint(2, len(lines) - 2)
        grid.row(*self._header())
        self._indicator_rows(grid, lines[:cut], after_header=True)
        if cut == len(lines):
            self._total(grid)
            return [grid.done()]
        first = grid.done()
        rest = Grid(self.width)
        repeat = self.style.split == "repeat-header"
        if repeat:
            rest.row(*self._header())
        self._indicator_rows(rest, lines[cut:], after_header=repeat, before=lines[:cut])
        self._total(rest)
        return [first, rest.done()]

    def _level1_label(self, level1: str) -> str:
        weight = self.ev.declared_level1_weights.get(level1)
        label = _broken(level1, self.style)
        if weight is None:
            return label
        return self.rng.choice([f"{label}\n({weight:f}分)", f"{label}（{weight:f}分）"])

    def _indicator_rows(
        self,
        grid: Grid,
        lines: Sequence[Indicator],
        *,
        after_header: bool,
        before: Sequence[Indicator] = (),
    ) -> None:
        previous = before[-1] if before else None
        for i, line in enumerate(lines):
            last = previous if i == 0 else lines[i - 1]
            same1 = last is not None and last.level1 == line.level1
            same2 = same1 and last is not None and last.level2 == line.level2
            first_row = i == 0
            cells: list[Spec] = []
            for name, header in self.columns.fields:
                if name == "block":
                    # The side label 绩效指标 runs down from the header row.
                    cells.append("" if first_row and not after_header else self._up())
                    continue
                cells.append(self._indicator_cell(name, header, line, first_row, same1, same2))
            grid.row(*cells)

    def _indicator_cell(
        self, name: str, header: str, line: Indicator, first_row: bool, same1: bool, same2: bool
    ) -> Spec:
        """One cell; a level continued from the row above merges with it, except in the first
        row of a table, where a continued level prints as an empty cell (Word's split)."""
        if name == "level1":
            if same1:
                return "" if first_row else self._up()
            return self._level1_label(line.level1 or "")
        if name == "level2":
            if same2:
                return "" if first_row else self._up()
            return _broken(line.level2 or "", self.style)
        if name == "name":
            return self._text(line.name)
        target = line.target.text if line.target else ""
        sign, value, unit = split_target(target) if self.style.split_target else ("", target, "")
        if name == "sign":
            return sign
        if name == "target":
            return self._text(value)
        if name == "unit":
            return unit
        if name == "actual":
            return self._text(actual_under_unit(line.actual.text if line.actual else None, unit))
        if name in ("weight", "score"):
            value_ = line.weight if name == "weight" else line.score
            text = amount(value_)
            return f"{text}分" if text and self.style.unit_suffix and name == "weight" else text
        if name == "extra":
            return line.extra.get(header, "")
        return line.deviation_reason or ""  # deviation

    def _total(self, grid: Grid) -> None:
        weight_at, score_at = self.columns.index("weight"), self.columns.index("score")
        total = self.ev.total
        cells: list[Spec] = [Span("总分", weight_at), amount(total.weight)]
        cells += [""] * (score_at - weight_at - 1)
        cells.append(amount(total.score))
        trailing = [""] * (self.width - score_at - 1)
        if self.ev.grade is not None and not _report_states_grade(self.ev):
            trailing[-1] = f"自评等级：{self.ev.grade}"
        grid.row(*cells, *trailing)
        if self.style.signoff_row:
            grid.row(Span(self.signoff(), self.width))

    # prose around

    def signoff(self) -> str:
        s = self.ev.signoff
        return (
            f"填报人：{s.filler or ''}    联系电话：{s.phone or ''}   "
            f"填报日期：{s.date or ''}  单位负责人签字：{s.head or ''}"
        )

    def before(self) -> list[str]:
        if self.style.title_inside:
            return []
        paragraphs = ["附件1" if self.ev.kind == "department" else "附件3"]
        paragraphs.append(self.title())
        paragraphs.append(
            self.rng.choice(
                [
                    f"填报单位：（盖章）                 （{self.ev.year}年度）",
                    f"（{self.ev.year}年度）",
                ]
            )
        )
        return paragraphs

    def after(self) -> list[str]:
        paragraphs = [] if self.style.signoff_row else [self.signoff()]
        report = self.ev.report
        if report is None:
            return paragraphs
        paragraphs += ["附件2", report.title or ""]
        if report.preamble:
            paragraphs.append(report.preamble)
        for section in report.sections:
            paragraphs.append(section.heading or f"{section.number}、{section.title}")
            paragraphs += section.text.split("\n") if section.text else []
        return [p for p in paragraphs if p]


_GRADE_SENTENCE = re.compile(r"(?:等级|级别|等次)\s*(?:为|是)")


def _report_states_grade(evaluation: Evaluation) -> bool:
    report = evaluation.report
    return report is not None and any(_GRADE_SENTENCE.search(s.text) for s in report.sections)


# --- the public entry points --------------------------------------------------------------------


def style_of(family: str, rng: random.Random) -> Style:
    return FAMILIES[family](rng)


def print_styled(
    evaluations: Sequence[Evaluation], style: Style, rng: random.Random
) -> PrintedDocument:
    """Several evaluations (project tables) one after another in one document."""
    document = PrintedDocument()
    for evaluation in evaluations:
        printer = _Printer(evaluation, style, rng)
        for paragraph in printer.before():
            document.paragraph(paragraph)
        for number, table in enumerate(printer.table()):
            if number:
                document.paragraph(rng.choice(["", "续表"]))
            document.blocks.append(table)
        for paragraph in printer.after():
            document.paragraph(paragraph)
    return document


def printed(evaluation: Evaluation, family: str, rng: random.Random) -> PrintedDocument:
    """``evaluation`` printed in ``family`` (a key of :data:`FAMILIES`)."""
    return print_styled([evaluation], style_of(family, rng), rng)


@dataclass(frozen=True)
class Sample:
    """One generated document: its family, the truths it prints (in order) and the printing."""

    name: str
    family: str
    truths: list[Evaluation]
    document: PrintedDocument


def sample(seed: int, family: str) -> Sample:
    """The document ``seed`` of ``family``: the same arguments always give the same document."""
    rng = random.Random(f"{family}:{seed}")
    style = style_of(family, rng)
    options: TruthOptions = options_for(style)
    truths = [make_truth(rng, options) for _ in range(style.projects)]
    document = print_styled(truths, style, rng)
    return Sample(f"{family}-{seed:05d}", family, truths, document)


def samples(n: int, seed: int = 0, families: Sequence[str] | None = None) -> list[Sample]:
    """``n`` documents, going round the families so that every one is represented."""
    names = list(families or FAMILIES)
    return [sample(seed + i, names[i % len(names)]) for i in range(n)]

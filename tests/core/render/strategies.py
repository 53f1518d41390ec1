"""Hypothesis strategies for evaluations a rendered 自评表 must carry back through an importer.

Evaluations are built the way ``tests.factories`` builds them (``Measured(text=...)``, so the
parsed values are what an import recomputes). What they hold is what a printed form can say:

- texts are printed text: no line starts or ends with a space and no line is blank (a cell's
  lines are stripped on reading); names, levels and header values are one line;
- words come from a pool of characters that cannot spell a label of the form by chance
  (no 年/度, 分/值, 总, 其/他, 填, 项 …), so a random indicator name is never read as "总分",
  "年度" or "项目支出：…";
- a 一级 / 二级 label is never empty under a filled one (a merged cell is carried down), and a
  goal has at least one side filled (an empty pair is no goal);
- a project's unit is its implementing unit or printed apart (the importer's rule);
- an ``extra`` header field has a short label and a value (a label alone on its row is no
  field).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from jixiao.model import (
    ByNature,
    BySource,
    Evaluation,
    Funds,
    Goal,
    Indicator,
    Measured,
    Signoff,
    Total,
)
from jixiao.render.table_layout import printed_fund_lines
from tests.factories import CLEAN_INDICATORS, indicator

WORD_CHARS = (
    "城乡建设住房保障供水污水处理危改造培训工匠人质量时效成本经济社会生态可持续影响服务对象满意"
    "覆盖率达到以上出标准排放施扬尘监管验收合格及全支付使用降增收取费居民活集中黑臭消除比例管网"
    "漏损群众道路桥梁绿化亮灯工程ABCxyz"
)
TEXT_CHARS = WORD_CHARS + "0123456789，。、；“”《》（）%≥≤—-.=+@"
LEVEL1 = ("产出指标", "效益指标", "满意度指标")
LEVEL2 = ("数量指标", "质量指标", "时效指标", "成本指标", "社会效益指标", "服务对象满意度指标")
EXTRA_COLUMNS = ("是否核心指标", "调整指标值", "得分系数", "备注")
GRADES = ("优", "良", "中", "差")

words = st.text(alphabet=WORD_CHARS, min_size=1, max_size=30)
field_label = st.text(alphabet=WORD_CHARS, min_size=1, max_size=12)  # a label, not a sentence
line = st.text(alphabet=TEXT_CHARS, min_size=1, max_size=120)
free_text = st.lists(line, min_size=1, max_size=3).map("\n".join)
measured_text = st.one_of(
    free_text,
    st.builds(
        lambda sign, n, unit: f"{sign}{n}{unit}",
        st.sampled_from(["", "≥", "≤", "＞"]),
        st.integers(0, 10**6),
        st.sampled_from(["", "%", "户", "万元", "天"]),
    ),
)


def decimals(places: int | None = None, high: int = 10**6) -> st.SearchStrategy[Decimal]:
    """Non-negative amounts with 0–2 decimals, exactly as a form prints them."""
    chosen = st.just(places) if places is not None else st.integers(0, 2)
    return chosen.flatmap(
        lambda p: st.integers(0, high * 10**p).map(lambda n: Decimal(n).scaleb(-p))
    )


def maybe(strategy: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return st.one_of(st.none(), strategy)


money = maybe(st.one_of(decimals(), st.just(Decimal("1234567890123.456"))))
points = maybe(decimals(high=100))


@st.composite
def indicators(draw: st.DrawFn, max_size: int) -> list[Indicator]:
    count = draw(st.integers(1, max_size))
    extras = draw(st.lists(st.sampled_from(EXTRA_COLUMNS), unique=True, max_size=2))
    level1 = st.one_of(st.sampled_from(LEVEL1), words)
    level2 = st.one_of(st.sampled_from(LEVEL2), words)
    lines = []
    for _ in range(count):
        lines.append(
            Indicator(
                level1=draw(level1),
                level2=draw(level2),
                name=draw(words),
                target=draw(maybe(measured_text.map(lambda t: Measured(text=t)))),
                actual=draw(maybe(measured_text.map(lambda t: Measured(text=t)))),
                weight=draw(points),
                score=draw(points),
                deviation_reason=draw(maybe(free_text)),
                extra={column: draw(st.one_of(st.just(""), free_text)) for column in extras},
            )
        )
    return lines


@st.composite
def funds(draw: st.DrawFn) -> Funds:
    return Funds(
        requested=draw(maybe(decimals())),
        initial_budget=draw(money),
        full_year_budget=draw(money),
        executed=draw(money),
        execution_rate=draw(maybe(decimals(high=200))),
        weight=draw(points),
        score=draw(points),
        deviation_reason=draw(maybe(free_text)),
        by_source=BySource(
            total=draw(money),
            general_public_budget=draw(money),
            government_fund=draw(money),
            special_account_non_tax=draw(money),
            other=draw(money),
            current_year_appropriation=draw(money),
            carried_over=draw(money),
        ),
        by_nature=ByNature(total=draw(money), basic=draw(money), project=draw(money)),
    )


@st.composite
def goals(draw: st.DrawFn) -> list[Goal]:
    pairs = draw(st.lists(st.tuples(maybe(free_text), maybe(free_text)), max_size=3))
    return [Goal(expected=e, actual=a) for e, a in pairs if e is not None or a is not None]


@st.composite
def evaluations(draw: st.DrawFn, max_indicators: int = 20) -> Evaluation:
    kind = draw(st.sampled_from(["department", "project"]))
    lines = draw(indicators(max_indicators))
    level1s = sorted({line.level1 for line in lines if line.level1})
    declared = draw(st.dictionaries(st.sampled_from(level1s), decimals(high=100), max_size=3))
    implementing = draw(maybe(words)) if kind == "project" else None
    unit = draw(maybe(words))
    if kind == "project" and unit is None:
        unit = implementing
    return Evaluation(
        kind=kind,
        unit=unit,
        department=draw(maybe(words)),
        project=draw(maybe(words)) if kind == "project" else None,
        implementing_unit=implementing,
        year=draw(maybe(st.integers(2000, 2039))),
        funds=draw(funds()),
        goals=draw(goals()),
        indicators=lines,
        declared_level1_weights=declared,
        total=Total(weight=draw(points), score=draw(points)),
        grade=draw(maybe(st.sampled_from(GRADES))),
        extra=draw(st.dictionaries(field_label, free_text, max_size=2)),
        signoff=Signoff(
            filler=draw(maybe(words)),
            phone=draw(maybe(st.from_regex(r"0[0-9]{3}-[0-9]{8}|1[3-9][0-9]{9}", fullmatch=True))),
            date=draw(maybe(st.sampled_from(["2024.04.12", "2024年4月12日", "2024-04-12"]))),
            head=draw(maybe(words)),
        ),
    )


def comparable(evaluation: Evaluation) -> dict[str, Any]:
    """The model's JSON as a table file carries it: no provenance (the importer adds where each
    value was read), no report (another document), and the funds rows the table prints
    (a model without ``funds.lines`` gets back the 年度资金总额 row, and a project's 其中 rows,
    printed from its totals)."""
    printed = evaluation.model_copy(deep=True)
    printed.funds.lines = printed_fund_lines(evaluation)
    return printed.model_dump(mode="json", exclude={"provenance", "report"})


def read_back(evaluation: Evaluation) -> dict[str, Any]:
    return evaluation.model_dump(mode="json", exclude={"provenance", "report"})


def sample_project() -> Evaluation:
    """A 项目支出绩效自评表 with its 其中 rows, a live-computable rate and indicator extras."""
    lines = [indicator(*row) for row in CLEAN_INDICATORS[:6]]
    for line in lines:
        line.extra = {"是否核心指标": "是" if line.weight == Decimal(5) else "否"}
    return Evaluation(
        kind="project",
        unit="株洲市渌口区住房和城乡建设局",
        department="株洲市渌口区人民政府",
        project="2023年农村危房改造项目",
        implementing_unit="株洲市渌口区住房和城乡建设局",
        year=2023,
        funds=Funds(
            initial_budget=Decimal("120.00"),
            full_year_budget=Decimal("150.50"),
            executed=Decimal("148.20"),
            execution_rate=Decimal("98.47"),
            weight=Decimal("10"),
            score=Decimal("9.85"),
            by_source=BySource(
                current_year_appropriation=Decimal("130.50"), carried_over=Decimal("20.00")
            ),
        ),
        goals=[
            Goal(expected="完成19户农村危房改造", actual="完成22户改造，全部验收合格"),
            Goal(expected="培训农村建筑工匠225名", actual=None),
        ],
        indicators=lines,
        declared_level1_weights={"产出指标": Decimal(30)},
        total=Total(weight=Decimal("40"), score=Decimal("39.85")),
        grade="优",
        signoff=Signoff(filler="罗海霞", phone="0731-23123456", date="2024.04.12", head="李明"),
    )

"""Generated self-evaluations: the truth a correct importer must recover from a printed file.

:func:`make_truth` builds one valid :class:`~jixiao.model.Evaluation` from a seeded
``random.Random``: a department (部门整体) or project (项目支出) table, 6–25 indicator lines
across the first levels of a scoring framework, targets and actuals in the forms people print
(``≥90%``, ``19户``, ``5025.23万元``, ``9月前``, plain words), weights and scores that may be
halves or quarters, deviation reasons (some of several paragraphs), empty cells, a funds block,
goals, a sign-off and an optional report. Every value is already in its printed form: money is
``Decimal("5025.23")`` because a person prints "5025.23", text carries no surrounding spaces, and
a cell left empty is ``None``.

What the truth holds is decided here; how it is printed (which layout family) is decided in
:mod:`tests.corpus.layouts`, which asks for the options its family needs (:class:`TruthOptions`).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from jixiao.model import (
    ByNature,
    BySource,
    Evaluation,
    FundLine,
    Funds,
    Goal,
    Indicator,
    Kind,
    Measured,
    Report,
    ReportSection,
    Signoff,
    Total,
)

Framework = Literal["national", "exec10-free90", "exec20-goal80", "decision-management"]
FRAMEWORKS: tuple[Framework, ...] = (
    "national",
    "exec10-free90",
    "exec20-goal80",
    "decision-management",
)
# Chongqing's extra indicator columns, in the order its template prints them.
CHONGQING_COLUMNS = ("调整指标值", "得分系数", "是否核心指标")

CENT = Decimal("0.01")


@dataclass(frozen=True)
class TruthOptions:
    """What the printed layout will be able to show, so the truth holds nothing unprintable."""

    kind: Kind = "department"
    framework: Framework = "national"
    extra_columns: tuple[str, ...] = ()
    # A 年度预算申请 column of its own (else the seed's layout, where that header is only the
    # label of the funds block and no amount is printed under it).
    requested: bool = False
    report: bool = True
    # Weights printed in the first-level labels ("产出指标（50分）").
    declared_weights: bool = True
    # Every line has a target and an actual (layouts that join a unit column need them).
    min_indicators: int = 6
    max_indicators: int = 25


# --- printed numbers ----------------------------------------------------------------------------


def printed(value: Decimal) -> Decimal:
    """A number as a person prints it: no trailing zeros after the point ("320.50" → 320.5)."""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return Decimal(text)


def money(rng: random.Random, low: float, high: float) -> Decimal:
    """An amount of 万元 with at most two decimals, as printed."""
    return printed(Decimal(str(rng.uniform(low, high))).quantize(CENT, rounding=ROUND_HALF_UP))


def rate(executed: Decimal, budget: Decimal) -> Decimal:
    """The printed execution rate in percent ("96.79" for 96.79%)."""
    return printed((executed / budget * 100).quantize(CENT, rounding=ROUND_HALF_UP))


def _fmt(number: Decimal | int) -> str:
    return f"{number:f}" if isinstance(number, Decimal) else str(number)


# --- the indicator catalogue --------------------------------------------------------------------

# A line maker gets the rng and returns (name, target, actual, share of the weight earned).
Line = tuple[str, str | None, str | None, Decimal]
LineMaker = Callable[[random.Random], Line]


def _count(name: str, unit: str, low: int, high: int) -> LineMaker:
    def make(rng: random.Random) -> Line:
        target = rng.randint(low, high)
        form = rng.choice(["{a}{u}", "≥{a}{u}", "{a}{u}以上", "不少于{a}{u}", "≥{a}{u}"])
        factor = rng.choice([1, 1, 1, 1.05, 1.2, 0.9, 0.8])
        actual = max(1, round(target * factor))
        share = min(Decimal(1), Decimal(actual) / Decimal(target))
        return name, form.format(a=target, u=unit), f"{actual}{unit}", share

    return make


def _percent(name: str, low: int, high: int) -> LineMaker:
    def make(rng: random.Random) -> Line:
        target = rng.randint(low, high)
        form = rng.choice(["≥{a}%", "{a}%以上", "{a}%", "不低于{a}%", "≥{a}%"])
        actual = min(
            Decimal(100), Decimal(target) + Decimal(rng.choice(["0", "1", "2", "2.5", "-3"]))
        )
        share = min(Decimal(1), actual / Decimal(target))
        return name, form.format(a=target), f"{_fmt(printed(actual))}%", share

    return make


def _cap(name: str, unit: str, low: float, high: float) -> LineMaker:
    """A reverse (cost) line: "≤250元" or the seed's bare "5025.23万元"."""

    def make(rng: random.Random) -> Line:
        target = money(rng, low, high)
        form = rng.choice(["≤{a}{u}", "{a}{u}以内", "不超过{a}{u}", "{a}{u}"])
        actual = printed(
            (target * Decimal(str(rng.choice([1, 0.96, 0.9, 1.08, 3.5])))).quantize(CENT)
        )
        share = min(Decimal(1), target / actual)
        return name, form.format(a=_fmt(target), u=unit), f"{_fmt(actual)}{unit}", share

    return make


def _deadline(name: str) -> LineMaker:
    def make(rng: random.Random) -> Line:
        month = rng.randint(6, 12)
        done = min(12, month + rng.choice([0, 0, -1, -2, 1]))
        target, actual = rng.choice(
            [
                (f"{month}月前", f"{done}月"),
                (f"{month}月底前", f"{done}月底完成"),
                (f"2023年{month}月底前", f"2023年{done}月{rng.randint(1, 28)}日"),
            ]
        )
        share = Decimal(1) if done <= month else Decimal(month) / Decimal(done)
        return name, target, actual, share

    return make


def _duration(name: str, unit: str, low: int, high: int) -> LineMaker:
    def make(rng: random.Random) -> Line:
        limit = rng.randint(low, high)
        took = max(1, limit + rng.choice([0, -1, -3, 2]))
        form = rng.choice(["≤{a}{u}", "{a}{u}以内"])
        share = min(Decimal(1), Decimal(limit) / Decimal(took))
        return name, form.format(a=limit, u=unit), f"{took}{unit}", share

    return make


def _zero(name: str, unit: str) -> LineMaker:
    def make(rng: random.Random) -> Line:
        happened = rng.choice([0, 0, 0, 1])
        target = rng.choice([f"=0{unit}", f"0{unit}", f"﹦0{unit}"])
        return name, target, f"{happened}{unit}", Decimal(1 - happened)

    return make


def _words(name: str, target: str, *actuals: str) -> LineMaker:
    """A qualitative line; the first actual is full marks, later ones partly met."""

    def make(rng: random.Random) -> Line:
        index = rng.choice([0, 0, 0, *range(len(actuals))])
        share = Decimal(1) if index == 0 else Decimal(rng.choice(["0.8", "0.9", "0.7"]))
        return name, target, actuals[index], share

    return make


def _sentence(name: str, template: str, low: int, high: int) -> LineMaker:
    """The seed's habit: the target is a sentence, and the actual repeats it."""

    def make(rng: random.Random) -> Line:
        text = template.format(a=rng.randint(low, high))
        return name, text, text, Decimal(1)

    return make


CATALOGUE: dict[str, list[LineMaker]] = {
    "数量指标": [
        _count("危房改造户数", "户", 10, 400),
        _count("培训工匠人数", "名", 50, 500),
        _count("改造老旧小区数量", "个", 3, 60),
        _count("新建污水管网长度", "公里", 2, 80),
        _count("发放补贴人次", "人次", 100, 9000),
        _count("维护路灯数量", "盏", 500, 5000),
        _count("高标准农田建设面积", "亩", 1000, 30000),
        _count("开展宣传活动次数", "次", 4, 40),
        _sentence("供水率", "实现县城公共供水普及率达到{a}%以上", 85, 98),
    ],
    "质量指标": [
        _percent("工程验收合格率", 90, 100),
        _percent("出水水质达标率", 90, 100),
        _percent("资金拨付准确率", 95, 100),
        _words("污水处理水质标准", "出水水质达到一级A标排放标准", "出水水质达到一级A标排放标准"),
        _words("施工扬尘监管", "确保“8个100%”治理措施到位", "治理措施全部到位", "基本到位"),
    ],
    "时效指标": [
        _deadline("项目完成时间"),
        _deadline("资金拨付时间"),
        _duration("故障修复时间", "小时", 12, 48),
        _duration("投诉办结时长", "天", 3, 30),
        _words("污水处理及时性", "及时", "及时", "基本及时"),
    ],
    "成本指标": [
        _cap("项目总成本", "万元", 100, 9000),
        _cap("全年预算数", "万元", 1000, 9000),
        _cap("单位改造成本", "元/户", 5000, 40000),
        _cap("单盏年维护成本", "元", 150, 400),
    ],
    "经济效益指标": [
        _cap("收取污水处理费", "万元", 100, 2000),
        _count("带动就业人数", "人", 20, 800),
        _words("带动相关产业发展", "有效带动", "有效带动", "带动作用初步显现"),
    ],
    "社会效益指标": [
        _count("受益群众人数", "人", 1000, 90000),
        _zero("安全生产事故", "起"),
        _zero("重大舆情事件", "起"),
        _words("群众居住条件", "明显改善", "明显改善", "有所改善"),
        _words("民生保障水平", "有效保障", "有效保障", "基本保障"),
    ],
    "生态效益指标": [
        _words("环境效益", "改善", "改善", "略有改善"),
        _count("年污水处理量", "万吨", 50, 900),
        _words("黑臭水体治理", "基本消除", "基本消除", "大部分消除"),
    ],
    "可持续影响指标": [
        _words("长效管护机制", "建立健全", "建立健全", "初步建立"),
        _count("工程设计使用年限", "年", 10, 30),
        _words("民生保障", "可持续", "可持续", "较可持续"),
    ],
    "服务对象满意度指标": [
        _percent("群众满意度", 85, 95),
        _percent("受益对象满意度", 85, 95),
        _percent("参训人员满意度", 80, 95),
    ],
    # The 决策 / 管理 framework (财预〔2020〕10号 common indicators).
    "项目立项": [
        _words("立项依据充分性", "依据充分", "依据充分", "依据较充分"),
        _words("立项程序规范性", "程序规范", "程序规范", "个别环节不规范"),
    ],
    "绩效目标": [
        _words("绩效目标合理性", "目标合理", "目标合理", "部分目标偏低"),
        _words("绩效指标明确性", "指标清晰可衡量", "指标清晰可衡量", "个别指标不够细化"),
    ],
    "资金投入": [
        _words("预算编制科学性", "编制科学", "编制科学", "测算依据不够充分"),
        _percent("资金到位率", 95, 100),
    ],
    "资金管理": [
        _percent("预算执行率", 90, 100),
        _words("资金使用合规性", "使用合规", "使用合规", "存在个别不合规支出"),
    ],
    "组织实施": [
        _words("管理制度健全性", "制度健全", "制度健全", "制度有待完善"),
        _words("制度执行有效性", "执行有效", "执行有效", "执行不够到位"),
    ],
    "产出数量": [_count("完成项目个数", "个", 2, 40), _count("受训人数", "人次", 50, 3000)],
    "产出质量": [_percent("项目验收合格率", 90, 100)],
    "产出时效": [_deadline("项目完工时间")],
    "产出成本": [_cap("项目成本控制", "万元", 100, 5000)],
    "项目效益": [
        _count("新增受益人口", "人", 500, 20000),
        _words("社会效益", "群众生产生活条件明显改善", "群众生产生活条件明显改善", "有所改善"),
    ],
    "满意度": [_percent("服务对象满意度", 85, 95)],
}

# (first level, its weight, the second levels it may hold) per framework.
Level1 = tuple[str, int, tuple[str, ...]]
_OUTPUT = ("数量指标", "质量指标", "时效指标", "成本指标")
_BENEFIT = ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标")
_SATISFACTION = ("服务对象满意度指标",)


def _levels(framework: Framework, rng: random.Random) -> tuple[int | None, list[Level1]]:
    """The funds line's weight and the first levels with theirs."""
    if framework == "national":
        return 10, [
            ("产出指标", 50, _OUTPUT),
            ("效益指标", 30, _BENEFIT),
            ("满意度指标", 10, _SATISFACTION),
        ]
    if framework == "exec10-free90":
        output = rng.choice([40, 50, 60, 70])
        satisfaction = rng.choice([5, 10, 10, 15])
        return 10, [
            ("产出指标", output, _OUTPUT),
            ("效益指标", 90 - output - satisfaction, _BENEFIT),
            ("满意度指标", satisfaction, _SATISFACTION),
        ]
    if framework == "exec20-goal80":
        output = rng.choice([40, 45, 50])
        return 20, [
            ("产出指标", output, _OUTPUT),
            ("效益指标", 70 - output, _BENEFIT),
            ("满意度指标", 10, _SATISFACTION),
        ]
    return None, [
        ("决策", 15, ("项目立项", "绩效目标", "资金投入")),
        ("管理", 15, ("资金管理", "组织实施")),
        ("产出", 40, ("产出数量", "产出质量", "产出时效", "产出成本")),
        ("效益", 30, ("项目效益", "满意度")),
    ]


def _split(rng: random.Random, total: int, parts: int) -> list[Decimal]:
    """``total`` points over ``parts`` lines in steps of 1, 0.5 or 0.25, each at least a step."""
    step = Decimal(rng.choice(["1", "1", "1", "0.5", "0.25"]))
    if total / step < parts * 2:
        step = Decimal(1)
    units = int(total / step)
    counts = [1] * parts
    for _ in range(units - parts):
        counts[rng.randrange(parts)] += 1
    return [printed(count * step) for count in counts]


def _score(rng: random.Random, weight: Decimal, share: Decimal) -> Decimal:
    if share >= 1:
        return weight
    if rng.random() < 0.5:
        # A person rounds to the half point more often than to the cent.
        return printed(max(Decimal(0), (weight * share * 2).quantize(Decimal(1)) / 2))
    return printed((weight * share).quantize(CENT, rounding=ROUND_HALF_UP))


REASONS = [
    "受建材价格上涨及施工季节影响，部分工程延期。",
    "部分资金到位较晚，项目推进滞后。",
    "个别片区群众意见不统一，改造进度受影响。",
    "汛期持续降雨，施工窗口期缩短。",
]
MEASURES = [
    "下一步将加强调度，确保按期完成。",
    "已建立月调度机制，明年一季度前全部完成。",
    "将加强宣传和协调，逐户做好解释工作。",
    "今后提前安排施工计划，避开汛期。",
]


def _reason(rng: random.Random) -> str:
    reason, measure = rng.choice(REASONS), rng.choice(MEASURES)
    # About a third print the improvement as a paragraph of its own.
    return f"{reason}\n{measure}" if rng.random() < 0.35 else reason + measure


def _extra(rng: random.Random, columns: tuple[str, ...], target: str | None) -> dict[str, str]:
    values = {
        "调整指标值": rng.choice(["", "", target or "", "调减10%"]),
        "得分系数": rng.choice(["1", "1", "0.9", "0.8", ""]),
        "是否核心指标": rng.choice(["是", "否", "否"]),
    }
    return {column: values.get(column, rng.choice(["", "备注"])) for column in columns}


def _indicators(rng: random.Random, levels: list[Level1], options: TruthOptions) -> list[Indicator]:
    count = rng.randint(max(options.min_indicators, len(levels)), options.max_indicators)
    per_level = [1] * len(levels)
    for _ in range(count - len(levels)):
        # Output lines are the most numerous, as on the real forms.
        per_level[rng.choices(range(len(levels)), weights=[5, 3, 1, 1][: len(levels)])[0]] += 1
    lines: list[Indicator] = []
    for (level1, weight, level2s), n in zip(levels, per_level, strict=True):
        makers = [(level2, maker) for level2 in level2s for maker in CATALOGUE[level2]]
        chosen = rng.sample(makers, n) if n <= len(makers) else rng.choices(makers, k=n)
        # Lines of one second level sit together, in the catalogue's order, so they can merge.
        chosen.sort(key=lambda pair: level2s.index(pair[0]))
        for (level2, maker), line_weight in zip(chosen, _split(rng, weight, n), strict=True):
            lines.append(_indicator(rng, level1, level2, maker, line_weight, options))
    return lines


def _indicator(
    rng: random.Random,
    level1: str,
    level2: str,
    maker: LineMaker,
    weight: Decimal,
    options: TruthOptions,
) -> Indicator:
    name, target, actual, share = maker(rng)
    score: Decimal | None = _score(rng, weight, share)
    reason = _reason(rng) if score is not None and score < weight else None
    if reason is None and rng.random() < 0.05:
        reason = "超额完成，主要是年中追加了任务。"
    # Empty cells: a line nobody scored, an actual left blank.
    blank = rng.random()
    if blank < 0.03:
        score = None
    elif blank < 0.05:
        actual = None
    return Indicator(
        level1=level1,
        level2=level2,
        name=name,
        target=Measured(text=target) if target else None,
        actual=Measured(text=actual) if actual else None,
        weight=weight,
        score=score,
        deviation_reason=reason,
        extra=_extra(rng, options.extra_columns, target),
    )


# --- funds --------------------------------------------------------------------------------------


def _funds(rng: random.Random, kind: Kind, weight: int | None, options: TruthOptions) -> Funds:
    initial = money(rng, 80, 20000)
    full_year = printed(
        (initial * Decimal(str(rng.choice([1, 1, 1.1, 1.3, 2, 3.5])))).quantize(CENT)
    )
    executed = printed(
        (full_year * Decimal(str(rng.choice([1, 1, 0.99, 0.97, 0.93, 0.88])))).quantize(CENT)
    )
    shown = rate(executed, full_year)
    score = (
        None
        if weight is None
        else printed(
            (weight * min(Decimal(1), executed / full_year)).quantize(CENT, rounding=ROUND_HALF_UP)
        )
    )
    weight_value = None if weight is None else Decimal(weight)
    total_line = FundLine(
        label="年度资金总额",
        initial_budget=initial,
        full_year_budget=full_year,
        executed=executed,
        execution_rate=shown,
        weight=weight_value,
        score=score,
    )
    requested = printed((initial * Decimal("1.05")).quantize(CENT)) if options.requested else None
    funds = Funds(
        requested=requested,
        initial_budget=initial,
        full_year_budget=full_year,
        executed=executed,
        execution_rate=shown,
        weight=weight_value,
        score=score,
        lines=[total_line],
    )
    if kind == "department":
        _department_sources(rng, funds)
    else:
        _project_rows(rng, funds)
    return funds


def _department_sources(rng: random.Random, funds: Funds) -> None:
    full = funds.full_year_budget
    assert full is not None
    general = printed((full * Decimal(str(rng.uniform(0.2, 0.8)))).quantize(CENT))
    fund = printed(((full - general) * Decimal(str(rng.uniform(0.4, 0.95)))).quantize(CENT))
    special = money(rng, 1, 50) if rng.random() < 0.25 else None
    other = printed(full - general - fund - (special or 0))
    basic = printed((full * Decimal(str(rng.uniform(0.05, 0.4)))).quantize(CENT))
    funds.by_source = BySource(
        total=full,
        general_public_budget=general,
        government_fund=fund,
        special_account_non_tax=special,
        other=other if other > 0 else None,
    )
    funds.by_nature = ByNature(total=full, basic=basic, project=printed(full - basic))


def _project_rows(rng: random.Random, funds: Funds) -> None:
    full, initial, executed = funds.full_year_budget, funds.initial_budget, funds.executed
    assert full is not None
    assert initial is not None
    assert executed is not None
    carried = money(rng, 1, float(full) * 0.3) if rng.random() < 0.6 else None
    other = money(rng, 1, float(full) * 0.1) if rng.random() < 0.3 else None
    current = printed(full - (carried or 0) - (other or 0))
    spent = printed((current * executed / full).quantize(CENT))
    funds.lines += [
        FundLine(
            label=rng.choice(["其中：当年财政拨款", "当年财政拨款"]),
            initial_budget=initial,
            full_year_budget=current,
            executed=spent,
        ),
        FundLine(
            label="上年结转资金",
            full_year_budget=carried,
            executed=None
            if carried is None
            else printed((carried * Decimal("0.9")).quantize(CENT)),
        ),
        FundLine(label="其他资金", full_year_budget=other, executed=other),
    ]
    funds.by_source = BySource(
        current_year_appropriation=current, carried_over=carried, other=other
    )


# --- words around the table ---------------------------------------------------------------------

COUNTIES = ["渌口区", "芦淞区", "石峰区", "天元区", "攸县", "茶陵县", "炎陵县", "醴陵市", "荷塘区"]
BUREAUS = [
    "住房和城乡建设局",
    "教育局",
    "卫生健康局",
    "农业农村局",
    "交通运输局",
    "水利局",
    "民政局",
    "城市管理局",
    "自然资源局",
]
CENTRES = [
    "农村供水服务中心",
    "路灯管理所",
    "城乡建设服务中心",
    "农业技术推广站",
    "项目建设事务中心",
]
PROJECTS = [
    "老旧小区改造",
    "农村危房改造",
    "城区供水管网改造",
    "乡村道路提质",
    "城区道路照明维护",
    "高标准农田建设",
    "农村建筑工匠培训",
    "河道综合治理",
]
PEOPLE = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄强", "周婷", "吴刚"]


def _goals(rng: random.Random) -> list[Goal]:
    goals = []
    for _ in range(rng.choice([1, 1, 2, 3])):
        expected = f"完成{rng.choice(PROJECTS)}任务{rng.randint(2, 40)}项，群众满意度达到90%以上。"
        actual: str | None = (
            f"已完成{rng.randint(2, 40)}项，经抽样调查群众满意度为{rng.randint(90, 99)}%。"
        )
        if rng.random() < 0.3:
            actual = f"{actual}\n资金全部按进度拨付，项目均通过验收。"
        elif rng.random() < 0.05:
            actual = None
        goals.append(Goal(expected=expected, actual=actual))
    return goals


def _signoff(rng: random.Random) -> Signoff:
    year, month, day = rng.choice([2023, 2024]), rng.randint(1, 12), rng.randint(1, 28)
    phone = rng.choice(
        [f"0731-{rng.randrange(10**7, 10**8)}", f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"]
    )
    return Signoff(
        filler=rng.choice(PEOPLE),
        phone=phone,
        date=rng.choice([f"{year}年{month}月{day}日", f"{year}.{month:02d}.{day:02d}"]),
        head=rng.choice([*PEOPLE, None]),
    )


def grade_of(total: Decimal) -> str:
    return "优" if total >= 90 else "良" if total >= 80 else "中" if total >= 60 else "差"


SECTIONS = [
    ("基本情况", "本单位内设机构{a}个，实有在职人员{b}人，主要承担辖区内相关行业管理工作。"),
    ("支出情况", "全年基本支出{m}万元，其中人员经费占{p}%；项目支出按规定专款专用。"),
    ("绩效情况", "全年完成重点任务{a}项，惠及群众{b}人，各项指标总体完成较好。"),
    ("存在的问题及原因分析", "部分项目前期工作不充分，{a}个项目推进滞后，资金执行进度偏慢。"),
    ("下一步改进措施", "加强项目前期论证，细化量化绩效指标，力争执行率达到{p}%以上。"),
    ("自评结果拟应用和公开情况", "自评结果将作为下一年度预算安排的重要依据，并按规定公开。"),
]
CHINESE_NUMBERS = "一二三四五六"


def _report(rng: random.Random, kind: Kind, total: Decimal | None) -> tuple[Report, str | None]:
    """The six-part report and the grade it states (None when it states none)."""
    grade = grade_of(total) if total is not None else None
    sections = []
    for number, (title, template) in enumerate(SECTIONS, start=1):
        paragraphs = [
            template.format(
                a=rng.randint(2, 40),
                b=rng.randint(20, 9000),
                m=_fmt(money(rng, 100, 3000)),
                p=rng.randint(60, 99),
            )
            for _ in range(rng.randint(1, 3))
        ]
        if number == 3 and rng.random() < 0.5:
            paragraphs.insert(0, "（一）主要成效。")
        if number == 6 and grade is not None:
            paragraphs.append(f"经自评，本年度绩效总分为{_fmt(total or 0)}分，自评等级为{grade}。")
        # Word's automatic numbering prints some headings with digits ("1、").
        digit = rng.random() < 0.2
        heading = f"{number}、{title}" if digit else f"{CHINESE_NUMBERS[number - 1]}、{title}"
        sections.append(
            ReportSection(number=number, title=title, text="\n".join(paragraphs), heading=heading)
        )
    title = "部门整体支出绩效自评报告" if kind == "department" else "项目支出绩效自评报告"
    preamble = ""
    if rng.random() < 0.3:
        preamble = "根据财政部门工作安排，现将本年度绩效自评情况报告如下："
    return Report(title=title, preamble=preamble, sections=sections), grade


# --- the whole evaluation -----------------------------------------------------------------------


def make_truth(rng: random.Random, options: TruthOptions | None = None) -> Evaluation:
    """One evaluation as a correct importer must read it back from any faithful printing."""
    options = options or TruthOptions()
    funds_weight, levels = _levels(options.framework, rng)
    county = rng.choice(COUNTIES)
    evaluation = Evaluation(
        kind=options.kind,
        year=rng.choice([2021, 2022, 2023, 2024]),
        funds=_funds(rng, options.kind, funds_weight, options),
        goals=_goals(rng),
        indicators=_indicators(rng, levels, options),
        signoff=_signoff(rng),
    )
    if options.kind == "department":
        evaluation.unit = f"株洲市{county}{rng.choice(BUREAUS)}"
    else:
        evaluation.project = f"{county}{rng.choice(PROJECTS)}项目"
        evaluation.department = f"株洲市{county}{rng.choice(BUREAUS)}"
        evaluation.implementing_unit = f"{county}{rng.choice(CENTRES)}"
        # A project table names no unit of its own: its implementing unit is the one evaluated.
        evaluation.unit = evaluation.implementing_unit
    if options.declared_weights:
        evaluation.declared_level1_weights = {name: Decimal(w) for name, w, _ in levels}
    evaluation.total = _total(rng, evaluation)
    if options.report:
        evaluation.report, evaluation.grade = _report(rng, options.kind, evaluation.total.score)
    return evaluation


def _total(rng: random.Random, evaluation: Evaluation) -> Total:
    weights = [line.weight for line in evaluation.indicators] + [evaluation.funds.weight]
    scores = [line.score for line in evaluation.indicators] + [evaluation.funds.score]
    weight = printed(sum((w for w in weights if w is not None), Decimal(0)))
    score = printed(sum((s for s in scores if s is not None), Decimal(0)))
    if rng.random() < 0.03:
        return Total(weight=weight)  # the score cell left for the reviewer
    return Total(weight=weight, score=score)

"""Evaluations built in code, for tests that should not depend on an importer.

``clean_department()`` is the seed's bureau with every defect a reviewer would raise corrected;
``seedlike_department()`` carries the seed's facts and figures (and so its defects). Tests
change one field of a clean document to make exactly one check fire.
"""

from __future__ import annotations

from decimal import Decimal as D

from jixiao.model import (
    ByNature,
    BySource,
    Evaluation,
    Funds,
    Goal,
    Indicator,
    Measured,
    Report,
    ReportSection,
    Signoff,
    Total,
)

UNIT = "株洲市渌口区住房和城乡建设局"


def indicator(
    level1: str,
    level2: str,
    name: str,
    target: str,
    actual: str,
    weight: str,
    score: str,
    reason: str | None = None,
) -> Indicator:
    return Indicator(
        level1=level1,
        level2=level2,
        name=name,
        target=Measured(text=target),
        actual=Measured(text=actual),
        weight=D(weight),
        score=D(score),
        deviation_reason=reason,
    )


OUT, BEN, SAT = "产出指标", "效益指标", "满意度指标"

CLEAN_INDICATORS = [
    (OUT, "数量指标", "供水率", "≥90%", "92.5%", "5", "5"),
    (OUT, "数量指标", "天然气覆盖率", "≥95%", "96%", "5", "5"),
    (OUT, "数量指标", "危房改造户数", "19户", "22户", "5", "5"),
    (OUT, "数量指标", "培训工匠人数", "225名", "229名", "5", "5"),
    (
        OUT,
        "质量指标",
        "污水处理水质标准",
        "出水水质达到一级A标排放标准",
        "全年抽检12次均达一级A标",
        "5",
        "5",
    ),
    (OUT, "质量指标", "扬尘治理措施落实率", "100%", "100%", "5", "5"),
    (OUT, "质量指标", "危房验收合格率", "100%", "100%", "5", "5"),
    (OUT, "时效指标", "污水处理设施运行天数", "≥360天", "365天", "5", "5"),
    (OUT, "成本指标", "全年支出控制数", "≤17511.79万元", "17511.79万元", "5", "5"),
    (OUT, "成本指标", "项目资金支付率", "≥95%", "100%", "5", "5"),
    (BEN, "经济效益指标", "收取污水处理费", "≥600万元", "720万元", "10", "10"),
    (BEN, "社会效益指标", "生活污水集中收集率", "≥70%", "72%", "10", "10"),
    (BEN, "生态效益指标", "黑臭水体消除比例", "≥90%", "85%", "5", "4.72"),
    (BEN, "可持续影响指标", "供水管网漏损率", "≤20%", "19%", "5", "5"),
    (SAT, "服务对象满意度指标", "群众满意度", "≥90%", "93%", "10", "10"),
]

CLEAN_REPORT = [
    (1, "预算单位基本情况", "本局年末实有人数52人，内设股室8个。"),
    (
        2,
        "一般公共预算支出情况",
        "2023年度财政拨款基本支出1007.91万元，其中人员经费817.05万元，占基本支出的81.06%；"
        "公用经费138.86万元，占基本支出的13.78%；其他支出52万元，占基本支出的5.16%。\n"
        "2023年度项目支出16503.88万元，其中一般公共预算财政拨款支出4132.46万元，"
        "政府性基金财政拨款支出12055.36万元，其他支出316.06万元。",
    ),
    (
        3,
        "部门整体支出绩效情况",
        "全年培训合格工匠229名，完成农村危房改造22户，收取污水处理费720万元。",
    ),
    (4, "存在的问题及原因分析", "部分黑臭水体治理工程跨年度实施，当年消除比例未达目标。"),
    (5, "下一步改进措施", "一、细化预算编制。\n二、按月跟踪治理工程进度。"),
    (
        6,
        "绩效自评结果拟应用和公开情况",
        "自评结果将在政府网站公开。部门整体支出自评得分为99.72分，自评等级为优。",
    ),
]


def clean_department() -> Evaluation:
    """The seed's bureau with every defect corrected: no warning, no error."""
    indicators = [indicator(*row) for row in CLEAN_INDICATORS]
    indicators[12].deviation_reason = "两处水体治理工程跨年度实施，次年汛期前完工。"
    return Evaluation(
        kind="department",
        unit=UNIT,
        year=2023,
        funds=Funds(
            initial_budget=D("16800.00"),
            full_year_budget=D("17511.79"),
            executed=D("17511.79"),
            execution_rate=D("100"),
            weight=D("10"),
            score=D("10"),
            by_source=BySource(
                total=D("17511.79"),
                general_public_budget=D("5140.37"),
                government_fund=D("12055.36"),
                other=D("316.06"),
            ),
            by_nature=ByNature(total=D("17511.79"), basic=D("1007.91"), project=D("16503.88")),
        ),
        goals=[Goal(expected="推进城乡建设与住房保障", actual="完成供水、污水、危房改造等任务")],
        indicators=indicators,
        declared_level1_weights={OUT: D(50), BEN: D(30), SAT: D(10)},
        total=Total(weight=D("100"), score=D("99.72")),
        grade="优",
        signoff=Signoff(filler="罗海霞", phone="0731-23123456", date="2024.04.12", head="李明"),
        report=Report(
            title="部门整体支出绩效自评报告",
            sections=[
                ReportSection(number=n, title=t, text=x, heading=f"{n}、{t}")
                for n, t, x in CLEAN_REPORT
            ],
        ),
    )


SEED_INDICATORS = [
    (
        OUT,
        "数量指标",
        "供水率",
        "实现县城公共供水普及率达到90%以上",
        "实现县城公共供水普及率达到90%以上",
        "5",
        "5",
    ),
    (
        OUT,
        "数量指标",
        "天然气覆盖率",
        "天然气覆盖率达到95%以上",
        "天然气覆盖率达到95%以上",
        "5",
        "5",
    ),
    (OUT, "数量指标", "危房改造户数", "19户", "22户", "5", "5"),
    (OUT, "数量指标", "培训工匠人数", "225名", "225名", "5", "5"),
    (
        OUT,
        "质量指标",
        "污水处理水质标准",
        "出水水质达到一级A标排放标准",
        "出水水质达到一级A标排放标准",
        "5",
        "5",
    ),
    (
        OUT,
        "质量指标",
        "施工扬尘监管",
        "确保“8个100%”治理措施到位",
        "确保“8个100%”治理措施到位",
        "5",
        "5",
    ),
    (OUT, "质量指标", "危房验收合格率", "100%", "100%", "5", "5"),
    (OUT, "时效指标", "污水处理及时性", "及时", "及时", "5", "5"),
    (OUT, "成本指标", "全年预算数", "5025.23万元", "17511.79万元", "5", "5"),
    (OUT, "成本指标", "项目资金支付使用管理", "降本增效", "降本增效", "5", "5"),
    (BEN, "经济效益指标", "收取污水处理费", "600万元", "792.63万元", "10", "10"),
    (
        BEN,
        "社会效益指标",
        "居民生活污水及时处理，生活用水质量得到保障",
        "居民生活污水及时处理，生活用水质量得到保障",
        "居民生活污水及时处理，生活用水质量得到保障",
        "10",
        "10",
    ),
    (BEN, "生态效益指标", "环境效益", "改善", "改善", "5", "4"),
    (BEN, "可持续影响指标", "民生保障", "可持续", "可持续", "5", "4"),
    (SAT, "服务对象满意度指标", "群众满意度", "≥90%", "≥90%", "10", "10"),
]


def seedlike_department() -> Evaluation:
    """The seed's facts and figures, with their defects."""
    evaluation = clean_department()
    evaluation.funds.initial_budget = D("5025.23")
    evaluation.funds.by_source.general_public_budget = D("5140.38")
    evaluation.indicators = [indicator(*row) for row in SEED_INDICATORS]
    evaluation.total = Total(weight=D("100"), score=D("98"))
    evaluation.signoff = Signoff(filler="罗海霞", phone="13607420851", date="2024.04.12")
    assert evaluation.report is not None
    sections = evaluation.report.sections
    sections[1].text = (
        sections[1].text.replace("4132.46", "4217.84").replace("其他支出316.06", "其他支出230.68")
    )
    sections[2].text = "上半年共培训合格工匠229名，22户农村危房改造任务全面完成。"
    sections[5].text = "综上所述，项目总体自评分为“98分”，自评级别为优。"
    return evaluation

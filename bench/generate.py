"""Generate many varied, realistic self-evaluations for the benchmark, deterministically.

Each evaluation is a department (部门整体) or project (项目支出) table with 8–25 indicator lines
(quantitative positive, reverse and equal lines, dates, qualitative lines), a funds block, and a
six-part report of 4–8 KB with numbers in it. The report reads like a real one: it states the
table's own figures (spending by nature and by source, the indicators' actual values, the total
score and grade) and agrees with them, around prose that varies from report to report.

About a third of the documents carry 1–3 defects a reviewer would flag, planted deliberately
(a score above its weight, a deduction with no deviation analysis, a vague target, an actual
that repeats the target, a personal mobile number, sources that do not add up, wrong totals,
a report figure, share, fund amount or score that differs from the table, ...); the others are
clean, as most published tables are.

    python bench/generate.py --n 100 --out /tmp/evaluations.jsonl
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from jixiao.model import Evaluation

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
DEFECTIVE_SHARE = 0.34
DEFECTS = (
    "score-above-weight",
    "missing-deviation",
    "vague-target",
    "actual-repeats-target",
    "mobile-number",
    "sources-mismatch",
    "execution-over-100",
    "weights-not-100",
    "total-mismatch",
    "budget-adjusted",
    "far-exceeded",
    "report-number-differs",
    "report-score-differs",
    "report-share-wrong",
    "report-funds-differ",
)
COUNTIES = ["渌口区", "芦淞区", "石峰区", "天元区", "攸县", "茶陵县", "炎陵县", "醴陵市", "荷塘区"]
# (bureau, the field of work its report talks about)
BUREAUS = [
    ("住房和城乡建设局", "城乡建设和住房保障"),
    ("教育局", "教育事业发展"),
    ("卫生健康局", "卫生健康事业"),
    ("农业农村局", "农业农村发展"),
    ("交通运输局", "交通运输"),
    ("水利局", "水利建设和水资源管理"),
    ("民政局", "民政服务和社会救助"),
    ("人力资源和社会保障局", "就业创业和社会保障"),
    ("自然资源局", "自然资源管理"),
    ("文化旅游广电体育局", "文化旅游和体育事业"),
]
PROJECTS = [
    "老旧小区改造",
    "农村危房改造",
    "城区供水管网改造",
    "乡村道路提质",
    "义务教育薄弱环节改善",
    "基层医疗设备购置",
    "高标准农田建设",
    "困难群众临时救助",
    "职业技能培训补贴",
    "河道综合治理",
]
PEOPLE = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄强", "周婷", "吴刚"]

# (level2, name, unit, low, high): positive counts and amounts, target "≥A".
POSITIVE = [
    ("数量指标", "危房改造户数", "户", 10, 400),
    ("数量指标", "培训人数", "人次", 50, 3000),
    ("数量指标", "改造小区数量", "个", 3, 60),
    ("数量指标", "新建管网长度", "公里", 2, 80),
    ("数量指标", "完成项目数", "个", 2, 40),
    ("质量指标", "验收合格率", "%", 90, 100),
    ("质量指标", "公共供水普及率", "%", 85, 99),
    ("经济效益指标", "收取污水处理费", "万元", 100, 2000),
    ("社会效益指标", "受益群众人数", "人", 1000, 90000),
]
# Reverse: costs and limits, target "≤A" (or "A以内", "不超过A").
REVERSE = [
    ("成本指标", "项目总成本", "万元", 100, 9000),
    ("成本指标", "单位改造成本", "元/户", 5000, 40000),
    ("质量指标", "管网漏损率", "%", 8, 15),
    ("时效指标", "群众投诉办结时长", "天", 3, 30),
]
EQUAL = [
    ("社会效益指标", "安全生产事故", "起"),
    ("社会效益指标", "重大舆情事件", "起"),
]
# Qualitative lines whose target names a standard a reviewer can check.
QUALITATIVE = [
    ("社会效益指标", "改造后房屋安全", "全部达到安全使用标准", "经验收全部达到安全使用标准"),
    ("生态效益指标", "污水处理水质", "出水水质达到一级A标排放标准", "出水水质稳定达标"),
    ("可持续影响指标", "长效管护制度", "建立管护制度并按规程运行", "已出台管护办法，按规程运行"),
    ("社会效益指标", "救助政策落实", "符合条件的对象应救尽救、按标准发放", "按标准发放到位"),
    ("经济效益指标", "工程质量验收", "一次性验收达标", "一次性通过竣工验收，全部达标"),
]
PARTLY = "基本完成，部分片区仍在推进"
FAILED = "未完成，效果较差"
SATISFACTION = [
    ("服务对象满意度指标", "群众满意度"),
    ("服务对象满意度指标", "受益对象满意度"),
]
VAGUE_TARGETS = ["及时", "降本增效", "可持续", "明显改善", "持续提升"]
REASONS = [
    "受建材价格上涨及施工季节影响，部分工程延期，下一步将加强调度。",
    "部分资金到位较晚，项目推进滞后；已建立月调度机制，确保明年按期完成。",
    "个别片区群众意见不统一，改造进度受影响，将加强宣传和协调。",
]
OVER_REASON = "上级年中追加任务，实际完成数超出年初目标；下一年度将据实设定目标值。"
SECTIONS = (
    ("基本情况", ("基本情况", "部门基本情况", "单位概况")),
    ("支出情况", ("支出情况", "一般公共预算支出情况", "预算执行情况")),
    ("绩效情况", ("绩效情况", "部门整体支出绩效情况", "绩效目标完成情况")),
    ("存在的问题及原因分析", ("存在的问题及原因分析", "存在的主要问题及原因")),
    ("下一步改进措施", ("下一步改进措施", "改进措施和建议")),
    ("自评结果拟应用和公开情况", ("自评结果拟应用和公开情况", "绩效自评结果应用和公开情况")),
)
PROJECT_SECTIONS = (
    ("项目基本情况", ("项目基本情况", "项目概况")),
    ("项目资金使用情况", ("项目资金使用及管理情况", "项目资金使用情况")),
    ("项目绩效情况", ("项目绩效目标完成情况", "项目绩效情况")),
    ("存在的问题及原因分析", ("存在的问题及原因分析", "存在的主要问题")),
    ("下一步改进措施", ("下一步改进措施", "改进措施和建议")),
    ("自评结果拟应用和公开情况", ("自评结果拟应用和公开情况", "绩效自评结果应用和公开情况")),
)
CHINESE_NUMBERS = "一二三四五六七八九十"
# Share of the report's bytes per part; the rest of a part's budget is filled with prose.
SHARES = (0.12, 0.2, 0.3, 0.13, 0.13, 0.12)

# Prose, per part, that a real report carries beside its figures. The figures in it are about
# things no indicator measures, so a clean report never contradicts its table. ``{n}`` fields
# are drawn at random; ``{unit}``, ``{county}``, ``{field}``, ``{year}`` come from the table.
PROSE: tuple[tuple[str, ...], ...] = (
    (
        "{unit}是{county}人民政府工作部门，负责贯彻落实党中央、国务院和省、市关于{field}工作的"
        "方针政策和决策部署。",
        "本单位内设机构{n4_15}个，下属事业单位{n0_6}个，均为财政全额拨款单位。",
        "{year}年末编制人数{n20_120}人，实有在职人员{n20_120}人，离退休人员{n5_90}人，"
        "编外聘用人员{n0_20}人。",
        "主要职责包括拟订并组织实施全{county}{field}发展规划，承担行业监督管理和公共服务工作，"
        "指导乡镇（街道）开展相关业务。",
        "单位实行党组领导下的局长负责制，设办公室、财务股、规划股、政策法规股等{n4_12}个股室。",
        "{year}年，本单位紧紧围绕年度重点工作任务，强化预算约束，推进各项工作有序开展。",
        "单位固定资产原值{m50_900}万元，公务用车{n1_6}台，办公用房面积{n800_5000}平方米。",
        "单位预算由本级预算组成，纳入{year}年度部门决算编制范围的单位共{n1_5}个。",
    ),
    (
        "本单位严格执行预算管理制度，坚持厉行节约，从严控制一般性支出。",
        "“三公”经费支出{m3_40}万元，较上年下降{p1_20}%，公务接待严格执行标准。",
        "资金支付严格按照国库集中支付制度执行，未发现挤占、挪用、截留资金的情况。",
        "政府采购预算{m20_800}万元，实际采购{m20_800}万元，均按规定程序组织实施。",
        "会议费、培训费均控制在年初预算以内，差旅费按标准据实报销。",
        "年末结转资金主要为跨年度实施的工程项目尾款，已按规定办理结转手续。",
        "预算执行中严格履行审批程序，预算调整事项均报财政部门审核同意。",
        "严格执行部门预算批复，无预算、超预算的支出一律不予安排。",
        "按照“过紧日子”的要求，压减非急需、非刚性支出{m5_60}万元。",
        "资产配置严格执行标准，新增资产均按规定登记入账，年末资产账实相符。",
        "专项资金实行专账核算，按照项目进度和合同约定拨付，支付凭证齐全。",
        "往来款项及时清理，年末无长期挂账的暂付款。",
    ),
    (
        "开展安全生产大检查{n3_30}次，排查整治隐患{n10_200}处，整改到位率100%。",
        "召开专题调度会{n4_24}次，印发工作方案{n2_12}份，形成了上下联动的工作格局。",
        "争取上级补助资金{m100_5000}万元，较上年增长{p1_30}%。",
        "办理人大代表建议和政协委员提案{n5_40}件，按期办结率100%，代表委员满意。",
        "推行“一网通办”，{n20_160}项政务服务事项实现网上办理，办事时限平均压缩{p10_60}%。",
        "深入开展作风建设年活动，查摆问题{n5_30}个，均已整改销号。",
        "获评省级示范单位{n1_4}个，相关经验做法被市级简报刊发{n1_6}期。",
        "全年发布政策解读{n5_40}篇，及时回应社会关切，营造了良好的舆论氛围。",
        "开展执法检查{n10_90}次，立案查处违法违规行为{n1_20}起，罚没款{m1_90}万元。",
        "建立健全内部控制制度，修订财务、资产、合同管理制度{n3_12}项，堵塞管理漏洞。",
        "项目建设严格执行招投标、合同管理和工程监理制度，资金拨付与工程进度挂钩。",
        "坚持把绩效理念融入预算编制、执行和监督全过程，做到花钱必问效、无效必问责。",
        "开展业务培训{n2_12}期，覆盖基层业务骨干和乡镇工作人员。",
        "组织专项督查{n2_10}轮，督促整改问题{n10_80}个，整改情况定期通报。",
        "处理12345热线工单{n50_600}件，按时办结率{p90_100}%。",
        "完成年度重点民生实事{n3_10}件，群众获得感进一步增强。",
        "推动数字化转型，建成业务管理信息平台{n1_3}个，实现数据互联共享。",
        "落实意识形态工作责任制，开展廉政警示教育{n2_8}次，干部队伍作风持续向好。",
    ),
    (
        "预算编制不够精准。年初预算与实际需求存在偏差，年中追加调整较多，影响预算的严肃性和"
        "执行进度。",
        "项目推进不够均衡。{n1_9}个项目受征地拆迁、资金到位等因素影响，进度滞后于计划，"
        "上半年支出进度偏慢。",
        "绩效目标设置不够科学。部分指标偏重产出数量，对效益的量化不足，{n1_6}项指标缺少可衡量的"
        "标准，难以客观评价。",
        "绩效管理基础薄弱。财务人员力量不足，身兼数职，绩效管理专业知识有待提高，自评工作主要"
        "依靠业务股室完成。",
        "资金支付进度不均衡。个别项目资金支付偏慢，年底集中支出的情况仍然存在，影响资金使用效益。",
        "后续管护机制不健全。部分设施建成后管护责任不明确，管护经费没有稳定来源，重建设、"
        "轻管理的问题依然存在。",
        "绩效运行监控不够到位。对项目实施过程的跟踪监控以资金支付进度为主，对产出和效益的"
        "监控较少，发现问题不够及时。",
        "部门协同有待加强。部分项目涉及多个部门和乡镇，职责交叉，协调推进的合力还没有完全形成。",
    ),
    (
        "科学编制部门预算。结合本部门事业发展计划和职责任务，充分论证项目的必要性和可行性，"
        "提高预算编制的准确性和完整性。",
        "加强项目调度。建立项目月调度、季通报机制，对进度滞后的项目挂牌督办，力争预算执行率"
        "达到{n90_100}%以上。",
        "细化绩效目标。对照财政部门指标库，{n3_11}月底前完成全部指标的修订完善，做到目标明确、"
        "指标量化、标准清晰。",
        "强化结果运用。将自评结果与下年度预算安排挂钩，对执行偏慢、效益不高的项目相应调减预算。",
        "加强业务学习。每年组织绩效管理专题学习不少于{n2_6}次，邀请财政部门业务骨干授课，提升"
        "财务人员业务能力。",
        "完善管护机制。明确建成设施的管护主体和经费来源，建立巡查养护制度，确保长期发挥效益。",
        "加强运行监控。按季度开展绩效运行监控，对偏离目标的项目及时分析原因、采取措施纠偏。",
        "压实主体责任。按照“谁花钱、谁负责”的原则，将绩效管理责任落实到股室和具体责任人。",
    ),
    (
        "自评结果将作为{next_year}年预算安排和政策调整的重要依据，对绩效较好的项目优先保障。",
        "本单位将按规定在政府门户网站公开绩效自评表和自评报告，主动接受人大、审计和社会监督。",
        "对自评发现的问题建立整改台账，逐项明确责任人和完成时限，整改情况报财政部门备案。",
        "绩效自评结果已报送{county}财政局，并将在部门决算公开时一并公开。",
        "自评工作由单位主要负责人牵头，财务股会同各业务股室逐项核实指标完成情况，确保自评结果"
        "真实、准确。",
        "对自评中发现的共性问题，将在下年度预算编制和项目管理中统筹研究解决。",
        "自评结论已在单位内部通报，督促各业务股室对照问题抓好整改落实。",
    ),
)


def money(value: float | Decimal) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def percent(part: Decimal, whole: Decimal) -> Decimal:
    return (part / whole * HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)


def split_weight(rng: random.Random, total: int, parts: int) -> list[int]:
    """``total`` points over ``parts`` lines, each at least 1, varied."""
    weights = [1] * parts
    for _ in range(total - parts):
        weights[rng.randrange(parts)] += 1
    return weights


@dataclass
class Line:
    """One indicator line as built, and how the report may speak of it."""

    row: dict[str, Any]
    kind: str  # positive, reverse, deadline, equal, qualitative, satisfaction
    unit: str = ""
    actual: int = 0
    target: int = 0


@dataclass
class Spending:
    """The fund figures of a table that its report states."""

    full_year: Decimal
    executed: Decimal
    rate: Decimal
    basic: Decimal = Decimal(0)
    project: Decimal = Decimal(0)
    general: Decimal = Decimal(0)
    fund: Decimal = Decimal(0)
    other: Decimal = Decimal(0)
    current_year: Decimal = Decimal(0)
    carried: Decimal = Decimal(0)


class Builder:
    """Builds one evaluation as plain data; ``rng`` decides everything."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.defects: set[str] = set()
        if rng.random() < DEFECTIVE_SHARE:
            self.defects = set(rng.sample(DEFECTS, rng.randint(1, 3)))
        self.lines: list[Line] = []
        self.pools: dict[int, list[str]] = {}

    # -- funds ----------------------------------------------------------------------------
    def funds(self, kind: str) -> tuple[dict[str, Any], Spending]:
        rng = self.rng
        initial = money(rng.uniform(200, 20000))
        factor = rng.choice([1, 1, 1, 1, 1, 1.05, 1.1, 1.2, 0.9])
        if "budget-adjusted" in self.defects:
            factor = rng.choice([1.6, 2.0, 3.5])
        full_year = money(initial * Decimal(str(factor)))
        rate = Decimal(str(rng.choice([1, 1, 1, 0.99, 0.97, 0.93, 0.88, 0.76])))
        if "execution-over-100" in self.defects:
            rate = Decimal("1.04")
        executed = money(full_year * rate)
        shown_rate = percent(executed, full_year)
        score = money(10 * min(rate, Decimal(1)))
        spending = Spending(full_year, executed, shown_rate)
        funds: dict[str, Any] = {
            "initial_budget": str(initial),
            "full_year_budget": str(full_year),
            "executed": str(executed),
            "execution_rate": str(shown_rate),
            "weight": "10",
            "score": str(score),
        }
        mismatch = Decimal("12.5") if "sources-mismatch" in self.defects else Decimal(0)
        if kind == "department":
            basic = money(full_year * Decimal(str(rng.uniform(0.05, 0.4))))
            general = basic + money((full_year - basic) * Decimal(str(rng.uniform(0.1, 0.6))))
            fund = money((full_year - general) * Decimal(str(rng.uniform(0.5, 0.95))))
            other = full_year - general - fund
            spending.basic, spending.project = basic, full_year - basic
            spending.general, spending.fund, spending.other = general, fund, other
            funds["requested"] = str(money(initial * Decimal("1.05")))
            funds["by_source"] = {
                "total": str(full_year),
                "general_public_budget": str(general),
                "government_fund": str(fund),
                "special_account_non_tax": None,
                "other": str(other + mismatch),
            }
            funds["by_nature"] = {
                "total": str(full_year),
                "basic": str(basic),
                "project": str(full_year - basic),
            }
        else:
            other = money(full_year * Decimal(str(rng.uniform(0, 0.1))))
            carried = money(full_year * Decimal(str(rng.uniform(0, 0.3))))
            current = full_year - carried - other
            spending.current_year, spending.carried, spending.other = current, carried, other
            funds["by_source"] = {
                "total": str(full_year),
                "current_year_appropriation": str(current),
                "carried_over": str(carried),
                "other": str(other + mismatch),
            }
            funds["lines"] = [
                {
                    "label": "年度资金总额",
                    "initial_budget": str(initial),
                    "full_year_budget": str(full_year),
                    "executed": str(executed),
                    "execution_rate": str(shown_rate),
                    "weight": "10",
                    "score": str(score),
                },
                {"label": "其中：当年财政拨款", "full_year_budget": str(current)},
                {"label": "上年结转资金", "full_year_budget": str(carried)},
                {"label": "其他资金", "full_year_budget": str(other)},
            ]
        return funds, spending

    # -- indicators -----------------------------------------------------------------------
    def positive(self, weight: int) -> Line:
        rng = self.rng
        level2, name, unit, low, high = rng.choice(POSITIVE)
        target = rng.randint(low, high)
        form = rng.choice(["≥{a}{u}", "{a}{u}以上", "不低于{a}{u}", "≥{a}{u}"])
        if unit == "%":
            actual = min(100, target + rng.choice([0, 1, 2, 3, -2, -5]))
        else:
            actual = max(0, round(target * rng.choice([1, 1, 1, 1.02, 1.1, 0.9, 0.75, 1.5])))
        score = Decimal(weight) * min(Decimal(1), Decimal(actual) / Decimal(target))
        row = self.row(
            "产出指标",
            level2,
            name,
            form.format(a=target, u=unit),
            f"{actual}{unit}",
            weight,
            score,
        )
        if actual >= Decimal("1.3") * target:
            row["deviation_reason"] = OVER_REASON
        return Line(row, "positive", unit, actual, target)

    def reverse(self, weight: int) -> Line:
        rng = self.rng
        level2, name, unit, low, high = rng.choice(REVERSE)
        target = rng.randint(low, high)
        form = rng.choice(["≤{a}{u}", "{a}{u}以内", "不超过{a}{u}"])
        actual = max(1, round(target * rng.choice([1, 0.95, 0.8, 1.1, 1.25])))
        score = Decimal(weight) * min(Decimal(1), Decimal(target) / Decimal(actual))
        text = form.format(a=target, u=unit)
        row = self.row("产出指标", level2, name, text, f"{actual}{unit}", weight, score)
        return Line(row, "reverse", unit, actual)

    def deadline(self, weight: int) -> Line:
        rng = self.rng
        month = rng.randint(6, 12)
        done = min(12, month + rng.choice([0, 0, -1, -2, 1]))
        score = Decimal(weight) if done <= month else Decimal(weight) * month / done
        row = self.row(
            "产出指标", "时效指标", "项目完成时间", f"{month}月底前", f"{done}月底", weight, score
        )
        return Line(row, "deadline", "月", done)

    def equal(self, weight: int) -> Line:
        level2, name, unit = self.rng.choice(EQUAL)
        happened = self.rng.choice([0, 0, 0, 0, 0, 0, 1])
        score = Decimal(weight) if happened == 0 else Decimal(0)
        row = self.row("效益指标", level2, name, f"=0{unit}", f"{happened}{unit}", weight, score)
        return Line(row, "equal", unit, happened)

    def qualitative(self, weight: int) -> Line:
        rng = self.rng
        level2, name, target, done = rng.choice(QUALITATIVE)
        actual, share = rng.choice(
            [
                (done, Decimal(1)),
                (done, Decimal(1)),
                ("达成年度指标", Decimal(1)),
                (PARTLY, Decimal("0.7")),
                (FAILED, Decimal("0.4")),
            ]
        )
        row = self.row("效益指标", level2, name, target, actual, weight, Decimal(weight) * share)
        return Line(row, "qualitative")

    def satisfaction(self, weight: int) -> Line:
        level2, name = self.rng.choice(SATISFACTION)
        target = self.rng.choice([85, 90, 95])
        actual = min(100, target + self.rng.choice([-3, 0, 2, 5, 8]))
        score = Decimal(weight) * min(Decimal(1), Decimal(actual) / Decimal(target))
        row = self.row("满意度指标", level2, name, f"≥{target}%", f"{actual}%", weight, score)
        return Line(row, "satisfaction", "%", actual)

    def row(
        self,
        level1: str,
        level2: str,
        name: str,
        target: str,
        actual: str,
        weight: int,
        score: Decimal,
    ) -> dict[str, Any]:
        score = money(score)
        reason = self.rng.choice(REASONS) if score < weight else None
        return {
            "level1": level1,
            "level2": level2,
            "name": name,
            "target": {"text": target},
            "actual": {"text": actual},
            "weight": str(weight),
            "score": str(score),
            "deviation_reason": reason,
        }

    def indicators(self) -> list[dict[str, Any]]:
        rng = self.rng
        count = rng.randint(8, 25)
        n_satisfaction = rng.randint(1, 2)
        n_benefit = rng.randint(2, max(2, min(6, count - n_satisfaction - 4)))
        n_output = count - n_satisfaction - n_benefit
        makers: list[Callable[[int], Line]] = [self.positive, self.reverse, self.deadline]
        for weight in split_weight(rng, 50, n_output):
            self.lines.append(rng.choices(makers, weights=[6, 3, 1], k=1)[0](weight))
        for weight in split_weight(rng, 30, n_benefit):
            make = self.equal if rng.random() < 0.25 else self.qualitative
            self.lines.append(make(weight))
        self.lines += [
            self.satisfaction(weight) for weight in split_weight(rng, 10, n_satisfaction)
        ]
        self.add_defects()
        return [line.row for line in self.lines]

    def add_defects(self) -> None:
        rng = self.rng
        rows = [line.row for line in self.lines]
        if "score-above-weight" in self.defects:
            row = rng.choice(rows)
            row["score"] = str(Decimal(row["weight"]) + 1)
        if "missing-deviation" in self.defects:
            row = rng.choice(rows)
            row["score"] = str(max(Decimal(0), Decimal(row["weight"]) - 1))
            row["deviation_reason"] = None
        if "vague-target" in self.defects:
            rng.choice(rows)["target"] = {"text": rng.choice(VAGUE_TARGETS)}
        if "actual-repeats-target" in self.defects:
            # An equal line's "=0起" copied is still a figure; the others read as a copy.
            row = rng.choice([line.row for line in self.lines if line.kind != "equal"])
            row["actual"] = dict(row["target"])
        if "weights-not-100" in self.defects:
            row = rng.choice(rows)
            row["weight"] = str(Decimal(row["weight"]) + 2)
        counted = [line for line in self.lines if line.kind == "positive" and line.unit != "%"]
        if "far-exceeded" in self.defects and counted:
            line = rng.choice(counted)
            line.actual = line.target * 2
            line.row["actual"] = {"text": f"{line.actual}{line.unit}"}
            line.row["score"], line.row["deviation_reason"] = line.row["weight"], None

    # -- report ---------------------------------------------------------------------------
    def prose(self, part: int, facts: dict[str, str], count: int) -> list[str]:
        """``count`` sentences of a part's prose, drawn without repeating while they last."""
        rng = self.rng
        pool = self.pools.setdefault(part, [])
        sentences: list[str] = []
        for _ in range(count):
            if not pool:
                pool += PROSE[part]
                rng.shuffle(pool)
            sentences.append(pool.pop().format_map(_Fields(rng, facts)))
        return sentences

    def fill(self, part: int, facts: dict[str, str], paragraphs: list[str], size: int) -> None:
        """Prose paragraphs until the part holds ``size`` bytes: numbered items ("一是…") in the
        parts on problems and measures, 1–3 sentences each elsewhere."""
        items = 0
        while sum(len(p.encode("utf-8")) for p in paragraphs) < size:
            if part in (3, 4):
                prefix = f"{CHINESE_NUMBERS[items % len(CHINESE_NUMBERS)]}是"
                paragraphs.append(prefix + self.prose(part, facts, 1)[0])
                items += 1
            else:
                paragraphs.append("".join(self.prose(part, facts, self.rng.randint(1, 3))))

    def spending_paragraphs(self, kind: str, spending: Spending, year: int) -> list[str]:
        rng = self.rng
        s = spending
        if kind == "project":
            share = percent(s.current_year, s.full_year)
            if "report-share-wrong" in self.defects:
                share += Decimal(rng.choice([3, 5, -4])) + Decimal("0.17")
            return [
                f"{year}年度项目全年预算数{s.full_year}万元，其中当年财政拨款{s.current_year}万元，"
                f"占全年预算数的{share}%，上年结转资金{s.carried}万元，其他资金{s.other}万元。",
                f"截至{year}年12月31日，项目实际支出{s.executed}万元，预算执行率{s.rate}%。",
            ]
        staff = money(s.basic * Decimal(str(rng.uniform(0.6, 0.9))))
        office = s.basic - staff
        staff_share, office_share = percent(staff, s.basic), percent(office, s.basic)
        if "report-share-wrong" in self.defects:
            staff_share += Decimal(rng.choice([3, 5, -4])) + Decimal("0.17")
        basic = (
            f"{year}年度财政拨款基本支出{s.basic}万元，其中人员经费{staff}万元，占基本支出的"
            f"{staff_share}%，主要包括基本工资、津贴补贴、奖金、社会保障缴费、住房公积金等；"
            f"公用经费{office}万元，占基本支出的{office_share}%，主要包括办公费、印刷费、水电费、"
            "差旅费、公务接待费等日常公用经费。"
        )
        general_project = s.general - s.basic
        if "report-funds-differ" in self.defects:
            stated = s.project + money(rng.uniform(50, 900))
            project = f"{year}年度本部门项目支出{stated}万元，项目资金做到专款专用。"
        else:
            project = (
                f"{year}年度本部门项目支出{s.project}万元，项目资金做到专款专用。"
                f"其中一般公共预算财政拨款支出{general_project}万元，主要用于"
                f"{rng.choice(PROJECTS)}、{rng.choice(PROJECTS)}等项目；政府性基金财政拨款支出"
                f"{s.fund}万元，主要用于{rng.choice(PROJECTS)}等项目；其他资金支出{s.other}万元，"
                "主要用于项目前期费用。"
            )
        return ["（一）基本支出情况", basic, "（二）项目支出情况", project]

    def indicator_sentence(self, line: Line, differs: bool) -> str:
        rng = self.rng
        row = line.row
        name, actual = row["name"], row["actual"]["text"]
        if line.kind == "qualitative":
            return f"{name}方面，{actual}。"
        if line.kind == "deadline":
            return f"项目于{actual}全部完工。"
        if line.kind == "equal":
            return f"全年未发生{name}。" if line.actual == 0 else f"全年发生{name}{actual}。"
        if differs:
            # A figure no line of the same name has: the report then contradicts the table.
            same = {other.actual for other in self.lines if other.row["name"] == name}
            stated = next(
                line.actual + step for step in (3, 7, 12, 25) if line.actual + step not in same
            )
            actual = f"{stated}{line.unit}"
        form = rng.choice(
            ["{name}{actual}", "{name}为{actual}", "全年{name}达到{actual}", "{name}实际{actual}"]
        )
        return form.format(name=name, actual=actual) + "。"

    def report(self, data: dict[str, Any], spending: Spending, field: str) -> dict[str, Any]:
        rng = self.rng
        kind, year = data["kind"], data["year"]
        facts = {
            "unit": data["unit"],
            "county": data["county"],
            "field": field,
            "year": str(year),
            "next_year": str(year + 1),
        }
        budget = rng.randint(4000, 7200)  # UTF-8 bytes of report text aimed at; 4–8 KB printed
        parts: list[list[str]] = [[] for _ in SECTIONS]
        parts[1] = self.spending_paragraphs(kind, spending, year)
        parts[2] = self.performance_paragraphs(data)
        total, grade = Decimal(data["total"]["score"]), data["grade"]
        if "report-score-differs" in self.defects:
            total += Decimal(rng.choice([-6, -3, 2, 4])) + Decimal("0.35")
        subject = "部门整体支出" if kind == "department" else "项目支出"
        parts[5] = [
            f"经自评，{year}年度{subject}绩效自评得分{total}分，自评等级为“{grade}”。",
        ]
        for number, size in enumerate(_sizes(budget, parts)):
            self.fill(number, facts, parts[number], size)
        contact = data["signoff"]
        if rng.random() < 0.5:
            parts[5].append(f"联系人：{contact['filler']}，联系电话：{contact['phone']}。")
        outline = SECTIONS if kind == "department" else PROJECT_SECTIONS
        sections = []
        for number, ((title, headings), paragraphs) in enumerate(zip(outline, parts, strict=True)):
            heading = rng.choice(headings)
            sections.append(
                {
                    "number": number + 1,
                    "title": title,
                    "heading": f"{CHINESE_NUMBERS[number]}、{heading}",
                    "text": "\n".join(paragraphs),
                }
            )
        title = "部门整体支出绩效自评报告" if kind == "department" else "项目支出绩效自评报告"
        return {"title": f"{data['unit']}{year}年度{title}", "sections": sections}

    def performance_paragraphs(self, data: dict[str, Any]) -> list[str]:
        rng = self.rng
        paragraphs = ["（一）年度总体目标完成情况"]
        paragraphs += [f"{goal['expected']}，{goal['actual']}。" for goal in data["goals"]]
        paragraphs.append("（二）绩效指标完成情况")
        measured = [
            line
            for line in self.lines
            if line.kind in ("positive", "reverse", "satisfaction")
            and line.row["actual"]["text"] == f"{line.actual}{line.unit}"
        ]
        differing = None
        if "report-number-differs" in self.defects or (
            "report-funds-differ" in self.defects and data["kind"] == "project"
        ):
            differing = rng.choice(measured) if measured else None
        for number, level1 in enumerate(("产出指标", "效益指标", "满意度指标"), start=1):
            lines = [line for line in self.lines if line.row["level1"] == level1]
            sentences = [self.indicator_sentence(line, line is differing) for line in lines]
            paragraphs.append(f"{number}.{level1}完成情况。" + "".join(sentences))
        paragraphs.append("（三）其他重点工作")
        return paragraphs

    # -- the whole evaluation -------------------------------------------------------------
    def evaluation(self) -> dict[str, Any]:
        rng = self.rng
        kind = "department" if rng.random() < 0.6 else "project"
        county = rng.choice(COUNTIES)
        bureau, field = rng.choice(BUREAUS)
        funds, spending = self.funds(kind)
        indicators = self.indicators()
        scores = [Decimal(funds["score"])] + [Decimal(row["score"]) for row in indicators]
        total = sum(scores, Decimal(0))
        if "total-mismatch" in self.defects:
            total += Decimal(3)
        grade = "优" if total >= 90 else "良" if total >= 80 else "中" if total >= 60 else "差"
        weight_total = 10 + sum(Decimal(row["weight"]) for row in indicators)
        phone = (
            f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"
            if "mobile-number" in self.defects
            else f"0731-{rng.randrange(10**7, 10**8)}"
        )
        goals = []
        for _ in range(rng.randint(1, 3)):
            tasks = rng.randint(2, 40)
            goals.append({"expected": f"完成{rng.choice(PROJECTS)}任务{tasks}项", "actual": ""})
            goals[-1]["actual"] = f"已完成{tasks}项"
        data: dict[str, Any] = {
            "kind": kind,
            "unit": f"株洲市{county}{bureau}",
            "year": rng.choice([2021, 2022, 2023, 2024]),
            "funds": funds,
            "goals": goals,
            "indicators": indicators,
            "declared_level1_weights": {"产出指标": "50", "效益指标": "30", "满意度指标": "10"},
            "total": {"weight": str(weight_total), "score": str(total)},
            "grade": grade,
            "signoff": {
                "filler": rng.choice(PEOPLE),
                "phone": phone,
                "date": f"{rng.randint(2022, 2025)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
                "head": rng.choice(PEOPLE),
            },
        }
        if kind == "project":
            data["project"] = f"{county}{rng.choice(PROJECTS)}项目"
            data["department"] = f"株洲市{county}{bureau}"
            data["implementing_unit"] = f"{county}{rng.choice(BUREAUS)[0]}"
        data["report"] = self.report({**data, "county": county}, spending, field)
        return data


def _sizes(budget: int, parts: list[list[str]]) -> list[int]:
    """Bytes each part should hold: its share of the budget, less what the parts whose figures
    alone already exceed their share (a long indicator list) take from the others."""
    have = [sum(len(p.encode("utf-8")) for p in paragraphs) for paragraphs in parts]
    wanted = [budget * share for share in SHARES]
    excess = sum(max(0.0, held - want) for held, want in zip(have, wanted, strict=True))
    room = sum(want for held, want in zip(have, wanted, strict=True) if held <= want)
    scale = max(0.0, 1 - excess / room) if room else 0.0
    return [
        int(want * scale) if held <= want else held for held, want in zip(have, wanted, strict=True)
    ]


class _Fields(dict[str, str]):
    """Format fields of the prose: the table's facts, and numbers drawn when asked for.

    ``{n4_15}`` is a whole number from 4 to 15, ``{m3_40}`` an amount in 万元 with two places,
    ``{p1_20}`` a percentage with one place.
    """

    def __init__(self, rng: random.Random, facts: dict[str, str]) -> None:
        super().__init__(facts)
        self.rng = rng

    def __missing__(self, key: str) -> str:
        kind, _, span = key.partition("_")
        low, high = int(kind[1:]), int(span)
        if kind[0] == "n":
            return str(self.rng.randint(low, high))
        if kind[0] == "m":
            return str(money(self.rng.uniform(low, high)))
        return f"{self.rng.uniform(low, high):.1f}"


def generate(n: int, seed: int = 2023) -> Iterator[Evaluation]:
    """``n`` evaluations; the same ``n`` and ``seed`` always give the same documents."""
    rng = random.Random(seed)
    for _ in range(n):
        yield Evaluation.model_validate(Builder(rng).evaluation())


def generate_json(n: int, seed: int = 2023) -> list[str]:
    """The evaluations as compact JSON strings, as a store or an API would hold them."""
    return [evaluation.to_json(indent=None) for evaluation in generate(n, seed)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100, help="how many evaluations (default 100)")
    parser.add_argument("--seed", type=int, default=2023, help="random seed (default 2023)")
    parser.add_argument("--out", type=Path, help="JSON Lines file to write (default: stdout)")
    args = parser.parse_args(argv)
    lines = generate_json(args.n, args.seed)
    text = "".join(f"{line}\n" for line in lines)
    if args.out is None:
        sys.stdout.write(text)
    else:
        args.out.write_text(text, encoding="utf-8")
        print(f"wrote {len(lines)} evaluations to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

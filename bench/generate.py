"""Generate many varied, realistic self-evaluations for the benchmark, deterministically.

Each evaluation is a department (部门整体) or project (项目支出) table with 8–25 indicator lines
(quantitative positive, reverse and equal lines, dates, qualitative lines), a funds block, and a
six-part report of 4–8 KB with numbers in it. About a third carry defects a reviewer would flag
(a score above its weight, a deduction with no deviation analysis, vague targets, actuals that
repeat the target, a personal mobile number, sources that do not add up, wrong totals).

    python bench/generate.py --n 100 --out /tmp/evaluations.jsonl
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from jixiao.model import Evaluation

CENT = Decimal("0.01")
COUNTIES = ["渌口区", "芦淞区", "石峰区", "天元区", "攸县", "茶陵县", "炎陵县", "醴陵市", "荷塘区"]
BUREAUS = [
    "住房和城乡建设局",
    "教育局",
    "卫生健康局",
    "农业农村局",
    "交通运输局",
    "水利局",
    "民政局",
    "人力资源和社会保障局",
    "自然资源局",
    "文化旅游广电体育局",
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
QUALITATIVE = [
    ("社会效益指标", "群众居住条件", "明显改善"),
    ("社会效益指标", "民生保障", "有效保障"),
    ("生态效益指标", "环境效益", "持续提升"),
    ("可持续影响指标", "长效管护机制", "建立健全"),
    ("经济效益指标", "带动相关产业发展", "有效带动"),
]
SATISFACTION = [
    ("服务对象满意度指标", "群众满意度"),
    ("服务对象满意度指标", "受益对象满意度"),
]
SECTIONS = [
    "基本情况",
    "支出情况",
    "绩效情况",
    "存在的问题及原因分析",
    "下一步改进措施",
    "自评结果拟应用和公开情况",
]
CHINESE_NUMBERS = "一二三四五六"


def money(value: float | Decimal) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def split_weight(rng: random.Random, total: int, parts: int) -> list[int]:
    """``total`` points over ``parts`` lines, each at least 1, varied."""
    weights = [1] * parts
    for _ in range(total - parts):
        weights[rng.randrange(parts)] += 1
    return weights


class Builder:
    """Builds one evaluation as plain data; ``rng`` decides everything."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.defects: set[str] = set()
        if rng.random() < 0.35:
            self.defects = set(
                rng.sample(
                    [
                        "score-above-weight",
                        "missing-deviation",
                        "vague-target",
                        "actual-repeats-target",
                        "mobile-number",
                        "sources-mismatch",
                        "execution-over-100",
                        "weights-not-100",
                        "total-mismatch",
                        "report-number-differs",
                    ],
                    rng.randint(1, 3),
                )
            )
        self.numbers: list[str] = []  # facts the report repeats

    # -- funds ----------------------------------------------------------------------------
    def funds(self, kind: str) -> dict[str, Any]:
        rng = self.rng
        initial = money(rng.uniform(200, 20000))
        adjusted = initial * Decimal(str(rng.choice([1, 1, 1, 1.1, 1.3, 2.0, 3.5])))
        full_year = money(adjusted)
        rate = Decimal(str(rng.choice([1, 1, 1, 0.99, 0.97, 0.93, 0.88, 0.76])))
        if "execution-over-100" in self.defects:
            rate = Decimal("1.04")
        executed = money(full_year * rate)
        shown_rate = (executed / full_year * 100).quantize(CENT, rounding=ROUND_HALF_UP)
        score = money(10 * min(rate, Decimal(1)))
        general = money(full_year * Decimal(str(rng.uniform(0.2, 0.8))))
        fund = money((full_year - general) * Decimal(str(rng.uniform(0.5, 0.95))))
        other = full_year - general - fund
        if "sources-mismatch" in self.defects:
            other += Decimal("12.5")
        basic = money(full_year * Decimal(str(rng.uniform(0.05, 0.4))))
        self.numbers += [f"{full_year}万元", f"{executed}万元", f"{shown_rate}%"]
        funds: dict[str, Any] = {
            "initial_budget": str(initial),
            "full_year_budget": str(full_year),
            "executed": str(executed),
            "execution_rate": str(shown_rate),
            "weight": "10",
            "score": str(score),
        }
        if kind == "department":
            funds["requested"] = str(money(initial * Decimal("1.05")))
            funds["by_source"] = {
                "total": str(full_year),
                "general_public_budget": str(general),
                "government_fund": str(fund),
                "special_account_non_tax": None,
                "other": str(other),
            }
            funds["by_nature"] = {
                "total": str(full_year),
                "basic": str(basic),
                "project": str(full_year - basic),
            }
        else:
            carried = money(full_year * Decimal(str(rng.uniform(0, 0.3))))
            funds["by_source"] = {
                "total": str(full_year),
                "current_year_appropriation": str(full_year - carried - other),
                "carried_over": str(carried),
                "other": str(other),
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
                {"label": "其中：当年财政拨款", "full_year_budget": str(full_year - carried)},
                {"label": "上年结转资金", "full_year_budget": str(carried)},
                {"label": "其他资金", "full_year_budget": str(other)},
            ]
        return funds

    # -- indicators -----------------------------------------------------------------------
    def positive(self, weight: int) -> dict[str, Any]:
        rng = self.rng
        level2, name, unit, low, high = rng.choice(POSITIVE)
        target = rng.randint(low, high)
        form = rng.choice(["≥{a}{u}", "{a}{u}以上", "不低于{a}{u}", "≥{a}{u}"])
        target_text = form.format(a=target, u=unit)
        if unit == "%":
            actual = min(100, target + rng.choice([0, 1, 2, 3, -2, -5]))
        else:
            actual = max(0, round(target * rng.choice([1, 1, 1.02, 1.1, 0.9, 0.75, 1.5])))
        score = Decimal(weight) * min(Decimal(1), Decimal(actual) / Decimal(target))
        self.numbers.append(f"{name}{actual}{unit}")
        return self.line("产出指标", level2, name, target_text, f"{actual}{unit}", weight, score)

    def reverse(self, weight: int) -> dict[str, Any]:
        rng = self.rng
        level2, name, unit, low, high = rng.choice(REVERSE)
        target = rng.randint(low, high)
        form = rng.choice(["≤{a}{u}", "{a}{u}以内", "不超过{a}{u}"])
        actual = max(1, round(target * rng.choice([1, 0.95, 0.8, 1.1, 3.5])))
        score = Decimal(weight) * min(Decimal(1), Decimal(target) / Decimal(actual))
        return self.line(
            "产出指标",
            level2,
            name,
            form.format(a=target, u=unit),
            f"{actual}{unit}",
            weight,
            score,
        )

    def deadline(self, weight: int) -> dict[str, Any]:
        rng = self.rng
        month = rng.randint(6, 12)
        done = min(12, month + rng.choice([0, 0, -1, -2, 1]))
        score = Decimal(weight) if done <= month else Decimal(weight) * month / done
        return self.line(
            "产出指标", "时效指标", "项目完成时间", f"{month}月底前", f"{done}月底", weight, score
        )

    def equal(self, weight: int) -> dict[str, Any]:
        level2, name, unit = self.rng.choice(EQUAL)
        happened = self.rng.choice([0, 0, 0, 0, 1])
        score = Decimal(weight) if happened == 0 else Decimal(0)
        return self.line("效益指标", level2, name, f"=0{unit}", f"{happened}{unit}", weight, score)

    def qualitative(self, level1: str, weight: int) -> dict[str, Any]:
        rng = self.rng
        level2, name, target = rng.choice(QUALITATIVE)
        actual, share = rng.choice(
            [
                (f"{target}，达到预期", Decimal(1)),
                ("达成年度指标", Decimal(1)),
                ("基本完成，部分片区仍在推进", Decimal("0.7")),
                ("未完成，效果较差", Decimal("0.4")),
            ]
        )
        return self.line(level1, level2, name, target, actual, weight, Decimal(weight) * share)

    def satisfaction(self, weight: int) -> dict[str, Any]:
        level2, name = self.rng.choice(SATISFACTION)
        target = self.rng.choice([85, 90, 95])
        actual = min(100, target + self.rng.choice([-3, 0, 2, 5, 8]))
        score = Decimal(weight) * min(Decimal(1), Decimal(actual) / Decimal(target))
        self.numbers.append(f"满意度{actual}%")
        return self.line("满意度指标", level2, name, f"≥{target}%", f"{actual}%", weight, score)

    def line(
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
        reason = None
        if score < weight:
            reason = self.rng.choice(
                [
                    "受建材价格上涨及施工季节影响，部分工程延期，下一步将加强调度。",
                    "部分资金到位较晚，项目推进滞后；已建立月调度机制，确保明年按期完成。",
                    "个别片区群众意见不统一，改造进度受影响，将加强宣传和协调。",
                ]
            )
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
        lines: list[dict[str, Any]] = []
        for weight in split_weight(rng, 50, n_output):
            make = rng.choices(
                [self.positive, self.reverse, self.deadline], weights=[6, 3, 1], k=1
            )[0]
            lines.append(make(weight))
        for weight in split_weight(rng, 30, n_benefit):
            if rng.random() < 0.25:
                lines.append(self.equal(weight))
            else:
                lines.append(self.qualitative("效益指标", weight))
        lines += [self.satisfaction(weight) for weight in split_weight(rng, 10, n_satisfaction)]
        self.add_defects(lines)
        return lines

    def add_defects(self, lines: list[dict[str, Any]]) -> None:
        rng = self.rng
        if "score-above-weight" in self.defects:
            line = rng.choice(lines)
            line["score"] = str(Decimal(line["weight"]) + 1)
        if "missing-deviation" in self.defects:
            line = rng.choice(lines)
            line["score"] = str(max(Decimal(0), Decimal(line["weight"]) - 1))
            line["deviation_reason"] = None
        if "vague-target" in self.defects:
            rng.choice(lines)["target"] = {"text": rng.choice(["及时", "降本增效", "可持续"])}
        if "actual-repeats-target" in self.defects:
            line = rng.choice(lines)
            line["actual"] = dict(line["target"])
        if "weights-not-100" in self.defects:
            line = rng.choice(lines)
            line["weight"] = str(Decimal(line["weight"]) + 2)

    # -- report ---------------------------------------------------------------------------
    def sentence(self, section: int) -> str:
        rng = self.rng
        n = rng.randint
        templates = [
            [
                f"本单位内设机构{n(4, 15)}个，下属单位{n(0, 6)}个，编制人数{n(20, 300)}人，"
                f"实有在职人员{n(20, 300)}人，退休人员{n(5, 120)}人。",
                f"主要职责包括贯彻落实国家有关方针政策，负责辖区内{n(3, 12)}类行业管理工作。",
            ],
            [
                f"基本支出{money(rng.uniform(100, 3000))}万元，其中人员经费"
                f"{money(rng.uniform(50, 2000))}万元，占比{money(rng.uniform(50, 95))}%；"
                f"公用经费{money(rng.uniform(10, 500))}万元。",
                f"项目支出{money(rng.uniform(100, 15000))}万元，其中一般公共预算"
                f"{money(rng.uniform(50, 8000))}万元，"
                f"政府性基金{money(rng.uniform(0, 9000))}万元。",
            ],
            [
                f"全年完成{rng.choice(PROJECTS)}项目{n(2, 40)}个，惠及群众{n(500, 90000)}人，"
                f"{rng.choice(self.numbers) if self.numbers else ''}。",
                f"按期完成率达到{n(80, 100)}%，群众满意度{n(85, 100)}%，"
                f"累计培训{n(50, 3000)}人次。",
            ],
            [
                f"部分项目前期工作不充分，{n(1, 9)}个项目推进滞后，资金执行进度偏慢。",
                f"绩效目标设置不够细化，{n(1, 6)}项指标缺少可衡量的标准。",
            ],
            [
                f"加强项目前期论证，建立月调度机制，力争执行率达到{n(90, 100)}%以上。",
                f"细化量化绩效指标，{n(1, 12)}月底前完成全部指标的修订。",
            ],
            [
                f"本次自评得分{money(rng.uniform(70, 100))}分，自评结果将作为{n(2024, 2025)}年"
                "预算安排的重要依据，并随部门决算一并公开。",
                "对自评发现的问题建立整改台账，逐项明确责任人和完成时限。",
            ],
        ]
        return rng.choice(templates[section])

    def report(self) -> dict[str, Any]:
        rng = self.rng
        budget = rng.randint(4100, 7800)  # UTF-8 bytes of report text, 4–8 KB
        shares = [0.12, 0.22, 0.3, 0.12, 0.12, 0.12]
        sections = []
        for number, (name, share) in enumerate(zip(SECTIONS, shares, strict=True)):
            parts: list[str] = []
            size = 0
            while size < budget * share:
                text = self.sentence(number)
                parts.append(text)
                size += len(text.encode("utf-8"))
            if number == 2 and "report-number-differs" in self.defects:
                parts.append(f"全年共培训工匠{rng.randint(200, 300)}人。")
            sections.append(
                {
                    "number": number + 1,
                    "title": name,
                    "heading": f"{CHINESE_NUMBERS[number]}、{name}",
                    "text": "".join(parts),
                }
            )
        return {"title": "部门整体支出绩效自评报告", "sections": sections}

    # -- the whole evaluation -------------------------------------------------------------
    def evaluation(self) -> dict[str, Any]:
        rng = self.rng
        kind = "department" if rng.random() < 0.6 else "project"
        county, bureau = rng.choice(COUNTIES), rng.choice(BUREAUS)
        funds = self.funds(kind)
        indicators = self.indicators()
        scores = [Decimal(funds["score"])] + [Decimal(line["score"]) for line in indicators]
        total = sum(scores, Decimal(0))
        if "total-mismatch" in self.defects:
            total += Decimal(3)
        weight_total = 10 + sum(Decimal(line["weight"]) for line in indicators)
        grade = "优" if total >= 90 else "良" if total >= 80 else "中" if total >= 60 else "差"
        phone = (
            f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"
            if "mobile-number" in self.defects
            else f"0731-{rng.randrange(10**7, 10**8)}"
        )
        data: dict[str, Any] = {
            "kind": kind,
            "unit": f"株洲市{county}{bureau}",
            "year": rng.choice([2021, 2022, 2023, 2024]),
            "funds": funds,
            "goals": [
                {
                    "expected": f"完成{rng.choice(PROJECTS)}任务{rng.randint(2, 40)}项",
                    "actual": f"已完成{rng.randint(2, 40)}项",
                }
                for _ in range(rng.randint(1, 3))
            ],
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
            "report": self.report(),
        }
        if kind == "project":
            data["project"] = f"{county}{rng.choice(PROJECTS)}项目"
            data["department"] = f"株洲市{county}{bureau}"
            data["implementing_unit"] = f"{county}{rng.choice(BUREAUS)}"
        return data


def generate(n: int, seed: int = 2023) -> Iterator[Evaluation]:
    """``n`` evaluations; the same ``n`` and ``seed`` always give the same documents."""
    rng = random.Random(seed)
    for _ in range(n):
        yield Evaluation.model_validate(Builder(rng).evaluation())


def generate_json(n: int, seed: int = 2023) -> list[str]:
    """The evaluations as compact JSON strings, as a store or an API would hold them."""
    return [evaluation.to_json(indent=None) for evaluation in generate(n, seed)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
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

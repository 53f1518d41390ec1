"""The 自评报告 generated from the model: figures from the model, readable by our own checks."""

from __future__ import annotations

import re
from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import jixiao
from jixiao.model import Evaluation, Report, ReportSection
from jixiao.render.report_text import (
    PLACEHOLDER_OPEN,
    find_placeholders,
    generate_report,
    part_of,
    placeholder,
)
from tests.factories import clean_department, seedlike_department

PROFILE = jixiao.load_profile()
REPORT_CODES = {
    "report-funds-mismatch",
    "report-arithmetic",
    "report-score-mismatch",
    "report-section-missing",
}


def without_report(evaluation: Evaluation) -> Evaluation:
    evaluation.report = None
    return evaluation


def text_of(report: Report) -> str:
    return "\n".join(f"{s.heading}\n{s.text}" for s in report.sections)


def sentences(report: Report) -> set[str]:
    return {part for part in re.split(r"[。；\n]", text_of(report)) if part}


def report_findings(evaluation: Evaluation) -> list[jixiao.Finding]:
    return [f for f in jixiao.check(evaluation, PROFILE).findings if f.code in REPORT_CODES]


def test_a_department_report_has_the_six_parts_in_order():
    report = generate_report(clean_department(), PROFILE)

    assert report.title == "部门整体支出绩效自评报告"
    assert [s.heading for s in report.sections] == [
        "一、基本情况",
        "二、支出情况",
        "三、部门整体支出绩效情况",
        "四、存在的问题及原因分析",
        "五、下一步改进措施",
        "六、自评结果拟应用和公开情况",
    ]


def test_a_project_report_uses_the_project_wording():
    evaluation = without_report(clean_department())
    evaluation.kind = "project"
    evaluation.project = "农村危房改造"
    evaluation.department = "株洲市渌口区住房和城乡建设局"

    report = generate_report(evaluation, PROFILE)

    assert report.title == "项目支出绩效自评报告"
    assert [s.title for s in report.sections[:3]] == [
        "项目基本情况",
        "项目资金使用情况",
        "项目绩效情况",
    ]
    assert "项目名称：农村危房改造" in report.sections[0].text
    assert "项目支出绩效自评总分为99.72分" in report.sections[5].text


def test_the_spending_part_states_each_split_with_its_share_of_the_total():
    text = generate_report(without_report(clean_department()), PROFILE).sections[1].text

    assert "支出总额17511.79万元" in text
    assert "基本支出1007.91万元，占支出总额的5.76%" in text
    assert "项目支出16503.88万元，占支出总额的94.24%" in text
    assert "一般公共预算5140.37万元，占资金总额的29.35%" in text
    assert "政府性基金12055.36万元，占资金总额的68.84%" in text
    assert "其他资金316.06万元，占资金总额的1.80%" in text


def test_the_execution_rate_is_computed_from_budget_and_execution_not_copied():
    evaluation = without_report(clean_department())
    evaluation.funds.executed = D("13133.84")
    evaluation.funds.execution_rate = D("100")  # printed wrong: the report must not repeat it

    text = generate_report(evaluation, PROFILE).sections[2].text

    assert "全年预算数17511.79万元，全年执行数13133.84万元，预算执行率75.00%" in text


@pytest.mark.parametrize(
    ("change", "old", "new"),
    [
        (lambda ev: setattr(ev.funds.by_nature, "basic", D("1100.00")), "1007.91", "1100.00"),
        (
            lambda ev: setattr(ev.funds.by_source, "government_fund", D("12000.00")),
            "12055.36",
            "12000.00",
        ),
        (lambda ev: setattr(ev.total, "score", D("97.5")), "99.72", "97.5"),
        (
            lambda ev: setattr(ev.funds, "full_year_budget", D("18000.00")),
            "17511.79万元，全年执行数",
            "18000.00",
        ),
    ],
    ids=["basic-expenditure", "government-fund", "total-score", "full-year-budget"],
)
def test_changing_a_figure_in_the_model_changes_every_sentence_that_used_it(change, old, new):
    before = generate_report(without_report(clean_department()), PROFILE)
    evaluation = without_report(clean_department())
    change(evaluation)

    after = generate_report(evaluation, PROFILE)

    used = {sentence for sentence in sentences(before) if old in sentence}
    assert used, f"no sentence used {old}"
    assert not used & sentences(after)
    assert new in text_of(after)


def test_a_changed_amount_also_changes_its_computed_share():
    evaluation = without_report(clean_department())
    evaluation.funds.by_nature.basic = D("2000.00")

    text = generate_report(evaluation, PROFILE).sections[1].text

    assert "基本支出2000.00万元，占支出总额的11.42%" in text


def test_unknown_amounts_are_left_unsaid_never_shown_as_zero():
    evaluation = without_report(clean_department())
    evaluation.funds.by_source.government_fund = None
    evaluation.funds.by_source.total = None
    evaluation.funds.by_nature.project = None
    evaluation.funds.initial_budget = None

    text = text_of(generate_report(evaluation, PROFILE))

    assert "政府性基金" not in text
    assert "项目支出" not in text
    assert "年初预算数" not in text
    assert "资金总额" not in text  # no total: amounts without shares
    assert "一般公共预算5140.37万元；其他资金316.06万元" in text
    assert not re.search(r"(?<![0-9.])0(?:\.0+)?(?:万元|%)", text)


def test_a_table_without_amounts_gets_a_placeholder_in_the_spending_part():
    evaluation = without_report(clean_department())
    evaluation.funds = type(evaluation.funds)()

    text = generate_report(evaluation, PROFILE).sections[1].text

    assert text.startswith(PLACEHOLDER_OPEN)
    assert "万元" not in text


def test_the_shares_of_each_split_add_up_to_a_hundred_within_rounding():
    text = generate_report(without_report(seedlike_department()), PROFILE).sections[1].text

    for base in ("支出总额", "资金总额"):
        shares = [D(x) for x in re.findall(rf"占{base}的([0-9.]+)%", text)]
        assert len(shares) >= 2
        assert abs(sum(shares) - 100) <= D("0.01") * len(shares)


@pytest.mark.parametrize(
    "make",
    [
        clean_department,
        lambda: without_report(clean_department()),
        lambda: without_report(seedlike_department()),
    ],
    ids=["clean-with-own-text", "clean-figures-only", "seedlike-figures-only"],
)
def test_our_report_checks_find_nothing_wrong_in_the_generated_report(make):
    evaluation = make()
    evaluation.report = generate_report(evaluation, PROFILE)

    assert report_findings(evaluation) == []


def test_the_report_states_the_declared_total_and_grade_and_flags_a_far_recomputed_one():
    evaluation = without_report(seedlike_department())  # declares 98, the rules give 94.43

    last = generate_report(evaluation, PROFILE).sections[5].text

    assert "部门整体支出绩效自评总分为98分，自评等级为优。" in last
    (note, *_) = find_placeholders(last)
    assert "94.43分" in note
    assert "3.57分" in note


def test_a_recomputed_total_equal_to_the_declared_one_adds_no_note():
    last = generate_report(without_report(clean_department()), PROFILE).sections[5].text

    assert "复算" not in last


def test_a_missing_grade_is_the_one_the_declared_total_earns():
    evaluation = without_report(clean_department())
    evaluation.grade = None
    evaluation.total.score = D("85")

    last = generate_report(evaluation, PROFILE).sections[5].text

    assert "自评总分为85分，自评等级为良。" in last


def test_the_performance_part_counts_the_indicators_and_names_those_that_lost_points():
    text = generate_report(without_report(seedlike_department()), PROFILE).sections[2].text

    assert "绩效指标共15项，分值合计90分，得分合计88分" in text
    assert (
        "扣分指标2项：“环境效益”（分值5分，得4分，扣1分）、“民生保障”（分值5分，得4分，扣1分）"
        in text
    )
    assert "14项达到，1项未达到（全年预算数）" in text


def test_the_units_own_text_follows_the_figures_of_its_part():
    evaluation = clean_department()

    sections = generate_report(evaluation, PROFILE).sections

    spending = sections[1].text
    assert spending.index("按支出性质分") < spending.index("2023年度财政拨款基本支出1007.91万元")
    assert sections[0].text.endswith("本局年末实有人数52人，内设股室8个。")
    assert sections[4].text == "一、细化预算编制。\n二、按月跟踪治理工程进度。"


def test_a_units_section_is_placed_by_its_title_before_its_number():
    evaluation = clean_department()
    assert evaluation.report is not None
    evaluation.report.sections = [
        ReportSection(number=1, title="存在的问题及原因分析", text="人员不足。"),
        ReportSection(number=9, title="其他需要说明的事项", text="无。"),
        ReportSection(number=5, title="存在的问题及改进措施", text="加强培训。"),
    ]

    report = generate_report(evaluation, PROFILE)

    assert report.sections[3].text.endswith("人员不足。")
    assert report.sections[4].text == "加强培训。"  # names parts 4 and 5: its number decides
    assert report.sections[6].title == "其他需要说明的事项"  # no part: kept after the six
    assert report.sections[6].heading == "七、其他需要说明的事项"
    assert part_of(evaluation.report.sections[1], PROFILE) is None


def test_placeholders_mark_only_what_a_person_must_write():
    report = generate_report(without_report(clean_department()), PROFILE)

    opened = {s.number: find_placeholders(s.text) for s in report.sections}

    assert all(opened[number] for number in (1, 3, 4, 5, 6))
    assert opened[2] == []
    assert find_placeholders(f"前文{placeholder('工作亮点')}后文") == ["【待填写：工作亮点】"]


def test_the_units_own_text_fills_the_places_it_covers():
    report = generate_report(clean_department(), PROFILE)

    assert all(find_placeholders(s.text) == [] for s in report.sections)


amounts = st.decimals(min_value=D("0.01"), max_value=D("99999.99"), places=2)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(basic=amounts, project=amounts, general=amounts, fund=amounts, other=amounts)
def test_any_consistent_funds_give_a_report_our_checks_accept(basic, project, general, fund, other):
    evaluation = without_report(clean_department())
    nature, sources = evaluation.funds.by_nature, evaluation.funds.by_source
    nature.basic, nature.project, nature.total = basic, project, basic + project
    sources.general_public_budget, sources.government_fund, sources.other = general, fund, other
    sources.total = general + fund + other
    evaluation.report = generate_report(evaluation, PROFILE)

    assert report_findings(evaluation) == []


PROVINCE_OUTLINE = """
id = "province-outline"
name = "某省（七部分报告）"
extends = "national-2020"

[report]
sections = [
  { number = 1, name = "基本情况", words = ["基本情况"], title = "单位基本情况" },
  { number = 2, name = "支出情况", words = ["支出情况"] },
  { number = 3, name = "绩效情况", words = ["绩效情况"], title = "整体绩效目标实现情况" },
  { number = 4, name = "存在的问题及原因分析", words = ["问题"] },
  { number = 5, name = "下一步改进措施", words = ["改进"] },
  { number = 6, name = "自评结果拟应用和公开情况", words = ["公开"] },
  { number = 7, name = "其他需要说明的情况", words = ["其他需要说明"] },
]
"""


def test_the_parts_and_their_titles_come_from_the_profile(tmp_path):
    (tmp_path / "province-outline.toml").write_text(PROVINCE_OUTLINE, encoding="utf-8")
    province = jixiao.load_profile("province-outline", search=[tmp_path])

    report = generate_report(without_report(clean_department()), province)

    assert [s.heading for s in report.sections] == [
        "一、单位基本情况",
        "二、支出情况",
        "三、整体绩效目标实现情况",
        "四、存在的问题及原因分析",
        "五、下一步改进措施",
        "六、自评结果拟应用和公开情况",
        "七、其他需要说明的情况",
    ]
    assert "支出" in report.sections[1].text  # the national writers still fill their parts
    assert find_placeholders(report.sections[6].text) == ["【待填写：其他需要说明的情况】"]

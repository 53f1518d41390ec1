"""The text form of a Word self-evaluation: a tab per cell, a blank line per row."""

from __future__ import annotations

import codecs
from decimal import Decimal as D
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.errors import JixiaoError
from jixiao.importers import ImportResult, import_bytes, import_path
from jixiao.model import Evaluation, SourceRef

DATA = Path(__file__).parent.parent / "data"
SEEDLIKE = DATA / "department-seedlike.txt"
PROJECT = DATA / "project-basic.txt"
SPLIT = DATA / "split-target-columns.txt"


def _only(result: ImportResult) -> Evaluation:
    (evaluation,) = result.evaluations
    return evaluation


def _table(*rows: list[str]) -> str:
    """A text-form table: each cell on its own line after a tab, a blank line after each row."""
    return "".join("".join(f"\t{cell}\n" for cell in row) + "\n" for row in rows)


def _read(text: str, name: str = "t.txt") -> ImportResult:
    return import_bytes(text.encode("utf-8"), name)


HEADER = [
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
]


@pytest.fixture(scope="module")
def seedlike() -> Evaluation:
    return _only(import_path(SEEDLIKE))


@pytest.fixture(scope="module")
def project() -> Evaluation:
    return _only(import_path(PROJECT))


@pytest.fixture(scope="module")
def split() -> Evaluation:
    return _only(import_path(SPLIT))


# --- the department table, field by field ---------------------------------------------------


def test_it_reads_the_unit_without_its_trailing_ideographic_space(seedlike):
    assert seedlike.unit == "株洲市渌口区住房和城乡建设局"
    assert seedlike.kind == "department"


def test_it_reads_the_year_from_the_line_above_the_table(seedlike):
    assert seedlike.year == 2023


def test_it_reads_the_funds_total_row_as_printed(seedlike):
    funds = seedlike.funds
    assert funds.requested is None
    assert (funds.initial_budget, funds.full_year_budget, funds.executed) == (
        D("5025.23"),
        D("17511.79"),
        D("17511.79"),
    )
    assert str(funds.initial_budget) == "5025.23"
    assert (funds.execution_rate, funds.weight, funds.score) == (D(100), D(10), D(10))


def test_it_reads_the_income_sources_from_label_amount_cells(seedlike):
    source = seedlike.funds.by_source
    assert source.total == D("17511.79")
    assert source.general_public_budget == D("5140.38")
    assert source.government_fund == D("12055.36")
    assert source.special_account_non_tax is None
    assert source.other == D("316.06")


def test_it_reads_the_spending_nature(seedlike):
    nature = seedlike.funds.by_nature
    assert (nature.total, nature.basic, nature.project) == (
        D("17511.79"),
        D("1007.91"),
        D("16503.88"),
    )


def test_it_reads_one_goal_pair(seedlike):
    (goal,) = seedlike.goals
    assert goal.expected is not None
    assert goal.expected.startswith("统筹推进城乡建设")
    assert goal.actual is not None
    assert goal.actual.startswith("一是城乡建设提质扩面")


SEED_INDICATORS = [
    ("产出指标", "数量指标", "供水率", "实现县城公共供水普及率达到90%以上",
     "实现县城公共供水普及率达到90%以上", "5", "5"),
    ("产出指标", "数量指标", "天然气覆盖率", "天然气覆盖率达到95%以上", "天然气覆盖率达到95%以上", "5", "5"),
    ("产出指标", "数量指标", "危房改造户数", "19户", "22户", "5", "5"),
    ("产出指标", "数量指标", "培训工匠人数", "225名", "225名", "5", "5"),
    ("产出指标", "质量指标", "污水处理水质标准", "出水水质达到一级A标排放标准",
     "出水水质达到一级A标排放标准", "5", "5"),
    ("产出指标", "质量指标", "施工扬尘监管", "确保“8个100%”治理措施到位", "确保“8个100%”治理措施到位", "5", "5"),
    ("产出指标", "质量指标", "危房验收合格率", "100%", "100%", "5", "5"),
    ("产出指标", "时效指标", "污水处理及时性", "及时", "及时", "5", "5"),
    ("产出指标", "成本指标", "全年预算数", "5025.23万元", "17511.79万元", "5", "5"),
    ("产出指标", "成本指标", "项目资金支付使用管理", "降本增效", "降本增效", "5", "5"),
    ("效益指标", "经济效益指标", "收取污水处理费", "600万元", "792.63万元", "10", "10"),
    ("效益指标", "社会效益指标", "居民生活污水及时处理，生活用水质量得到保障",
     "居民生活污水及时处理，生活用水质量得到保障", "居民生活污水及时处理，生活用水质量得到保障", "10", "10"),
    ("效益指标", "生态效益指标", "环境效益", "改善", "改善", "5", "4"),
    ("效益指标", "可持续影响指标", "民生保障", "可持续", "可持续", "5", "4"),
    ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "≥90%", "10", "10"),
]  # fmt: skip


def test_it_reads_fifteen_indicators_exactly_as_printed(seedlike):
    got = [
        (
            i.level1,
            i.level2,
            i.name,
            i.target.text if i.target else None,
            i.actual.text if i.actual else None,
            str(i.weight),
            str(i.score),
        )
        for i in seedlike.indicators
    ]
    assert got == SEED_INDICATORS


def test_it_reads_the_cost_line_as_printed(seedlike):
    cost = seedlike.indicators[8]
    assert (cost.level1, cost.level2, cost.name) == ("产出指标", "成本指标", "全年预算数")
    assert cost.target is not None
    assert cost.target.value.number == D("5025.23")
    assert cost.actual is not None
    assert cost.actual.value.unit == "万元"


def test_empty_deviation_cells_are_null(seedlike):
    assert all(indicator.deviation_reason is None for indicator in seedlike.indicators)
    assert all(indicator.extra == {} for indicator in seedlike.indicators)


def test_it_takes_the_declared_first_level_weights_from_the_level_labels(seedlike):
    assert seedlike.declared_level1_weights == {
        "产出指标": D(50),
        "效益指标": D(30),
        "满意度指标": D(10),
    }


def test_it_reads_the_total_row(seedlike):
    assert (seedlike.total.weight, seedlike.total.score) == (D(100), D(98))


def test_it_reads_the_signoff_and_leaves_the_unsigned_head_empty(seedlike):
    signoff = seedlike.signoff
    assert (signoff.filler, signoff.phone, signoff.date, signoff.head) == (
        "罗海霞",
        "13607420851",
        "2024.04.12",
        None,
    )


def test_it_takes_the_grade_from_the_report_when_the_table_has_none(seedlike):
    assert seedlike.grade == "优"


def test_it_splits_the_report_into_its_six_parts(seedlike):
    report = seedlike.report
    assert report is not None
    assert report.title == "部门整体支出绩效自评报告"
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]
    assert report.sections[0].title == "预算单位基本情况"
    assert report.sections[0].heading == "1、 预算单位基本情况"
    assert report.sections[5].title == "绩效自评结果拟应用和公开情况"
    assert report.sections[4].text.startswith("一、提高部门预算编制质量")
    assert "三、细化预算指标" in report.sections[4].text
    assert "817.05万元" in report.sections[1].text


def test_it_records_where_each_value_was_printed(seedlike):
    where = seedlike.provenance
    ref = SourceRef(file="department-seedlike.txt", table=0)
    assert where["indicators[2].target"] == ref.model_copy(update={"row": 13, "column": 4})
    assert where["indicators[2].score"] == ref.model_copy(update={"row": 13, "column": 7})
    assert where["funds.initial_budget"] == ref.model_copy(update={"row": 2, "column": 2})
    assert where["funds.by_source.other"] == ref.model_copy(update={"row": 7, "column": 1})
    assert where["total.score"] == ref.model_copy(update={"row": 26, "column": 2})


def test_the_bookmark_marker_leaves_no_trace(seedlike):
    assert "bookmark" not in seedlike.to_json()


def test_the_seedlike_file_imports_without_findings():
    assert import_path(SEEDLIKE).findings == []


# --- the project table ----------------------------------------------------------------------


def test_it_reads_the_head_of_a_project_table(project):
    assert project.kind == "project"
    assert project.project == "农村供水保障提升工程"
    assert project.department == "某市某区水利局"
    assert project.implementing_unit == "某区农村供水服务中心"
    assert project.unit == "某区农村供水服务中心"
    assert project.year == 2023


def test_it_keeps_every_printed_funds_row(project):
    lines = project.funds.lines
    assert [line.label for line in lines] == [
        "年度资金总额",
        "其中：当年财政拨款",
        "上年结转资金",
        "其他资金",
    ]
    assert (lines[2].initial_budget, lines[2].full_year_budget, lines[2].executed) == (
        None,
        D("20.5"),
        D("19.5"),
    )
    assert lines[1].execution_rate is None  # printed "—"


def test_the_total_funds_row_fills_the_top_level_fields(project):
    funds = project.funds
    assert (funds.initial_budget, funds.full_year_budget, funds.executed) == (
        D(300),
        D("320.5"),
        D("310.2"),
    )
    assert (funds.execution_rate, funds.weight, funds.score) == (D("96.79"), D(10), D("9.68"))


def test_the_sources_of_a_project_come_from_the_full_year_budget_column(project):
    source = project.funds.by_source
    assert source.current_year_appropriation == D(300)
    assert source.carried_over == D("20.5")
    assert source.other is None


def test_free_text_keeps_its_paragraphs(project):
    assert project.goals[0].actual == "3处工程全部完工通水，\n受益人口5200人，水质抽检全部合格。"
    assert project.indicators[2].deviation_reason == (
        "受汛期影响工期推迟半个月。\n今后提前安排施工计划，避开汛期。"
    )


def test_labels_broken_over_lines_are_joined(project):
    assert project.indicators[5].level2 == "可持续影响指标"
    assert project.indicators[4].level1 == "效益指标"


def test_a_project_table_reads_its_total_and_signoff(project):
    assert (project.total.weight, project.total.score) == (D(100), D("97.68"))
    assert project.signoff.head == "李强"
    assert project.signoff.date == "2024年3月28日"
    assert project.report is None
    assert project.grade is None


# --- split target columns -------------------------------------------------------------------


def test_it_joins_split_target_columns_into_one_target(split):
    targets = [i.target.text if i.target else None for i in split.indicators]
    assert targets == ["≥3200盏", "≥98%", "≤24小时", "≤250元", "﹦改善", "≥90%"]


def test_it_gives_a_bare_actual_the_unit_of_its_row(split):
    actuals = [i.actual.text if i.actual else None for i in split.indicators]
    assert actuals == ["3350盏", "98.6%", "20小时", "239元", "明显改善", "92%"]


def test_it_keeps_columns_it_does_not_know_in_extra(split):
    assert [i.extra for i in split.indicators[:3]] == [
        {"是否核心指标": "是"},
        {"是否核心指标": "是"},
        {"是否核心指标": "否"},
    ]


def test_a_row_missing_its_merged_first_cell_is_aligned_to_the_right(split):
    second = split.indicators[1]
    assert (second.level1, second.level2, second.name) == ("产出指标", "质量指标", "亮灯率")
    assert (second.weight, second.score) == (D(20), D(20))


def test_a_single_goal_cell_gives_the_expected_goal_only(split):
    (goal,) = split.goals
    assert goal.expected is not None
    assert goal.expected.startswith("完成城区主次干道")
    assert goal.actual is None


# --- encodings and line ends ----------------------------------------------------------------


def _without_file(evaluation: Evaluation) -> Evaluation:
    return evaluation.model_copy(update={"provenance": {}})


@pytest.mark.parametrize("codec", ["gbk", "gb18030", "utf-16", "utf-16-le", "utf-16-be"])
def test_a_file_saved_by_a_chinese_windows_office_imports_the_same(codec):
    # utf-16-le / -be: no byte-order mark, as some exporters write it
    text = SEEDLIKE.read_text(encoding="utf-8")
    utf8 = _only(import_bytes(text.encode("utf-8"), "x.txt"))
    other = _only(import_bytes(text.encode(codec), "x.txt"))
    assert other == utf8


def test_bytes_with_nuls_on_one_side_that_are_no_text_are_still_refused():
    junk = bytes(b for pair in zip(range(1, 32), [0] * 31) for b in pair) * 40

    with pytest.raises(JixiaoError) as refused:
        import_bytes(junk, "x.txt")

    assert refused.value.code in {"import-binary", "import-unrecognised"}


def test_a_bom_and_windows_line_ends_change_nothing():
    text = SEEDLIKE.read_text(encoding="utf-8")
    plain = _only(import_bytes(text.encode("utf-8"), "x.txt"))
    windows = _only(import_bytes(codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode(), "x.txt"))
    old_mac = _only(import_bytes(text.replace("\n", "\r").encode(), "x.txt"))
    assert windows == plain
    assert old_mac == plain


# --- other layouts --------------------------------------------------------------------------

ONE_INDICATOR = _table(
    HEADER, ["产出指标", "数量指标", "培训人数", "≥100人", "120人", "90", "90", ""]
)


def test_label_and_amount_may_sit_in_separate_cells():
    text = _table(
        ["预算部门名称", "某局"],
        ["年初预算数", "全年预算数", "全年执行数", "执行率"],
        ["按收入性质分", "300", "按支出性质分", "300"],
        ["一般公共预算", "200", "基本支出", "120"],
        ["其他资金", "100", "项目支出", "180"],
    )
    funds = _only(_read(text + ONE_INDICATOR)).funds
    assert (funds.by_source.total, funds.by_source.general_public_budget) == (D(300), D(200))
    assert funds.by_source.other == D(100)
    assert (funds.by_nature.basic, funds.by_nature.project) == (D(120), D(180))


def test_header_synonyms_and_headers_broken_over_lines_are_understood():
    text = (
        "\t指标名称\n\t年度\n指标值\n\t全年实际值\n\t权重\n\t指标得分\n\t未完成原因分析\n\n"
        + _table(["供水率", "≥90%", "85%", "10", "9", "管网改造滞后"])
    )
    (indicator,) = _only(_read(text)).indicators
    assert (indicator.name, indicator.weight, indicator.score) == ("供水率", D(10), D(9))
    assert indicator.target is not None
    assert indicator.target.text == "≥90%"
    assert indicator.actual is not None
    assert indicator.actual.text == "85%"
    assert indicator.deviation_reason == "管网改造滞后"


def test_a_row_printed_on_one_line_reads_the_same():
    one_line = (
        "\t" + "\t".join(HEADER) + "\n\n\t产出指标\t数量指标\t培训人数\t≥100人\t120人\t90\t90\t\n\n"
    )
    assert _only(_read(one_line)).indicators == _only(_read(ONE_INDICATOR)).indicators


def test_a_word_in_an_amount_cell_becomes_a_finding_not_a_failure():
    text = _table(HEADER, ["产出指标", "数量指标", "培训人数", "≥100人", "120人", "十分", "9", ""])
    result = _read(text)
    assert _only(result).indicators[0].weight is None
    (finding,) = [f for f in result.findings if f.code == "import-value-unreadable"]
    assert finding.path == "indicators[0].weight"
    assert finding.message == "指标“培训人数”的分值的内容“十分”不是数字，已按空值导入"
    assert "weight" in finding.message_en


def test_a_missing_column_is_reported():
    text = _table(HEADER[:5], ["产出指标", "数量指标", "培训人数", "≥100人", "120人"])
    findings = _read(text).findings
    missing = sorted(f.evidence["column"] for f in findings if f.code == "import-column-missing")
    assert missing == ["分值", "得分"]


def test_a_table_cut_before_its_total_row_is_reported():
    (finding,) = _read(ONE_INDICATOR).findings
    assert finding.code == "import-table-truncated"
    complete = ONE_INDICATOR + _table(["总分", "90", "90"]) + "填报人：某某\n"
    assert _read(complete).findings == []


def test_several_tables_give_several_evaluations_in_document_order():
    text = PROJECT.read_text(encoding="utf-8") + "\n" + SPLIT.read_text(encoding="utf-8")
    result = _read(text, "two.txt")
    assert [e.project for e in result.evaluations] == ["农村供水保障提升工程", "城区道路照明维护"]
    assert [e.signoff.filler for e in result.evaluations] == ["张敏", "王丽"]
    second = result.evaluations[1]
    assert second.provenance["project"].table == 1


def test_two_tables_printed_as_one_are_cut_at_the_second_identity_row():
    text = _table(
        ["项目名称", "甲项目"],
        HEADER,
        ["产出指标", "数量指标", "甲指标", "1个", "1个", "100", "100", ""],
        ["总分", "100", "100"],
        ["项目名称", "乙项目"],
        HEADER,
        ["产出指标", "数量指标", "乙指标", "2个", "2个", "100", "90", "略"],
        ["总分", "100", "90"],
    )
    result = _read(text)
    assert [(e.project, e.indicators[0].name) for e in result.evaluations] == [
        ("甲项目", "甲指标"),
        ("乙项目", "乙指标"),
    ]


def test_a_table_split_in_two_by_word_is_read_as_one():
    text = (
        "部门整体支出绩效自评表\n"
        + _table(["预算部门名称", "某局"], ["按收入性质分：300", "按支出性质分：300"])
        + "（续表）\n"
        + ONE_INDICATOR
        + _table(["总分", "90", "90"])
    )
    evaluation = _only(_read(text))
    assert (evaluation.unit, evaluation.funds.by_source.total) == ("某局", D(300))
    assert evaluation.indicators[0].name == "培训人数"
    assert evaluation.provenance["indicators[0].name"].table == 1


def test_a_table_inside_the_report_stays_report_text():
    report = "附件2\n部门整体支出绩效自评报告\n一、支出情况\n支出明细如下：\n"
    inner = _table(["项目支出", "16503.88"], ["基本支出", "1007.91"])
    text = ONE_INDICATOR + _table(["总分", "90", "90"]) + report + inner + "二、绩效情况\n良好。\n"
    evaluation = _only(_read(text))
    assert evaluation.funds.by_nature.project is None
    assert evaluation.report is not None
    first, second = evaluation.report.sections
    assert first.text == "支出明细如下：\n项目支出\n16503.88\n基本支出\n1007.91"
    assert second.title == "绩效情况"


def test_a_grade_printed_in_the_table_wins_over_the_report():
    text = (
        _table(["自评等级", "良"])
        + ONE_INDICATOR
        + _table(["总分", "90", "90"])
        + "附件2\n项目支出绩效自评报告\n一、绩效情况\n评价等级为“优”。\n"
    )
    assert _only(_read(text)).grade == "良"


# --- a property -----------------------------------------------------------------------------

PADDING = st.text(alphabet=" \u3000", max_size=3)


def _pad_cells(text: str, draw: st.DrawFn) -> str:
    lines = []
    for line in text.split("\n"):
        if line.startswith("\t"):
            line = "\t" + draw(PADDING) + line[1:] + draw(PADDING)
        lines.append(line)
    return "\n".join(lines)


@st.composite
def padded_seedlike(draw: st.DrawFn) -> str:
    return _pad_cells(SEEDLIKE.read_text(encoding="utf-8"), draw)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(padded_seedlike())
def test_whitespace_around_cell_values_changes_nothing(text):
    original = _only(import_bytes(SEEDLIKE.read_bytes(), "x.txt"))
    padded = _only(import_bytes(text.encode("utf-8"), "x.txt"))
    assert padded == original


def test_an_attachment_label_apart_from_its_title_starts_the_next_table():
    project = (DATA / "project-basic.txt").read_text(encoding="utf-8")
    title_onwards = project.split("\n", 1)[1]
    two = f"{project}\n\n附件3\n\n{title_onwards}"
    first, second = import_bytes(two.encode(), "two.txt").evaluations
    assert first.report is None  # "附件3" is not the start of a report of the first table
    assert second.project == first.project


# --- level weights, subtotal rows, the funds deviation --------------------------------------


def _indicator_row(level1: str, level2: str, name: str, weight: str, score: str) -> list[str]:
    return [level1, level2, name, "≥1个", "1个", weight, score, ""]


def test_a_weight_printed_in_a_second_level_label_goes_to_extra():
    text = _table(
        HEADER,
        _indicator_row("产出指标（50分）", "数量指标（20分）", "培训人数", "10", "10"),
        _indicator_row("", "", "培训场次", "10", "10"),
        _indicator_row("", "质量指标", "合格率", "30", "30"),
    )
    first, second, third = _only(_read(text)).indicators
    assert [i.level2 for i in (first, second, third)] == ["数量指标", "数量指标", "质量指标"]
    assert first.extra["二级指标分值"] == second.extra["二级指标分值"] == "20"
    assert "二级指标分值" not in third.extra


def test_a_first_level_subtotal_row_is_skipped_and_declares_the_level_weight():
    text = _table(
        HEADER,
        _indicator_row("产出指标", "数量指标", "培训人数", "30", "30"),
        _indicator_row("", "质量指标", "合格率", "20", "18"),
        ["", "小计", "", "", "", "50", "48", ""],
        _indicator_row("效益指标", "社会效益指标", "群众知晓率", "50", "50"),
        ["效益指标", "小计", "", "—", "/", "50", "50", ""],
        ["总分", "100", "98"],
    )
    evaluation = _only(_read(text))
    assert [(i.level1, i.name) for i in evaluation.indicators] == [
        ("产出指标", "培训人数"),
        ("产出指标", "合格率"),
        ("效益指标", "群众知晓率"),
    ]
    assert evaluation.declared_level1_weights == {"产出指标": D(50), "效益指标": D(50)}


def test_a_subtotal_keeps_the_weight_printed_in_the_level_label():
    text = _table(
        HEADER,
        _indicator_row("产出指标（50分）", "数量指标", "培训人数", "50", "45"),
        ["产出指标", "合计", "", "", "", "45", "45", ""],
        ["总分", "50", "45"],
    )
    evaluation = _only(_read(text))
    assert [i.name for i in evaluation.indicators] == ["培训人数"]
    assert evaluation.declared_level1_weights == {"产出指标": D(50)}
    assert evaluation.total.weight == D(50)


def test_a_second_level_subtotal_row_is_skipped_without_declaring_a_weight():
    text = _table(
        HEADER,
        _indicator_row("产出指标", "数量指标", "培训人数", "20", "20"),
        ["", "", "小计", "", "", "20", "20", ""],
        ["", "质量指标", "小计", "", "", "30", "28", ""],
        _indicator_row("", "", "合格率", "30", "28"),
    )
    evaluation = _only(_read(text))
    assert [(i.level2, i.name) for i in evaluation.indicators] == [
        ("数量指标", "培训人数"),
        ("质量指标", "合格率"),
    ]
    assert evaluation.declared_level1_weights == {}


def test_a_row_without_a_name_but_with_a_target_is_still_an_indicator():
    text = _table(HEADER, _indicator_row("产出指标", "数量指标", "", "10", "10"))
    (indicator,) = _only(_read(text)).indicators
    assert (indicator.name, indicator.weight) == ("", D(10))


@pytest.mark.parametrize("header", ["偏差原因分析", "未完成原因分析", "偏差原因分析及改进措施"])
def test_the_deviation_column_of_the_funds_block_gives_the_funds_deviation_reason(header):
    text = _table(
        ["预算部门名称", "某局"],
        ["", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", header],
        ["年度资金总额", "100", "120", "90", "10", "75%", "7.5", "两个项目未完工"],
    )
    evaluation = _only(_read(text + ONE_INDICATOR))
    funds = evaluation.funds
    assert funds.deviation_reason == "两个项目未完工"
    assert (funds.executed, funds.score) == (D(90), D("7.5"))
    assert evaluation.provenance["funds.deviation_reason"].column == 7


def test_a_funds_block_without_a_deviation_column_leaves_the_reason_null(seedlike):
    assert seedlike.funds.deviation_reason is None

"""report-table-mismatch: the report gives an indicator another figure than the table."""

from __future__ import annotations

import pytest

from jixiao.model import Measured
from tests.core.checks.support import run, section
from tests.factories import clean_department


def with_performance_text(text: str):
    evaluation = clean_department()
    section(evaluation, 3).text = text
    return evaluation


def test_it_flags_craftsmen_trained_225_in_the_table_and_229_in_the_report():
    evaluation = clean_department()
    evaluation.indicators[3].actual = Measured(text="225名")

    [finding] = run(evaluation, "report_table")

    assert finding.code == "report-table-mismatch"
    assert finding.path == "report.sections[2].text"
    assert finding.evidence == {
        "indicator": "培训工匠人数",
        "indicator_path": "indicators[3].actual",
        "table": "225名",
        "report": "229名",
        "phrase": "全年培训合格工匠229名",
    }
    assert "229名" in finding.message
    assert "225名" in finding.message


def test_it_compares_money_across_units():
    evaluation = with_performance_text("收取污水处理费7200000元。")

    assert run(evaluation, "report_table") == []


def test_it_flags_a_fee_that_differs_from_the_table():
    [finding] = run(with_performance_text("全年收取污水处理费792.63万元。"), "report_table")

    assert finding.evidence["table"] == "720万元"
    assert finding.evidence["report"] == "792.63万元"


def test_a_rounded_report_figure_agrees_with_the_table():
    evaluation = clean_department()
    evaluation.indicators[10].actual = Measured(text="792.63万元")
    section(evaluation, 3).text = "收取污水处理费792.6万元。"

    assert run(evaluation, "report_table") == []


@pytest.mark.parametrize(
    "text",
    [
        # a loss rate is not the supply rate
        "全区供水管网漏损率控制在19%以内；供水率保持稳定。",
        # 49户 of a reward is not the 22户 of rebuilt houses
        "兑现3000元/户奖励49户14.7万元。22户农村危房改造任务全面完成。",
        # a limit and a rough figure are not results
        "培训工匠不少于200名，组织施工单位约300人培训。",
        # a planned figure is not a result
        "培训工匠目标225名。",
        # one figure of the unit in the clause equals the table
        "培训合格工匠229名（其中女性12名）。",
        # no clause names the indicator
        "组织施工单位50余人参加安全培训。",
    ],
)
def test_it_does_not_flag_near_misses(text: str):
    assert run(with_performance_text(text), "report_table") == []


def test_a_rate_is_matched_by_its_full_name_only():
    evaluation = with_performance_text("县城供水率达到85%。")

    [finding] = run(evaluation, "report_table")

    assert finding.evidence["indicator"] == "供水率"
    assert finding.evidence["report"] == "85%"


def test_two_lines_with_one_name_agree_with_either_figure():
    evaluation = clean_department()
    evaluation.indicators[2].actual = Measured(text="22户")
    evaluation.indicators[5].name = "危房改造户数"
    evaluation.indicators[5].target = Measured(text="10户")
    evaluation.indicators[5].actual = Measured(text="12户")
    section(evaluation, 3).text = "城区完成危房改造12户，农村完成危房改造22户。"

    assert run(evaluation, "report_table") == []


def test_a_table_without_a_report_has_nothing_to_compare():
    evaluation = clean_department()
    evaluation.report = None

    assert run(evaluation, "report_table") == []


def test_the_clean_report_repeats_the_tables_figures():
    assert run(clean_department(), "report_table") == []


def test_the_figure_may_follow_in_the_next_clause_of_its_sentence():
    evaluation = with_performance_text("全年组织农村建筑工匠培训，考核合格229名；危房改造22户。")
    evaluation.indicators[3].actual = Measured(text="225名")

    [finding] = run(evaluation, "report_table")

    assert finding.evidence["phrase"] == "全年组织农村建筑工匠培训，考核合格229名"


def test_a_sentence_with_two_figures_after_the_name_is_not_guessed():
    evaluation = with_performance_text("全年组织工匠培训，考核合格229名，另有施工人员300名参训。")
    evaluation.indicators[3].actual = Measured(text="225名")

    assert run(evaluation, "report_table") == []

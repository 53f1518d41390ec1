"""A project table's 项目资金 rows on the edit page: typed, added, removed, checked as typed."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from jixiao.model import FundLine
from jixiao_web.evaluations.models import Document, Version
from jixiao_web.services.documents import create_document, current_version, load_evaluation
from tests.web.test_edit_page import edit_url, form_post

D = Decimal


@pytest.fixture
def project_a(org: dict[str, Any], admin: Any, clean_evaluation: Any) -> Document:
    """Unit A's project draft: the 年度资金总额 row and three 其中 rows, one of them printed
    with a rate its amounts do not give (80%, where 5195.73 ÷ 5195.73 is 100%)."""
    clean_evaluation.kind = "project"
    clean_evaluation.project = "污水管网一期"
    clean_evaluation.unit = "单位A"
    funds = clean_evaluation.funds
    funds.lines = [
        FundLine(
            label="年度资金总额", initial_budget=funds.initial_budget,
            full_year_budget=funds.full_year_budget, executed=funds.executed,
            execution_rate=funds.execution_rate, weight=funds.weight, score=funds.score,
        ),
        FundLine(label="其中：当年财政拨款", initial_budget=D("12000"),
                 full_year_budget=D("12000"), executed=D("11000"), execution_rate=D("91.67")),
        FundLine(label="上年结转资金", full_year_budget=D("5195.73"), executed=D("5195.73"),
                 execution_rate=D("80")),
        FundLine(label="其他资金", full_year_budget=D("316.06"), executed=D("316.06"),
                 execution_rate=D("100")),
    ]  # fmt: skip
    return create_document(admin.actor, org["A"], clean_evaluation).document


def row_html(html: str, number: int) -> str:
    """The page's table row of ``funds.lines[number]``."""
    return html.split(f'id="row-funds-lines-{number}"')[1].split("</tr>")[0]


def saved_lines(document: Document) -> list[FundLine]:
    document.refresh_from_db()
    return load_evaluation(current_version(document)).funds.lines


def test_a_project_drafts_funds_rows_appear_with_their_values(
    filler_a: Any, project_a: Document
) -> None:
    html = filler_a.client.get(edit_url(project_a)).content.decode()

    assert html.count('name="fund_lines.label"') == 3  # the 年度资金总额 row is the funds block's
    first = row_html(html, 1)
    assert 'value="其中：当年财政拨款"' in first
    assert 'name="fund_lines.executed" value="11000"' in first
    assert '<span id="rate-funds-lines-1">91.67%</span>' in first  # computed, not an input
    assert 'name="fund_lines.execution_rate"' not in html
    assert 'name="funds.executed" value="17511.79"' in html


def test_an_edit_of_a_rows_executed_amount_saves_exactly_that_value(
    filler_a: Any, project_a: Document
) -> None:
    data = form_post(project_a)
    data["fund_lines.executed"][0] = "1234567890123.45"  # 16 digits

    response = filler_a.client.post(edit_url(project_a), data)

    assert response.status_code == 302
    lines = saved_lines(project_a)
    assert [line.label for line in lines] == [
        "年度资金总额",
        "其中：当年财政拨款",
        "上年结转资金",
        "其他资金",
    ]
    assert lines[1].executed == D("1234567890123.45")
    # The printed rate no longer fits its amounts: the computed one (to two places) replaces it.
    assert lines[1].execution_rate == D("10288065751.03")
    assert (lines[2].executed, lines[2].execution_rate) == (D("5195.73"), D("80"))
    assert lines[0].executed == D("17511.79")


def test_the_total_row_follows_the_funds_block_it_repeats(
    filler_a: Any, project_a: Document
) -> None:
    filler_a.client.post(edit_url(project_a), form_post(project_a, **{"funds.executed": "17000"}))

    assert saved_lines(project_a)[0].executed == D("17000")


def test_a_row_is_added_and_removed_without_saving(filler_a: Any, project_a: Document) -> None:
    added = form_post(project_a)
    added["op"] = ["add:fund_lines:0"]
    removed = form_post(project_a)
    removed["op"] = ["remove:fund_lines:0"]

    after_add = filler_a.client.post(edit_url(project_a), added).content.decode()
    after_remove = filler_a.client.post(edit_url(project_a), removed).content.decode()

    assert after_add.count('name="fund_lines.label"') == 4
    assert 'name="fund_lines.label" value=""' in row_html(after_add, 2)
    assert after_remove.count('name="fund_lines.label"') == 2
    assert 'value="上年结转资金"' in row_html(after_remove, 1)
    assert Version.objects.filter(document=project_a).count() == 1


def test_a_removed_row_is_gone_from_the_saved_version(filler_a: Any, project_a: Document) -> None:
    data = form_post(project_a)
    for name in ("origin", "label", "initial_budget", "full_year_budget", "executed", "weight",
                 "score"):  # fmt: skip
        del data[f"fund_lines.{name}"][2]

    filler_a.client.post(edit_url(project_a), data)

    assert [line.label for line in saved_lines(project_a)][1:] == [
        "其中：当年财政拨款",
        "上年结转资金",
    ]


def test_a_bad_amount_keeps_the_input_and_shows_the_error_beside_it(
    filler_a: Any, project_a: Document
) -> None:
    data = form_post(project_a)
    data["fund_lines.full_year_budget"][1] = "5195.73万"

    response = filler_a.client.post(edit_url(project_a), data)

    assert response.status_code == 400
    row = row_html(response.content.decode(), 2)
    assert 'value="5195.73万" class="num" inputmode="decimal" size="10" aria-invalid="true">' in row
    assert "不是数字" in row
    assert Version.objects.filter(document=project_a).count() == 1


def test_a_row_without_a_name_is_refused(filler_a: Any, project_a: Document) -> None:
    data = form_post(project_a)
    data["fund_lines.label"][0] = " "

    response = filler_a.client.post(edit_url(project_a), data)

    assert response.status_code == 400
    assert "资金行名称不能为空" in row_html(response.content.decode(), 1)


def test_a_rows_finding_shows_beside_the_row(filler_a: Any, project_a: Document) -> None:
    html = filler_a.client.get(edit_url(project_a)).content.decode()

    near_row = html.split('id="live-funds-lines-2" class="near">')[1].split("</div>")[0]
    assert 'data-code="funds-exec-rate-mismatch"' in near_row
    near_funds = html.split('id="live-funds"')[1].split("</div>")[0]
    assert "funds-exec-rate-mismatch" not in near_funds


def test_the_live_preview_recomputes_the_rows_rate_and_findings(
    filler_a: Any, project_a: Document
) -> None:
    data = form_post(project_a)
    data["fund_lines.executed"][0] = "6000"
    data["fund_lines.executed"][1] = "5000"  # the printed 80% is dropped with the old amount

    response = filler_a.client.post(edit_url(project_a, "preview/"), data)

    html = response.content.decode()
    assert response.status_code == 200
    assert '<span id="rate-funds-lines-1" hx-swap-oob="true">50.00%</span>' in html
    assert '<span id="rate-funds-lines-2" hx-swap-oob="true">96.23%</span>' in html
    box = html.split('id="live-funds-lines-2" class="near" hx-swap-oob="true">')[1]
    assert box.startswith("</div>")  # the mismatch found on the page before is gone
    assert Version.objects.filter(document=project_a).count() == 1


def test_a_department_page_has_no_project_funds_rows(filler_a: Any, draft_a: Document) -> None:
    html = filler_a.client.get(edit_url(draft_a)).content.decode()

    assert 'name="fund_lines.label"' not in html
    assert "add:fund_lines" not in html
    assert 'name="funds.by_source.total"' in html


def test_the_project_funds_rows_in_english_show_no_chinese_but_the_data(
    filler_a: Any, project_a: Document
) -> None:
    from tests.web.test_i18n import _chinese_left, _user_data, in_english

    page = in_english(filler_a).get(edit_url(project_a)).content.decode()

    assert _chinese_left(page, _user_data(project_a)) == []


def test_a_new_row_is_saved_with_the_rate_its_amounts_give_and_no_amounts_no_rate(
    filler_a: Any, project_a: Document
) -> None:
    data = form_post(project_a)
    for name, first, second in (
        ("origin", "", ""),
        ("label", "新增：专项债券", "新增：待定资金"),
        ("initial_budget", "", ""),
        ("full_year_budget", "300", ""),
        ("executed", "200", "50"),
        ("weight", "", ""),
        ("score", "", ""),
    ):
        data[f"fund_lines.{name}"] += [first, second]

    assert filler_a.client.post(edit_url(project_a), data).status_code == 302

    added, unknown = saved_lines(project_a)[-2:]
    assert (added.label, added.execution_rate) == ("新增：专项债券", D("66.67"))
    assert (unknown.label, unknown.execution_rate) == ("新增：待定资金", None)

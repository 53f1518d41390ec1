"""The 自评表 as a workbook: it imports back to the model, keeps every digit, computes the rate
and the totals live, keeps users' text as text, and guides a reviewer to the cells to fill."""

from __future__ import annotations

import io
from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from jixiao import load_profile
from jixiao.importers import import_bytes
from jixiao.model import Evaluation
from jixiao.render.table_xlsx import RULES_SHEET, SHEET, table_xlsx
from jixiao.rules import Profile
from tests.core.render.strategies import comparable, evaluations, read_back, sample_project
from tests.factories import clean_department, seedlike_department

EXAMPLES: dict[str, Callable[[], Evaluation]] = {
    "seed-like department": seedlike_department,
    "clean department": clean_department,
    "project": sample_project,
}


@pytest.fixture(scope="module")
def profile() -> Profile:
    return load_profile("national-2020")


def _imported(evaluation: Evaluation, profile: Profile) -> Evaluation:
    (read,) = import_bytes(table_xlsx(evaluation, profile), "自评表.xlsx").evaluations
    return read


def _sheet(evaluation: Evaluation, profile: Profile, *, cached: bool = False) -> Worksheet:
    workbook = load_workbook(io.BytesIO(table_xlsx(evaluation, profile)), data_only=cached)
    sheet: Worksheet = workbook[SHEET]
    return sheet


def _find(sheet: Worksheet, text: str) -> tuple[int, int]:
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == text:
                return cell.row, cell.column
    raise AssertionError(f"{text} not on the sheet")


@pytest.mark.parametrize("make", EXAMPLES.values(), ids=EXAMPLES.keys())
def test_the_workbook_imports_back_as_the_model_it_was_written_from(
    make: Callable[[], Evaluation], profile: Profile
) -> None:
    evaluation = make()
    assert read_back(_imported(evaluation, profile)) == comparable(evaluation)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(evaluations(max_indicators=15))
def test_any_evaluation_survives_the_workbook(evaluation: Evaluation) -> None:
    profile = load_profile("national-2020")
    assert read_back(_imported(evaluation, profile)) == comparable(evaluation)


@pytest.mark.slow
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(evaluations(max_indicators=60))
def test_many_evaluations_with_up_to_sixty_indicators_survive_the_workbook(
    evaluation: Evaluation,
) -> None:
    profile = load_profile("national-2020")
    assert read_back(_imported(evaluation, profile)) == comparable(evaluation)


def test_text_that_looks_like_a_formula_is_stored_and_read_as_text(profile: Profile) -> None:
    evaluation = clean_department()
    evaluation.indicators[0].name = "=1+1"
    evaluation.indicators[1].deviation_reason = "@SUM(A1)"
    evaluation.goals[0].actual = "-2+3"
    sheet = _sheet(evaluation, profile)
    row, column = _find(sheet, "=1+1")
    assert sheet.cell(row, column).data_type == "s"
    assert sheet.cell(*_find(sheet, "@SUM(A1)")).data_type == "s"
    assert read_back(_imported(evaluation, profile)) == comparable(evaluation)


def test_the_rate_and_the_totals_are_live_formulas_with_their_results_stored(
    profile: Profile,
) -> None:
    evaluation = seedlike_department()
    formulas = [
        cell.value
        for row in _sheet(evaluation, profile).iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith("=")
    ]
    assert len(formulas) == 3
    assert formulas[0].startswith("=IF(")
    assert all(formula.startswith("=SUM(") for formula in formulas[1:])
    cached = _sheet(evaluation, profile, cached=True)
    row, _ = _find(cached, "总分")
    assert [cached.cell(row, column).value for column in (7, 8)] == [100, 98]


def test_a_printed_rate_the_amounts_do_not_give_stays_a_plain_number(profile: Profile) -> None:
    evaluation = clean_department()
    evaluation.funds.execution_rate = Decimal("97.5")
    sheet = _sheet(evaluation, profile)
    rates = [cell for row in sheet.iter_rows() for cell in row if cell.value == 0.975]
    assert len(rates) == 1
    assert rates[0].number_format == "0.0%"
    assert read_back(_imported(evaluation, profile)) == comparable(evaluation)


def test_an_amount_too_long_for_a_spreadsheet_number_is_kept_as_text(profile: Profile) -> None:
    evaluation = clean_department()
    evaluation.funds.full_year_budget = Decimal("1234567890123.456")  # 16 digits
    evaluation.funds.executed = Decimal("123456789012.345")  # 15 digits: a number
    sheet = _sheet(evaluation, profile)
    texts = {cell.value for row in sheet.iter_rows() for cell in row}
    assert "1234567890123.456" in texts
    assert 123456789012.345 in texts
    assert read_back(_imported(evaluation, profile)) == comparable(evaluation)


def test_amounts_show_exactly_their_printed_decimals(profile: Profile) -> None:
    sheet = _sheet(clean_department(), profile)
    budgets = [cell for row in sheet.iter_rows() for cell in row if cell.value == 16800]
    assert [cell.number_format for cell in budgets] == ["0.00"]


def test_the_sheet_is_protected_as_a_guide_with_the_cells_to_fill_unlocked(
    profile: Profile,
) -> None:
    sheet = _sheet(seedlike_department(), profile)
    assert sheet.protection.sheet
    assert not sheet.protection.password
    label = sheet.cell(*_find(sheet, "三级指标"))
    assert label.protection.locked
    name_row, name_column = _find(sheet, "危房改造户数")
    actual = sheet.cell(name_row, name_column + 2)
    assert actual.value == "22户"
    assert not actual.protection.locked
    target = sheet.cell(name_row, name_column + 1)
    assert target.protection.locked


def test_the_rules_sheet_records_the_profile_used(profile: Profile) -> None:
    data = table_xlsx(clean_department(), profile)
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == [SHEET, RULES_SHEET]
    rows = [
        tuple(v for v in row if v is not None)
        for row in workbook[RULES_SHEET].iter_rows(values_only=True)
    ]
    assert ("评分规则", profile.name) in rows
    assert ("一级：产出指标", "50") in rows
    assert ("等级：优", "90分及以上") in rows


def test_the_form_prints_on_a4_fitted_to_the_width_with_the_header_repeated(
    profile: Profile,
) -> None:
    sheet = _sheet(seedlike_department(), profile)
    header_row, _ = _find(sheet, "三级指标")
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == f"${header_row}:${header_row}"


@pytest.mark.parametrize("kind", ["department", "project"])
def test_a_blank_form_reads_back_as_an_empty_evaluation(kind: str, profile: Profile) -> None:
    blank = Evaluation.model_validate({"kind": kind})
    assert read_back(_imported(blank, profile)) == comparable(blank)

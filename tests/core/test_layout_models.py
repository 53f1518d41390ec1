"""The layout reader builds its models without validating them again: they must be the very
models validation makes of the same data."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.importers import import_bytes
from jixiao.importers.cells import Cell, Table, empty_cell, header_key, make_cell, one_line_cell
from jixiao.importers.layout import evaluations_from_blocks
from jixiao.model import Evaluation, Indicator, Measured, SourceRef
from jixiao.model.trusted import trusted
from jixiao.values import parse_value
from tests.corpus.layouts import FAMILIES, sample
from tests.corpus.write_docx import write_docx


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_an_imported_evaluation_survives_a_round_trip_through_validation(family: str) -> None:
    document = write_docx(sample(7, family).document)
    for evaluation in import_bytes(document, "f.docx").evaluations:
        assert Evaluation.model_validate(evaluation.model_dump()) == evaluation
        again = Evaluation.model_validate_json(evaluation.model_dump_json())
        assert again.model_dump_json() == evaluation.model_dump_json()


def test_a_trusted_measured_value_is_the_one_validation_makes() -> None:
    made = trusted(Measured, {"text": "≥95%", "parsed": parse_value("≥95%")})
    assert made == Measured(text="≥95%")
    assert made.value == Measured(text="≥95%").value


def test_a_trusted_indicator_dumps_and_compares_like_a_validated_one() -> None:
    values = {
        "level1": "产出指标",
        "level2": "数量指标",
        "name": "培训人次",
        "target": Measured(text="≥225人次"),
        "actual": None,
        "weight": Decimal("10"),
        "score": Decimal("9.5"),
        "deviation_reason": None,
        "direction": None,
        "extra": {"备注": ""},
    }
    made = trusted(Indicator, dict(values))
    validated = Indicator.model_validate(values)
    assert made == validated
    assert made.model_dump_json() == validated.model_dump_json()
    made.score = Decimal("9")  # still an ordinary model: assignment works
    assert made.score == Decimal("9")


def _cells(texts: list[str], row: int) -> list[Cell]:
    return [make_cell([text], 0, row, column) for column, text in enumerate(texts)]


def test_provenance_of_a_printed_box_is_kept_as_floats() -> None:
    rows = [
        _cells(["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"], 0),
        _cells(["产出指标", "数量指标", "培训人次", "≥225人次", "230人次", "10", "10"], 1),
    ]
    boxed = [cell._replace(page=1, bbox=(1, 2, 3, 4)) for cell in rows[1]]
    result = evaluations_from_blocks([Table(0, [rows[0], boxed])], "f.pdf")
    ref = result.evaluations[0].provenance["indicators[0].name"]
    assert ref == SourceRef(file="f.pdf", table=0, row=1, column=2, page=1, bbox=(1, 2, 3, 4))
    assert ref.bbox == (1.0, 2.0, 3.0, 4.0)
    assert all(isinstance(value, float) for value in ref.bbox or ())


@pytest.mark.parametrize(
    "text",
    [
        "",
        "  ",
        "年度指标值",
        " 分值(W) ",
        "数量\n指标",
        "[bookmark: _GoBack]得分",
        "a\n\n b ",
        "全年  预算数",
    ],
)
def test_a_one_line_cell_is_the_cell_made_of_its_lines(text: str) -> None:
    assert one_line_cell(text, 1, 2, 3) == make_cell(text.split("\n"), 1, 2, 3)
    assert empty_cell(1, 2, 3) == make_cell([], 1, 2, 3)


def test_a_header_key_drops_notes_in_parentheses_and_the_trailing_colon() -> None:
    assert header_key("年度预算申请（万元）") == "年度预算申请"
    assert header_key("分值(W)：") == "分值"
    assert header_key("全年  预算数") == "全年预算数"
    assert header_key("（万元）") == "(万元)"  # nothing left without the note: kept whole

"""The model: lossless JSON, exact money, unknown as null, and docs that match the fields."""

from __future__ import annotations

import json
from decimal import Decimal as D
from pathlib import Path
from typing import get_origin

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.model import Evaluation, Funds, Indicator, Measured
from jixiao.values import ValueKind
from tests.factories import clean_department, seedlike_department

DOCS = Path(__file__).parents[2] / "docs" / "model.md"


def _field_paths(model: type, prefix: str = "") -> set[str]:
    paths: set[str] = set()
    for name, info in model.model_fields.items():  # type: ignore[attr-defined]
        paths.add(prefix + name)
        annotation = info.annotation
        step = f"{name}[]." if get_origin(annotation) is list else f"{name}."
        for candidate in getattr(annotation, "__args__", (annotation,)):
            if hasattr(candidate, "model_fields") and candidate is not Measured:
                paths |= _field_paths(candidate, prefix + step)
    return paths


def test_json_round_trip_is_lossless_for_both_sample_documents():
    for evaluation in (clean_department(), seedlike_department()):
        assert Evaluation.from_json(evaluation.to_json()) == evaluation


def test_money_is_written_as_exact_decimal_strings():
    data = json.loads(seedlike_department().to_json())
    assert data["funds"]["full_year_budget"] == "17511.79"
    assert Evaluation.from_json(json.dumps(data)).funds.full_year_budget == D("17511.79")


def test_a_sixteen_digit_amount_survives_the_round_trip():
    evaluation = Evaluation(funds=Funds(executed=D("1234567890123.456")))
    assert Evaluation.from_json(evaluation.to_json()).funds.executed == D("1234567890123.456")


def test_unknown_stays_null():
    data = json.loads(Evaluation().to_json())
    assert data["funds"]["by_source"]["special_account_non_tax"] is None
    assert data["total"]["score"] is None


def test_a_value_typed_without_parse_is_parsed_on_load():
    indicator = Indicator.model_validate({"name": "户数", "target": {"text": "19户"}})
    assert indicator.target is not None
    assert indicator.target.value.number == D(19)
    assert indicator.target.value.kind is ValueKind.QUANTITATIVE


def test_unexpected_fields_are_rejected():
    data = json.loads(Evaluation().to_json())
    data["funds"]["spent"] = "1"
    with pytest.raises(ValueError, match="spent"):
        Evaluation.model_validate(data)


def test_docs_describe_every_field_of_the_model():
    text = DOCS.read_text(encoding="utf-8")
    missing = [
        path
        for path in sorted(_field_paths(Evaluation))
        if f"`{path}" not in text and f"`{path.rsplit('.', 1)[-1]}" not in text
    ]
    assert missing == [], f"docs/model.md does not mention {missing}"


_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
_money = st.none() | st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False)


@given(
    name=_text.filter(str.strip),
    target=_text,
    actual=_text,
    weight=_money,
    executed=_money,
)
def test_any_document_round_trips(name, target, actual, weight, executed):
    evaluation = Evaluation(
        funds=Funds(executed=executed),
        indicators=[
            Indicator(
                name=name,
                target=Measured(text=target),
                actual=Measured(text=actual),
                weight=weight,
            )
        ],
    )
    assert Evaluation.from_json(evaluation.to_json()) == evaluation

"""Every field of the model has a name in the forms' words and in English, in one table."""

from __future__ import annotations

import typing

from pydantic import BaseModel

from jixiao.model import Evaluation
from jixiao.model.labels import LABELS, field_label

# Fields no person is ever shown by name: bookkeeping, or shown by their own value.
UNNAMED = {"schema_version", "provenance", "extra", "parsed", "justifications.code",
           "justifications.path", "justifications.author"}  # fmt: skip


def _models(annotation: object) -> list[type[BaseModel]]:
    found = [annotation] if isinstance(annotation, type) else list(typing.get_args(annotation))
    models = []
    for item in found:
        if isinstance(item, type) and issubclass(item, BaseModel):
            models.append(item)
        elif typing.get_args(item):
            models += _models(item)
    return models


def _field_paths(model: type[BaseModel], prefix: str = "") -> list[tuple[str, str]]:
    paths = []
    for name, info in model.model_fields.items():
        path = f"{prefix}.{name}" if prefix else name
        if name in UNNAMED or path in UNNAMED:
            continue
        paths.append((path, name))
        for inner in _models(info.annotation):
            paths += _field_paths(inner, path)
    return paths


def test_every_field_a_person_may_be_shown_has_a_chinese_and_an_english_name():
    unnamed = [path for path, name in _field_paths(Evaluation) if name not in LABELS]

    assert unnamed == []
    assert all(chinese and english for chinese, english in LABELS.values())


def test_a_key_is_named_by_where_it_stands():
    assert field_label("total") == "总分"
    assert field_label("total", "by_source") == "合计"
    assert field_label("total", "by_source", english=True) == "Total"
    assert field_label("text", "target") == ""  # the value itself: no word


def test_an_unknown_key_is_shown_as_it_is():
    assert field_label("made_up") == "made_up"

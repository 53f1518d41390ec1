"""Models built from values the package has already read and typed, without validating again.

Validation belongs where data comes in. An importer reads a file's cells into exactly the types
the model declares (``str``, ``Decimal`` as printed, ``parse_value`` results), and scoring
computes its results the same way; validating them again cost a third of reading a table and
5 % of checking one (``model_construct`` does the same job five times slower).
The object made here is the one ``model_validate`` makes of the same values, so that
``Evaluation.model_validate(ev.model_dump()) == ev`` holds for what the importers build.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

Model = TypeVar("Model", bound=BaseModel)
# BaseModel's slots, set through their descriptors: a third faster than object.__setattr__,
# which looks each one up again.
_set_dict = BaseModel.__dict__["__dict__"].__set__
_set_fields_set = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__
_new = object.__new__


def trusted(model: type[Model], values: dict[str, Any]) -> Model:
    """``model`` holding ``values``, which must name every field with a value of its declared
    type (defaults are not filled in, validators do not run). Only for models without private
    attributes or extra fields, as all of :mod:`jixiao.model` are."""
    made = _new(model)
    _set_dict(made, values)
    _set_fields_set(made, set(values))
    _set_extra(made, None)
    _set_private(made, None)
    return made


def trusted_set(model: BaseModel, name: str, value: Any) -> None:
    """``model.name = value`` for a value of the field's declared type, as pydantic's own
    assignment does without ``validate_assignment`` (which no model of the package sets),
    minus its handler lookup: the readers fill fields one cell at a time."""
    model.__dict__[name] = value
    model.__pydantic_fields_set__.add(name)

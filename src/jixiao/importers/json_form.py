"""Our own JSON: an :class:`~jixiao.model.Evaluation` as ``Evaluation.to_json`` writes it.

Also accepted, because users feed back what the tools print: the CLI's check output
(``{"evaluation": {...}, "score": ..., "findings": [...]}``), an import result
(``{"evaluations": [...], "findings": [...]}``) and a plain list of evaluations.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from jixiao.importers.base import ImportResult, import_error
from jixiao.importers.decoding import decode, decode_head
from jixiao.model import Evaluation

# Keys only our JSON has at its top level; a head mentioning one is almost surely ours.
_OUR_KEYS = ('"kind"', '"indicators"', '"evaluation"', '"evaluations"', '"schema_version"')


def _path(location: tuple[int | str, ...]) -> str:
    """("indicators", 3, "weight") → "indicators[3].weight"."""
    text = ""
    for part in location:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text or "(root)"


def _invalid(exc: ValidationError, prefix: str = "") -> Exception:
    first = exc.errors()[0]
    where = prefix + _path(tuple(first["loc"]))
    return import_error(
        "import-invalid-json",
        f"字段 {where}：{first['msg']}",
        f"field {where}: {first['msg']} ({exc.error_count()} errors)",
    )


def _validate(raw: Any, prefix: str) -> Evaluation:
    try:
        return Evaluation.model_validate(raw)
    except ValidationError as exc:
        raise _invalid(exc, prefix) from exc


def _evaluations(raw: Any) -> list[Evaluation]:
    if isinstance(raw, list):
        return [_validate(item, f"[{i}].") for i, item in enumerate(raw)]
    if isinstance(raw, dict) and isinstance(raw.get("evaluation"), dict):
        return [_validate(raw["evaluation"], "evaluation.")]
    if isinstance(raw, dict) and isinstance(raw.get("evaluations"), list):
        return [_validate(item, f"evaluations[{i}].") for i, item in enumerate(raw["evaluations"])]
    return [_validate(raw, "")]


class JsonImporter:
    """jixiao's JSON form of an evaluation (or of the tools' outputs that carry one)."""

    name = "json"

    def sniff(self, head: bytes, name: str) -> float:
        text = decode_head(head)
        if text is None:
            return 0.0
        start = text.lstrip()
        if not start.startswith(("{", "[")):
            return 0.0
        return 0.95 if any(key in text for key in _OUR_KEYS) else 0.6

    def read(self, data: bytes, name: str) -> ImportResult:
        text = decode(data)
        try:
            # Fast path, and exact: pydantic reads numbers as Decimal straight from the JSON.
            return ImportResult(evaluations=[Evaluation.model_validate_json(text)])
        except ValidationError:
            pass  # maybe a wrapper, or really invalid: the slower path says which
        try:
            # Decimal for floats, so 5025.23 stays 5025.23 and not 5025.229999…
            raw = json.loads(text, parse_float=Decimal)
        except json.JSONDecodeError as exc:
            raise import_error(
                "import-invalid-json",
                f"不是有效的 JSON（第{exc.lineno}行第{exc.colno}列）：{exc.msg}",
                f"not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}",
            ) from exc
        return ImportResult(evaluations=_evaluations(raw))

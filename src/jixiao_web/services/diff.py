"""What changed between two versions: their JSON compared field by field, as readable rows.

Only what a person typed is compared: the parsed meaning of a value (``…parsed``) follows from
its text, and ``provenance`` records where an import found it, so both are left out.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext

from jixiao.model.labels import field_label
from jixiao_web.language import in_english

IGNORED_KEYS = frozenset({"parsed", "provenance", "schema_version"})
_SEGMENT = re.compile(r"([a-z_0-9]+)(?:\[(\d+)\])?")


@dataclass(frozen=True)
class DiffRow:
    path: str
    label: str
    old: str | None
    new: str | None


def flatten(value: Any, prefix: str = "") -> dict[str, str | None]:
    """``{"indicators[0].target.text": "19户", …}``: every leaf by its path."""
    if isinstance(value, dict):
        flat: dict[str, str | None] = {}
        for key, item in value.items():
            if key not in IGNORED_KEYS:
                flat.update(flatten(item, f"{prefix}.{key}" if prefix else key))
        return flat
    if isinstance(value, list):
        flat = {}
        for index, item in enumerate(value):
            flat.update(flatten(item, f"{prefix}[{index}]"))
        return flat
    return {prefix: None if value is None else str(value)}


def label(path: str) -> str:
    """``indicators[2].target.text`` → ``绩效指标 第3行 · 年度指标值`` (in the active language)."""
    parts, parent, english = [], "", in_english()
    for name, index in _SEGMENT.findall(path):
        word = field_label(name, parent, english=english)  # the core's one table of names
        parent = name
        if word and index:
            parts.append(gettext("%(field)s 第%(row)d行") % {"field": word, "row": int(index) + 1})
        elif word:
            parts.append(word)
    return " · ".join(parts)


def diff_json(old_json: str, new_json: str) -> list[DiffRow]:
    old, new = flatten(json.loads(old_json)), flatten(json.loads(new_json))
    paths = [*old, *(path for path in new if path not in old)]
    return [
        DiffRow(path, label(path), old.get(path), new.get(path))
        for path in paths
        if old.get(path) != new.get(path)
    ]

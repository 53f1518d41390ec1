"""What changed between two versions: their JSON compared field by field, as readable rows.

Only what a person typed is compared: the parsed meaning of a value (``…parsed``) follows from
its text, and ``provenance`` records where an import found it, so both are left out.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

IGNORED_KEYS = frozenset({"parsed", "provenance", "schema_version"})

FIELD_LABELS: dict[str, StrOrPromise] = {
    "unit": _("单位"), "department": _("主管部门"), "project": _("项目名称"), "year": _("年度"),
    "implementing_unit": _("实施单位"), "kind": _("类别"), "funds": _("资金"),
    "requested": _("年度预算申请"), "initial_budget": _("年初预算数"),
    "full_year_budget": _("全年预算数"), "executed": _("全年执行数"), "execution_rate": _("执行率"),
    "weight": _("分值"), "score": _("得分"), "deviation_reason": _("偏差原因分析及改进措施"),
    "by_source": _("按收入性质分"), "by_nature": _("按支出性质分"), "total": _("合计"),
    "general_public_budget": _("一般公共预算"), "government_fund": _("政府性基金拨款"),
    "special_account_non_tax": _("纳入专户管理的非税收入拨款"), "other": _("其他资金"),
    "basic": _("基本支出"), "goals": _("年度总体目标"), "expected": _("预期目标"),
    "actual": _("实际完成值"), "indicators": _("绩效指标"), "level1": _("一级指标"),
    "level2": _("二级指标"), "name": _("三级指标"), "target": _("年度指标值"), "text": "",
    "signoff": _("签署"), "filler": _("填报人"), "phone": _("联系电话"), "date": _("填报日期"),
    "head": _("单位负责人"), "report": _("自评报告"), "sections": _("部分"), "title": _("标题"),
    "preamble": _("引言"), "justifications": pgettext_lazy("justifications", "说明"),
    "grade": _("等级"), "lines": _("资金行"), "direction": _("指标方向"),
}  # fmt: skip

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
    parts = []
    for name, index in _SEGMENT.findall(path):
        word = str(FIELD_LABELS.get(name, name))
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

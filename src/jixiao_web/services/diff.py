"""What changed between two versions: their JSON compared field by field, as readable rows.

Only what a person typed is compared: the parsed meaning of a value (``…parsed``) follows from
its text, and ``provenance`` records where an import found it, so both are left out.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

IGNORED_KEYS = frozenset({"parsed", "provenance", "schema_version"})

FIELD_LABELS = {
    "unit": "单位", "department": "主管部门", "project": "项目名称", "year": "年度",
    "implementing_unit": "实施单位", "kind": "类别", "funds": "资金", "requested": "年度预算申请",
    "initial_budget": "年初预算数", "full_year_budget": "全年预算数", "executed": "全年执行数",
    "execution_rate": "执行率", "weight": "分值", "score": "得分",
    "deviation_reason": "偏差原因分析及改进措施", "by_source": "按收入性质分",
    "by_nature": "按支出性质分", "total": "合计", "general_public_budget": "一般公共预算",
    "government_fund": "政府性基金拨款", "special_account_non_tax": "纳入专户管理的非税收入拨款",
    "other": "其他资金", "basic": "基本支出", "goals": "年度总体目标", "expected": "预期目标",
    "actual": "实际完成值", "indicators": "绩效指标", "level1": "一级指标", "level2": "二级指标",
    "name": "三级指标", "target": "年度指标值", "text": "", "signoff": "签署",
    "filler": "填报人", "phone": "联系电话", "date": "填报日期", "head": "单位负责人",
    "report": "自评报告", "sections": "部分", "title": "标题", "preamble": "引言",
    "justifications": "说明", "grade": "等级", "lines": "资金行", "direction": "指标方向",
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
    """``indicators[2].target.text`` → ``绩效指标 第3行 · 年度指标值``."""
    parts = []
    for name, index in _SEGMENT.findall(path):
        word = FIELD_LABELS.get(name, name)
        if word:
            parts.append(word + (f" 第{int(index) + 1}行" if index else ""))
    return " · ".join(parts)


def diff_json(old_json: str, new_json: str) -> list[DiffRow]:
    old, new = flatten(json.loads(old_json)), flatten(json.loads(new_json))
    paths = [*old, *(path for path in new if path not in old)]
    return [
        DiffRow(path, label(path), old.get(path), new.get(path))
        for path in paths
        if old.get(path) != new.get(path)
    ]

"""Small template helpers: look-ups the template language cannot write itself."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def at(mapping: dict[str, Any] | None, key: str) -> Any:
    """``{{ findings_at|at:"funds" }}``: a mapping's value, or an empty list."""
    if not mapping:
        return []
    return mapping.get(key, [])


@register.filter
def blank(value: Any) -> Any:
    """Unknown is shown as a dash, never as 0 or "None"."""
    return "—" if value is None or value == "" else value


@register.filter
def value(mapping: dict[str, Any] | None, key: str) -> Any:
    """``{{ form.scalars|value:"funds.executed" }}``: the text typed there, or nothing."""
    if not mapping:
        return ""
    return mapping.get(key, "")


@register.filter
def dom_id(path: str) -> str:
    """``indicators[3]`` → ``indicators-3``: a path usable as an element id."""
    return str(path).replace("[", "-").replace("]", "").replace(".", "-")


@register.filter
def row_key(prefix: str, index: int) -> str:
    """``"goals"|row_key:0`` → ``goals[0]``, the path findings use."""
    return f"{prefix}[{index}]"


@register.filter
def justification(form: Any, finding: dict[str, Any]) -> str:
    """The answer already written to a finding (same code and path), if any."""
    answers: dict[tuple[str, str], str] = getattr(form, "justifications", {})
    return answers.get((finding.get("code", ""), finding.get("path", "")), "")


@register.filter
def split(text: str) -> list[str]:
    return str(text).split()


@register.filter
def line_at(rows: list[Any], index: int) -> Any:
    """The scoring line of the indicator row at ``index`` (None past the end)."""
    return rows[index].line if 0 <= index < len(rows) else None

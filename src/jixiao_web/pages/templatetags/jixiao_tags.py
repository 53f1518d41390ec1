"""Small template helpers: look-ups the template language cannot write itself."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jixiao_web.language import in_english
from jixiao_web.services.policy import TRANSITIONS

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


@register.filter
def localized(mapping: dict[str, Any] | None, key: str) -> str:
    """``{{ finding|localized:"message" }}``: the core's English text (``message_en``) when the
    page is in English and the core wrote one, else the Chinese one."""
    if not mapping:
        return ""
    if in_english() and mapping.get(f"{key}_en"):
        return str(mapping[f"{key}_en"])
    return str(mapping.get(key) or "")


# The grades of the national profile; another profile's grade names are shown as they are.
GRADE_NAMES = {
    "优": pgettext_lazy("grade", "优"),
    "良": pgettext_lazy("grade", "良"),
    "中": pgettext_lazy("grade", "中"),
    "差": pgettext_lazy("grade", "差"),
}


@register.filter
def grade_name(grade: Any) -> str:
    return str(GRADE_NAMES.get(str(grade), grade or ""))


# What the audit log calls each act; an act not named here is shown by its code.
ACTION_NAMES = {
    "create": _("新建"),
    "save": _("保存"),
    "attach": _("上传附件"),
    "detach": _("删除附件"),
    "download": _("下载"),
    "download-attachment": _("下载附件"),
    **{action: transition.label for action, transition in TRANSITIONS.items()},
}


@register.filter
def action_name(action: str) -> str:
    return str(ACTION_NAMES.get(action, action))

"""Adding, removing and moving rows of the edit form, on what was typed (nothing is saved)."""

from __future__ import annotations

from jixiao_web.pages.editing import FUND_LINE_FIELDS, GOAL_FIELDS, INDICATOR_FIELDS, FormInput

ROW_LISTS = {
    "indicators": INDICATOR_FIELDS,
    "goals": GOAL_FIELDS,
    "fund_lines": FUND_LINE_FIELDS,
}


def apply_op(form: FormInput, op: str) -> FormInput:
    """``add:indicators``, ``add:indicators:3`` (after row 3), ``remove:goals:0``, ``up:…``.

    Anything else (``restore``) leaves the rows as they were typed.
    """
    verb, _, rest = op.partition(":")
    name, _, index_text = rest.partition(":")
    if name not in ROW_LISTS:
        return form
    rows: list[dict[str, str]] = getattr(form, name)
    index = int(index_text) if index_text.isdigit() else None
    if verb == "add":
        rows.insert(len(rows) if index is None else index + 1, _blank(name, rows, index))
    elif index is not None and index < len(rows):
        _move_or_remove(rows, verb, index)
    return form


def _blank(name: str, rows: list[dict[str, str]], index: int | None) -> dict[str, str]:
    row = dict.fromkeys(ROW_LISTS[name], "")
    if name == "indicators" and index is not None and index < len(rows):
        # A line added under another usually shares its 一级 and 二级 indicator.
        row["level1"], row["level2"] = rows[index]["level1"], rows[index]["level2"]
    return row


def _move_or_remove(rows: list[dict[str, str]], verb: str, index: int) -> None:
    if verb == "remove":
        del rows[index]
    elif verb == "up" and index > 0:
        rows[index - 1], rows[index] = rows[index], rows[index - 1]
    elif verb == "down" and index + 1 < len(rows):
        rows[index + 1], rows[index] = rows[index], rows[index + 1]

"""The edit form's repeated pieces as tags: one per indicator row, each a few string joins.

The edit page repeats a level select, four row buttons, several inputs, a recomputed score and
a findings box on every indicator line; written as ``{% include %}`` each piece cost a template
context push and a dozen variable look-ups per use, most of the page's time. These tags make
the same HTML in Python, escaping every value (``html.escape``: & < > " '), and are the only
place those pieces are written (the live preview uses them too).
"""

from __future__ import annotations

import functools
import html

from django import template
from django.template.loader import get_template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from jixiao_web.pages.editing import JUSTIFY
from jixiao_web.pages.templatetags.jixiao_tags import at, blank, dom_id, localized
from jixiao_web.services.vocabulary import LevelChoices

register = template.Library()

_EMPTY_OPTION = '<option value="">—</option>'


@functools.lru_cache(maxsize=1024)
def _escaped(text: str) -> str:
    """Escaped for HTML text and attribute values; the words repeated on every row (levels,
    field names, labels, URLs) are escaped once."""
    return html.escape(text)


def _option(name: str, selected: str) -> str:
    chosen = " selected" if name == selected else ""
    return f"<option{chosen}>{_escaped(name)}</option>"


def _kept(selected: str, offered: list[str]) -> str:
    """A value the profile does not offer (an imported table's own words) stays chosen."""
    if selected and selected not in offered:
        return f"<option selected>{_escaped(selected)}</option>"
    return ""


@register.simple_tag
def level1_options(levels: LevelChoices, selected: str | None) -> SafeString:
    chosen = selected or ""
    names = levels.level1
    options = "".join(_option(name, chosen) for name in names)
    return mark_safe(_EMPTY_OPTION + options + _kept(chosen, names))


@register.simple_tag
def level2_options(levels: LevelChoices, selected: str | None) -> SafeString:
    chosen = selected or ""
    groups = "".join(
        f'<optgroup label="{_escaped(level1)}">'
        + "".join(_option(name, chosen) for name in names)
        + "</optgroup>"
        for level1, names in levels.tree.items()
    )
    return mark_safe(_EMPTY_OPTION + groups + _kept(chosen, levels.level2))


@register.simple_tag
def row_button(url: str, op: str, index: int | None, label: str) -> SafeString:
    """A button that posts the form with ``op`` (``up:indicators:3``) and swaps the editor."""
    value = op if index is None else f"{op}:{index}"
    return mark_safe(
        f'<button type="submit" name="op" value="{_escaped(value)}" formnovalidate '
        f'hx-post="{_escaped(url)}" hx-target="#editor" hx-select="#editor" '
        f'hx-swap="outerHTML" class="row-op">{_escaped(str(label))}</button>'
    )


@register.simple_tag
def field(name: str, value: object, error: str | None = None, num: bool = False) -> SafeString:
    """A text input with its typing error beside it."""
    shown = "" if value is None else html.escape(str(value))
    attributes = ' class="num" inputmode="decimal" size="10"' if num else ""
    if error:
        attributes += ' aria-invalid="true"'
        note = f'<span class="input-error">{html.escape(str(error))}</span>'
    else:
        note = ""
    return mark_safe(f'<input name="{_escaped(name)}" value="{shown}"{attributes}>{note}')


@register.simple_tag(takes_context=True)
def near(context: template.Context, key: str, oob: bool = False) -> SafeString:
    """The findings about ``key`` shown beside its field (``live-<key>``, swapped as the user
    types). Most fields have none: then it is an empty box, made without a template."""
    view = context.get("view")
    findings = at(getattr(view, "findings_at", None), key)
    swap = ' hx-swap-oob="true"' if oob else ""
    inner = ""
    if findings:
        inner = get_template("jixiao_web/_findings.html").render({"findings": findings})
    return mark_safe(f'<div id="live-{dom_id(key)}" class="near"{swap}>{inner}</div>')


@register.simple_tag
def line_score(path: str, line: dict[str, object] | None, oob: bool = False) -> SafeString:
    """A line's recomputed score, with the rule's explanation as its tooltip."""
    swap = ' hx-swap-oob="true"' if oob else ""
    return format_html(
        '<span id="calc-{}"{} title="{}">{}</span>',
        dom_id(path),
        mark_safe(swap),
        localized(line, "explanation"),
        blank(None if line is None else line.get("recomputed")),
    )


@register.simple_tag
def justify_row(finding: dict[str, object], text: str, gone: str = "") -> SafeString:
    """A finding beside the box for its written justification (``justify|code|path``).

    ``gone`` marks an answer whose finding is no longer raised: it is shown (and posted) all the
    same, as the finding may come back. The live check sends these rows for the page's script
    to add the boxes of new findings, never replacing a box already on the page.
    """
    code, path = str(finding.get("code", "")), str(finding.get("path", ""))
    key = f"{JUSTIFY}{code}|{path}"
    if gone:
        described = format_html('<span class="gone-note">{}</span> {} · {}', gone, code, path)
    else:
        described = format_html("{}", localized(finding, "message"))
    return format_html(
        '<tr data-justify="{}"{}><td class="finding {}">{}</td>'
        '<td><textarea name="{}" rows="2">{}</textarea></td></tr>',
        key,
        mark_safe(' class="gone"' if gone else ""),
        finding.get("severity", ""),
        described,
        key,
        text,
    )

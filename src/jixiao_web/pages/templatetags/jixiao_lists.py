"""The rows of the document lists (我的自评表 and the public portal) as one tag.

A list page shows up to 50 documents; written as template markup, each row's dozen lookups,
filters and translations cost more than the rest of the page together. The same HTML is made
here, every value escaped by ``format_html``.
"""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.urls import reverse
from django.utils.dateformat import format as format_date
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from jixiao_web.evaluations.models import Document
from jixiao_web.pages.templatetags.jixiao_tags import grade_name

register = template.Library()

NOTHING = "—"


@register.simple_tag(takes_context=True)
def document_rows(
    context: template.Context, documents: Iterable[Document], public: bool
) -> SafeString:
    rows = [_row(document, public) for document in documents]
    if rows:
        return mark_safe("".join(rows))
    empty = _("没有符合条件的自评表") if context.get("query") else _("暂无自评表")
    return format_html(
        '<tr><td colspan="{}" class="empty">{}</td></tr>', 7 if public else 10, empty
    )


def _row(document: Document, public: bool) -> str:
    link = reverse("public-document" if public else "document", args=[document.pk])
    cells: list[str] = [
        format_html('<td><a href="{}">{}</a></td>', link, document.unit.name),
        format_html("<td>{}</td>", document.year),
        format_html("<td>{}</td>", document.project or document.get_kind_display()),
    ]
    if not public:
        state = document.state
        cells.append(
            format_html('<td class="state state-{}">{}</td>', state, document.get_state_display())
        )
    cells += [
        _number(document.score or NOTHING),
        _number(document.score_recomputed or NOTHING),
        format_html("<td>{}</td>", grade_name(document.grade) or NOTHING),
    ]
    if not public:
        cells.append(
            format_html('<td class="num">{} / {}</td>', document.errors, document.warnings)
        )
        cells.append(format_html('<td class="num">v{}</td>', document.version))
    cells.append(_number(format_date(localtime(document.updated_at), "Y-m-d H:i")))
    return "\n<tr>\n  " + "\n  ".join(cells) + "\n</tr>"


def _number(value: object) -> SafeString:
    return format_html('<td class="num">{}</td>', value)

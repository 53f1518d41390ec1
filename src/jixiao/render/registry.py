"""The renderers jixiao ships, by name; PDF is made from the Word files (see ``batch``)."""

from __future__ import annotations

from jixiao.model import Evaluation
from jixiao.render.base import Format, Part, RenderContext, Renderer
from jixiao.render.report_docx import report_docx
from jixiao.render.table_docx import table_docx
from jixiao.render.table_xlsx import table_xlsx


def _table_docx(evaluation: Evaluation, context: RenderContext) -> bytes:
    return table_docx(evaluation)


def _table_xlsx(evaluation: Evaluation, context: RenderContext) -> bytes:
    return table_xlsx(evaluation, context.profile)


def _report_docx(evaluation: Evaluation, context: RenderContext) -> bytes:
    return report_docx(evaluation, context.profile, context.template)


RENDERERS: dict[str, Renderer] = {
    renderer.name: renderer
    for renderer in (
        Renderer("table-docx", "table", "docx", _table_docx),
        Renderer("report-docx", "report", "docx", _report_docx),
        Renderer("table-xlsx", "table", "xlsx", _table_xlsx),
    )
}


def register(renderer: Renderer) -> None:
    """Add (or replace) a renderer: a plug-in's own format or layout."""
    RENDERERS[renderer.name] = renderer


def word_renderer(part: Part) -> Renderer:
    """The renderer whose Word file of ``part`` the PDF is made from."""
    return next(r for r in RENDERERS.values() if r.part == part and r.format == "docx")


def renderers_for(format: Format) -> list[Renderer]:
    return [r for r in RENDERERS.values() if r.format == format]

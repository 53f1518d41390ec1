"""The 自评报告 as a Word file: our own A4 layout, or a unit's .docx template filled in.

Without a template, :func:`report_docx` writes the document with python-docx from code (no
binary template ships with the package, so there is nothing to keep in step with the code):
A4 with the margins of GB/T 9704 公文, "附件2" and the title, the parts as headings in 黑体,
the text in 仿宋_GB2312 三号 (16 pt) with a two-character first-line indent, East Asian font
attributes set so Word picks the Chinese fonts, and every ``【待填写：…】`` placeholder
highlighted in yellow.

With a template, the unit's .docx is rendered by docxtpl (Jinja in Word) in a sandbox, with
HTML-style escaping (so "<" or "&" in a unit name cannot break the XML) and undefined names
as errors (a misspelt ``{{ unti }}`` is reported, not left blank). The context
(:func:`template_context`):

==================  ===============================================================
``title``           报告标题, e.g. "部门整体支出绩效自评报告"
``kind``            "department" or "project"
``unit``            预算部门 / 单位名称; also ``department``, ``project``,
                    ``implementing_unit`` ("" when unknown)
``year``            年度, "2023" ("" when unknown)
``funds``           amounts as printed, "1007.91" ("" when unknown): ``initial_budget``,
                    ``full_year_budget``, ``executed``, ``execution_rate`` (computed,
                    "100.00"), ``weight``, ``score``, ``nature_total``, ``basic``,
                    ``project``, ``source_total``, ``general_public_budget``,
                    ``government_fund``, ``special_account_non_tax``,
                    ``current_year_appropriation``, ``carried_over``, ``other``
``shares``          percentages of the totals, "5.76" ("" when unknown): ``basic``,
                    ``project`` and each fund source by the names above
``sections``        the six parts: ``number``, ``numeral`` ("一"), ``title``, ``heading``,
                    ``text`` (line breaks kept), ``paragraphs`` (list of lines)
``goals``           ``expected``, ``actual``
``indicators``      ``level1``, ``level2``, ``name``, ``target``, ``actual``, ``weight``,
                    ``score``, ``recomputed``, ``lost`` (points taken off),
                    ``deviation_reason``, ``met`` ("是" / "否" / "")
``total_weight``    总分值 as printed
``total_score``     自评总分 as the unit declared it; ``grade`` its grade
``recomputed_score`` the total recomputed by the rules, two places; ``recomputed_grade``
``placeholder``     the marker of an unfilled place, "【待填写："; ``placeholders`` the
                    unfilled places of the generated text
==================  ===============================================================

Failures carry stable codes: ``render-template-not-docx`` (not a Word file, or a zip that
would inflate too far) and ``render-template-invalid`` (the Jinja in it does not render).
"""

from __future__ import annotations

import functools
import io
import re
from decimal import Decimal
from typing import Any

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from jixiao.errors import ImportError_, failure_factory
from jixiao.importers.safezip import SafeZip
from jixiao.model import Evaluation, Report, ReportSection
from jixiao.render.errors import RenderError
from jixiao.render.report_text import (
    PLACEHOLDER_OPEN,
    PLACEHOLDER_PATTERN,
    REPORT_TITLES,
    SOURCES,
    declared_grade,
    find_placeholders,
    generate_report,
    lost_points,
    numeral,
    share,
)
from jixiao.rules import Profile
from jixiao.scoring import LineScore, execution_rate, round2, score

# template_error(code, detail_zh, detail_en) -> RenderError with the standard message.
template_error = failure_factory(
    {
        "render-template-not-docx": (
            "报告模板不是可用的 Word（.docx）文件",
            "the report template is not a usable Word (.docx) file",
        ),
        "render-template-invalid": (
            "报告模板中的占位符无法填写（请检查 {{ }} 与 {% %} 的写法和变量名）",
            "the report template's placeholders do not render",
        ),
    },
    RenderError,
)

ATTACHMENT = "附件2"
TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
BODY_FONT = "仿宋_GB2312"
BODY_SIZE = Pt(16)  # 三号, the body size of 公文
TITLE_SIZE = Pt(22)  # 二号
LINE_PITCH = Pt(28)
HEADING_STYLE = "报告部分标题"
TITLE_STYLE = "报告标题"
BODY_STYLE = "报告正文"
# Characters XML 1.0 does not allow: a stray one in a unit's text would corrupt the file.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def report_docx(evaluation: Evaluation, profile: Profile, template: bytes | None = None) -> bytes:
    """The generated 自评报告 as .docx bytes: our layout, or ``template`` filled in."""
    report = generate_report(evaluation, profile)
    if template is None:
        return default_docx(evaluation, report)
    return render_template(template, template_context(evaluation, profile, report))


def xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text)


# --- our own layout -------------------------------------------------------------------------


def default_docx(evaluation: Evaluation, report: Report) -> bytes:
    """The report in the 公文 layout, written from code."""
    base, styles = _base_document()
    document = Document(io.BytesIO(base))
    # "附件2" in 黑体 like the headings, but not a heading: it stays out of the outline.
    attachment = document.add_paragraph().add_run(ATTACHMENT)
    attachment.font.name = HEADING_FONT
    attachment.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), HEADING_FONT)
    title = report.title or REPORT_TITLES["department"]
    _add_text(_paragraph(document, styles[TITLE_STYLE]), title)
    subtitle = "".join(
        part
        for part in (evaluation.unit, f"（{evaluation.year}年度）" if evaluation.year else "")
        if part
    )
    if subtitle:
        _add_text(_paragraph(document, styles[TITLE_STYLE]), subtitle, size=BODY_SIZE)
    for line in _lines(report.preamble):
        _add_text(_paragraph(document, styles[BODY_STYLE]), line)
    for section in report.sections:
        heading = section.heading or f"{numeral(section.number)}、{section.title}"
        _add_text(_paragraph(document, styles[HEADING_STYLE]), heading)
        for line in _lines(section.text):
            _add_text(_paragraph(document, styles[BODY_STYLE]), line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@functools.cache
def _base_document() -> tuple[bytes, dict[str, str]]:
    """The empty document with our page and styles, made once: setting up styles costs as
    much as writing a whole report."""
    document = Document()
    _page_setup(document)
    styles = _styles(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue(), styles


def _paragraph(document: WordDocument, style_id: str) -> Paragraph:
    """A new paragraph in the style with this id. (Assigning ``paragraph.style`` by name
    searches every style of the document each time: most of the time of a long report.)"""
    paragraph = document.add_paragraph()
    paragraph._p.get_or_add_pPr().style = style_id
    return paragraph


def _page_setup(document: WordDocument) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)


def _styles(document: WordDocument) -> dict[str, str]:
    """Our paragraph styles, by name → style id."""
    normal = document.styles["Normal"]
    assert isinstance(normal, ParagraphStyle)
    set_font(normal, BODY_FONT, BODY_SIZE)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.paragraph_format.line_spacing = LINE_PITCH
    normal.paragraph_format.space_after = Pt(0)
    title = _add_style(document, TITLE_STYLE, normal)
    set_font(title, TITLE_FONT, TITLE_SIZE)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.line_spacing = Pt(36)
    body = _add_style(document, BODY_STYLE, normal)
    body.paragraph_format.first_line_indent = BODY_SIZE * 2
    body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    heading = _add_style(document, HEADING_STYLE, normal)
    set_font(heading, HEADING_FONT, BODY_SIZE)
    heading.paragraph_format.first_line_indent = BODY_SIZE * 2
    # Outline level 1, so the parts show in Word's navigation pane.
    heading.element.get_or_add_pPr().append(_outline_level(0))
    return {style.name or "": style.style_id for style in (title, body, heading)}


def _add_style(document: WordDocument, name: str, base: ParagraphStyle) -> ParagraphStyle:
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    assert isinstance(style, ParagraphStyle)
    style.base_style = base
    return style


def _outline_level(level: int) -> Any:
    element = OxmlElement("w:outlineLvl")
    element.set(qn("w:val"), str(level))
    return element


def set_font(style: ParagraphStyle, name: str, size: Pt) -> None:
    """Font and size for Latin and East Asian text alike (Word keeps them apart)."""
    style.font.name = name
    style.font.size = size
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _add_text(paragraph: Paragraph, text: str, size: Pt | None = None) -> None:
    """The text as runs; each placeholder its own run, highlighted so nobody misses it."""
    at = 0
    for found in PLACEHOLDER_PATTERN.finditer(text):
        _run(paragraph, text[at : found.start()], size)
        marked = _run(paragraph, found.group(), size)
        if marked is not None:
            marked.font.highlight_color = WD_COLOR_INDEX.YELLOW
        at = found.end()
    _run(paragraph, text[at:], size)


def _run(paragraph: Paragraph, text: str, size: Pt | None) -> Run | None:
    if not text:
        return None
    run = paragraph.add_run(xml_safe(text))
    if size is not None:
        run.font.size = size
    return run


# --- a unit's template ----------------------------------------------------------------------


def render_template(template: bytes, context: dict[str, Any]) -> bytes:
    """``template`` (a .docx with Jinja placeholders) filled with ``context``."""
    from docxtpl import DocxTemplate  # type: ignore[import-untyped]
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    _check_docx(template)
    document = DocxTemplate(io.BytesIO(template))
    try:
        document.init_docx()
    except Exception as exc:  # python-docx refuses in many ways: all mean "not a Word file"
        raise template_error("render-template-not-docx", str(exc), str(exc)) from exc
    environment = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)
    try:
        document.render(context, jinja_env=environment)
        out = io.BytesIO()
        document.save(out)
    except Exception as exc:  # the template is the unit's code: any error is theirs to fix
        detail = getattr(exc, "message", None) or str(exc) or type(exc).__name__
        raise template_error("render-template-invalid", detail, detail) from exc
    return out.getvalue()


def _check_docx(template: bytes) -> None:
    """A zip within the importers' limits, holding a Word document part."""
    try:
        archive = SafeZip(template)
        for name in archive.names():
            archive.read(name)  # inflate once within the limits: a bomb stops here
    except ImportError_ as exc:
        raise template_error("render-template-not-docx", exc.message, exc.message_en) from exc
    if "word/document.xml" not in archive:
        raise template_error(
            "render-template-not-docx", "缺少 word/document.xml", "no document part"
        )


def template_context(evaluation: Evaluation, profile: Profile, report: Report) -> dict[str, Any]:
    """What a unit's template can use (see the module docstring)."""
    result = score(evaluation, profile)
    context: dict[str, Any] = {
        "title": report.title or "",
        "kind": evaluation.kind,
        "unit": evaluation.unit or "",
        "department": evaluation.department or "",
        "project": evaluation.project or "",
        "implementing_unit": evaluation.implementing_unit or "",
        "year": "" if evaluation.year is None else str(evaluation.year),
        "funds": _funds(evaluation),
        "shares": _shares(evaluation),
        "sections": [_section(section) for section in report.sections],
        "goals": [
            {"expected": goal.expected or "", "actual": goal.actual or ""}
            for goal in evaluation.goals
        ],
        "indicators": _indicators(evaluation, result.lines[1:]),
        "total_weight": _printed(evaluation.total.weight),
        "total_score": _printed(evaluation.total.score),
        "grade": declared_grade(evaluation, profile) or "",
        "recomputed_score": _two_places(result.recomputed),
        "recomputed_grade": result.grade_recomputed or "",
        "placeholder": PLACEHOLDER_OPEN,
        "placeholders": [
            found for section in report.sections for found in find_placeholders(section.text)
        ],
    }
    return {key: _safe(value) for key, value in context.items()}


def _printed(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f")


def _two_places(value: Decimal | None) -> str:
    return "" if value is None else format(round2(value), "f")


def _funds(evaluation: Evaluation) -> dict[str, str]:
    funds = evaluation.funds
    rate = execution_rate(funds)
    printed = {
        name: _printed(getattr(funds, name))
        for name in ("requested", "initial_budget", "full_year_budget", "executed")
    }
    printed |= {"weight": _printed(funds.weight), "score": _printed(funds.score)}
    printed["execution_rate"] = "" if rate is None else _two_places(rate * 100)
    printed["nature_total"] = _printed(funds.by_nature.total)
    printed["basic"] = _printed(funds.by_nature.basic)
    printed["project"] = _printed(funds.by_nature.project)
    printed["source_total"] = _printed(funds.by_source.total)
    printed |= {name: _printed(getattr(funds.by_source, name)) for name, _ in SOURCES}
    return printed


def _shares(evaluation: Evaluation) -> dict[str, str]:
    nature, sources = evaluation.funds.by_nature, evaluation.funds.by_source
    shares = {
        "basic": share(nature.basic, nature.total),
        "project": share(nature.project, nature.total),
    }
    shares |= {name: share(getattr(sources, name), sources.total) for name, _ in SOURCES}
    return {name: _printed(value) for name, value in shares.items()}


def _section(section: ReportSection) -> dict[str, Any]:
    return {
        "number": section.number,
        "numeral": numeral(section.number),
        "title": section.title,
        "heading": section.heading or "",
        "text": section.text,
        "paragraphs": _lines(section.text),
    }


def _indicators(evaluation: Evaluation, lines: list[LineScore]) -> list[dict[str, str]]:
    rows = []
    for indicator, line in zip(evaluation.indicators, lines, strict=True):
        met = "" if line.target_met is None else ("是" if line.target_met else "否")
        rows.append(
            {
                "level1": indicator.level1 or "",
                "level2": indicator.level2 or "",
                "name": indicator.name,
                "target": indicator.target.text if indicator.target is not None else "",
                "actual": indicator.actual.text if indicator.actual is not None else "",
                "weight": _printed(indicator.weight),
                "score": _printed(indicator.score),
                "recomputed": _two_places(line.recomputed),
                "lost": _printed(lost_points(indicator)),
                "deviation_reason": indicator.deviation_reason or "",
                "met": met,
            }
        )
    return rows


def _safe(value: Any) -> Any:
    """Every string of the context without the characters XML cannot hold."""
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, dict):
        return {key: _safe(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_safe(item) for item in value]
    return value

"""The 自评报告 as a Word file: our 公文 layout, and a unit's own template filled in."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml.ns import qn
from docx.shared import Pt

import jixiao
from jixiao.errors import JixiaoError
from jixiao.render.report_docx import report_docx, template_context
from jixiao.render.report_text import PLACEHOLDER_OPEN, generate_report
from tests.factories import clean_department, seedlike_department

PROFILE = jixiao.load_profile()


def paragraphs(data: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(data)).paragraphs]


def template_with(*lines: str) -> bytes:
    document = Document()
    for line in lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_the_default_document_holds_every_part_title_and_text_in_order():
    evaluation = clean_department()
    report = generate_report(evaluation, PROFILE)

    text = "\n".join(paragraphs(report_docx(evaluation, PROFILE)))

    at = text.index("部门整体支出绩效自评报告")
    assert text.startswith("附件2")
    for section in report.sections:
        at = text.index(section.heading or section.title, at)
        for line in section.text.splitlines():
            at = text.index(line, at)


def test_the_default_document_is_a4_with_official_fonts_and_sizes():
    document = Document(io.BytesIO(report_docx(clean_department(), PROFILE)))

    page = document.sections[0]
    assert (round(page.page_width.mm), round(page.page_height.mm)) == (210, 297)
    normal = document.styles["Normal"]
    assert normal.font.size == Pt(16)
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    heading = next(p for p in document.paragraphs if p.text.startswith("一、"))
    assert heading.style.element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"


def test_placeholders_are_highlighted_in_yellow():
    evaluation = seedlike_department()
    evaluation.report = None

    document = Document(io.BytesIO(report_docx(evaluation, PROFILE)))

    runs = [run for p in document.paragraphs for run in p.runs]
    marked = [run for run in runs if run.text.startswith(PLACEHOLDER_OPEN)]
    assert len(marked) >= 5
    assert all(run.font.highlight_color == WD_COLOR_INDEX.YELLOW for run in marked)
    assert all(run.font.highlight_color is None for run in runs if PLACEHOLDER_OPEN not in run.text)


def test_control_characters_in_a_units_text_do_not_corrupt_the_file():
    evaluation = clean_department()
    evaluation.unit = "住建局\x0b\x01"

    text = "\n".join(paragraphs(report_docx(evaluation, PROFILE)))

    assert "住建局" in text


def test_a_units_template_is_filled_with_the_documented_context():
    template = template_with(
        "{{ unit }}{{ year }}年度",
        "自评总分{{ total_score }}分，等级{{ grade }}",
        "{{ funds.basic }}万元",
    )

    filled = paragraphs(report_docx(clean_department(), PROFILE, template))

    assert filled == [
        "株洲市渌口区住房和城乡建设局2023年度",
        "自评总分99.72分，等级优",
        "1007.91万元",
    ]


def test_a_template_can_loop_over_the_parts_and_the_indicators():
    template = template_with(
        "{% for s in sections %}{{ s.heading }}|{% endfor %}",
        "{{ indicators|length }}项，{{ indicators[12].name }}扣{{ indicators[12].lost }}分",
        "{{ shares.basic }}%",
    )

    filled = paragraphs(report_docx(clean_department(), PROFILE, template))

    assert filled[0].startswith("一、基本情况|二、支出情况|")
    assert filled[1] == "15项，黑臭水体消除比例扣0.28分"
    assert filled[2] == "5.76%"


def test_a_units_text_with_markup_characters_is_escaped_in_the_template():
    evaluation = clean_department()
    evaluation.unit = "A&B<局>"

    filled = paragraphs(report_docx(evaluation, PROFILE, template_with("{{ unit }}")))

    assert filled == ["A&B<局>"]


def test_the_context_gives_unknown_amounts_as_empty_strings_and_the_recomputed_total():
    evaluation = seedlike_department()
    evaluation.funds.by_source.government_fund = None

    context = template_context(evaluation, PROFILE, generate_report(evaluation, PROFILE))

    assert context["funds"]["government_fund"] == ""
    assert context["shares"]["government_fund"] == ""
    assert context["total_score"] == "98"
    assert context["recomputed_score"] == "94.43"
    assert context["placeholder"] == PLACEHOLDER_OPEN


@pytest.mark.parametrize(
    "line",
    ["{{ unit ", "{% for s in sections %}no end", "{{ no_such_name }}", "{{ 1 / 0 }}"],
    ids=["unclosed", "unfinished-loop", "undefined-name", "runtime-error"],
)
def test_a_broken_template_gives_render_template_invalid(line):
    with pytest.raises(JixiaoError) as caught:
        report_docx(clean_department(), PROFILE, template_with(line))

    assert caught.value.code == "render-template-invalid"


def test_the_sandbox_refuses_reaching_python_internals():
    template = template_with("{{ unit.__class__.__mro__[1].__subclasses__() }}")

    with pytest.raises(JixiaoError) as caught:
        report_docx(clean_department(), PROFILE, template)

    assert caught.value.code == "render-template-invalid"


def zip_without_a_document() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return out.getvalue()


@pytest.mark.parametrize(
    "data",
    [b"", b"plain text, not a Word file", zip_without_a_document()],
    ids=["empty", "text", "zip-without-document"],
)
def test_a_template_that_is_not_a_word_file_gives_render_template_not_docx(data):
    with pytest.raises(JixiaoError) as caught:
        report_docx(clean_department(), PROFILE, data)

    assert caught.value.code == "render-template-not-docx"
    assert caught.value.message.startswith("报告模板不是可用的 Word")

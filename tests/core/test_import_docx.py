"""Word .docx files: the same evaluation as the text form, and no way in for hostile files."""

from __future__ import annotations

import ast
import io
import random
import struct
import time
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document
from lxml import etree

from jixiao.errors import ImportError_
from jixiao.importers import IMPORT_ERROR_CODES, ImportResult, import_bytes
from jixiao.importers.cells import Prose, Table
from jixiao.importers.docx import (
    DocxImporter,
    blocks_from_document,
    may_be_numbered,
    numbering_of,
    parse_xml,
)
from jixiao.importers.docx_numbering import format_number
from jixiao.importers.report_sections import chinese_number
from jixiao.importers.safezip import SafeZip, ZipLimits
from tests.corpus.document import PrintedCell, PrintedDocument, from_text_form
from tests.corpus.write_docx import write_docx, write_ole2

DATA = Path(__file__).parent.parent / "data"
SEEDLIKE = (DATA / "department-seedlike.txt").read_text(encoding="utf-8")
PROJECT = (DATA / "project-basic.txt").read_text(encoding="utf-8")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WT = f"{{{W}}}t"


def _comparable(result: ImportResult) -> list[dict[str, object]]:
    return [evaluation.model_dump(exclude={"provenance"}) for evaluation in result.evaluations]


def _from_text(text: str) -> ImportResult:
    return import_bytes(text.encode("utf-8"), "t.txt")


def _text_form(document: PrintedDocument) -> str:
    """The text form of a printed document: a covered grid position prints as an empty cell."""
    lines: list[str] = []
    for block in document.blocks:
        if isinstance(block, str):
            lines.append(block)
            continue
        for row in block.rows:
            for cell in row:
                first, *rest = (cell.text if cell else "").split("\n")
                lines.extend(["\t" + first, *rest])
            lines.append("")
    return "\n".join(lines) + "\n"


def _code(data: bytes, name: str = "x.docx") -> str:
    with pytest.raises(ImportError_) as caught:
        import_bytes(data, name)
    assert caught.value.code in IMPORT_ERROR_CODES
    return caught.value.code


@pytest.fixture(scope="module")
def seedlike_docx() -> bytes:
    return write_docx(from_text_form(SEEDLIKE))


# --- documents that read like their text form ---------------------------------------------------


def test_a_rendered_seedlike_docx_reads_like_its_text_form(seedlike_docx):
    result = import_bytes(seedlike_docx, "seedlike.docx")
    assert _comparable(result) == _comparable(_from_text(SEEDLIKE))
    assert result.findings == []


def test_a_rendered_project_table_reads_like_its_text_form():
    result = import_bytes(write_docx(from_text_form(PROJECT)), "project.docx")
    (evaluation,) = result.evaluations
    assert evaluation.kind == "project"
    assert _comparable(result) == _comparable(_from_text(PROJECT))


def _merged_department() -> PrintedDocument:
    """A department table as Word prints it: 一级/二级 and the block label span rows, the
    funds header and the goal cells span columns."""
    C = PrintedCell
    document = PrintedDocument()
    document.paragraph("部门整体支出绩效自评表")
    document.paragraph("（2023年度）")
    table = document.table()
    table.add_row(
        C("预算部门名称", colspan=2), None, C("某区住房和城乡建设局", colspan=7), *[None] * 6
    )
    table.add_row(
        C("年度资金\n（万元）", colspan=2),
        None,
        "年初预算数",
        "全年预算数",
        "全年执行数",
        "分值",
        "执行率",
        C("得分", colspan=2),
        None,
    )
    table.add_row("", "年度资金总额", "100", "120", "114", "10", "95%", C("9.5", colspan=2), None)
    table.add_row(
        C("年度总体目标", rowspan=2),
        C("预期目标", colspan=4),
        None,
        None,
        None,
        C("实际完成情况", colspan=4),
        None,
        None,
        None,
    )
    table.add_row(
        None,
        C("完成老旧小区管网改造。", colspan=4),
        None,
        None,
        None,
        C("改造管网22公里，惠及95户。", colspan=4),
        None,
        None,
        None,
    )
    table.add_row(
        C("绩\n效\n指\n标", rowspan=6),
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    )
    table.add_row(
        None,
        C("产出指标", rowspan=3),
        C("数量\n指标", rowspan=2),
        "新建管网长度",
        "≥20公里",
        "22公里",
        "30",
        "30",
        "",
    )
    table.add_row(
        None, None, None, "改造户数", "100户", "95户", "20", "18", "部分农户外出务工，未能入户施工"
    )
    table.add_row(None, None, "质量指标", "验收合格率", "100%", "100%", "20", "20", "")
    table.add_row(
        None, "效益指标", "社会效益指标", "饮水安全保障", "有效保障", "有效保障", "10", "10", ""
    )
    table.add_row(
        None, "满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "95%", "10", "10", ""
    )
    table.add_row(C("总分", colspan=6), *[None] * 5, "100", "97.5", "")
    document.paragraph("填报人：张三    联系电话：0731-1234567    填报日期：2024年3月1日")
    return document  # fmt: skip


def test_real_merged_cells_read_like_the_empty_cells_of_the_text_form():
    document = _merged_department()
    data = write_docx(document)
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    assert b"w:gridSpan" in xml
    assert b'w:vMerge w:val="restart"' in xml
    result = import_bytes(data, "merged.docx")
    assert _comparable(result) == _comparable(_from_text(_text_form(document)))
    (evaluation,) = result.evaluations
    assert evaluation.unit == "某区住房和城乡建设局"
    assert [(i.level1, i.level2, i.name) for i in evaluation.indicators][:3] == [
        ("产出指标", "数量指标", "新建管网长度"),
        ("产出指标", "数量指标", "改造户数"),
        ("产出指标", "质量指标", "验收合格率"),
    ]


_MERGE_MARKS = [
    etree.XPath(f"string({path})", namespaces={"w": W})
    for path in ("w:tcPr/w:gridSpan/@w:val", "w:tcPr/w:vMerge/@w:val", "w:tcPr/w:tcW/@w:w")
]
_MERGED_DOWN = etree.XPath("boolean(w:tcPr/w:vMerge)", namespaces={"w": W})


def _merges(body: etree._Element) -> list[list[tuple[object, ...]]]:
    """Each cell's merge markup, row by row: span, vertical merge (and its value), width."""
    return [
        [
            (_MERGED_DOWN(tc), *(mark(tc) for mark in _MERGE_MARKS))
            for tc in tr.iterchildren(f"{{{W}}}tc")
        ]
        for tr in body.iter(f"{{{W}}}tr")
    ]


def test_the_corpus_writer_merges_cells_exactly_as_python_docx_does():
    document = _merged_department()
    xml = zipfile.ZipFile(io.BytesIO(write_docx(document))).read("word/document.xml")
    reference = Document()  # the same grid, merged by python-docx's own cell.merge
    for table in document.tables:
        grid = reference.add_table(rows=len(table.rows), cols=table.width)
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row):
                if cell is not None and (cell.rowspan > 1 or cell.colspan > 1):
                    grid.cell(r, c).merge(grid.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
    assert _merges(parse_xml(xml)) == _merges(reference.element.body)


def test_provenance_names_the_file_and_the_cell(seedlike_docx):
    (evaluation,) = import_bytes(seedlike_docx, "株洲.docx").evaluations
    where = evaluation.provenance["unit"]
    assert (where.file, where.table, where.row, where.column) == ("株洲.docx", 0, 0, 1)


def test_two_tables_in_one_file_give_two_evaluations():
    second = PROJECT.replace("农村供水保障提升工程", "农村道路养护工程")
    text = PROJECT + "\n" + second
    result = import_bytes(write_docx(from_text_form(text)), "two.docx")
    assert [e.project for e in result.evaluations] == ["农村供水保障提升工程", "农村道路养护工程"]
    assert _comparable(result) == _comparable(_from_text(text))


def _split_seedlike(*, repeat_header: bool) -> PrintedDocument:
    """The seed-like table cut in two Word tables after its third indicator row."""
    document = from_text_form(SEEDLIKE)
    at = next(i for i, block in enumerate(document.blocks) if not isinstance(block, str))
    table = document.blocks[at]
    assert not isinstance(table, str)
    header = next(i for i, row in enumerate(table.rows) if row[1] and row[1].text == "一级指标")
    cut = header + 4
    first, second = PrintedDocument().table(), PrintedDocument().table()
    first.rows = table.rows[:cut]
    second.rows = ([table.rows[header]] if repeat_header else []) + table.rows[cut:]
    document.blocks[at : at + 1] = [first, "", second]
    return document


@pytest.mark.parametrize("repeat_header", [False, True], ids=["continuing", "header-repeated"])
def test_a_table_split_in_two_reads_as_one(repeat_header):
    result = import_bytes(write_docx(_split_seedlike(repeat_header=repeat_header)), "split.docx")
    assert _comparable(result) == _comparable(_from_text(SEEDLIKE))


# --- what a reader sees: tracked changes and other markup ---------------------------------------


def _rewrite(data: bytes, change: Callable[[etree._Element], None]) -> bytes:
    """The same .docx with its word/document.xml changed by ``change``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "word/document.xml":
                root = etree.fromstring(content)
                change(root)
                content = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
            target.writestr(info.filename, content)
    return out.getvalue()


def _w(tag: str, *children: etree._Element, **attributes: str) -> etree._Element:
    element = etree.Element(f"{{{W}}}{tag}", {f"{{{W}}}{k}": v for k, v in attributes.items()})
    element.extend(children)
    return element


def _run_with_text(root: etree._Element, text: str) -> etree._Element:
    t = next(t for t in root.iter(WT) if t.text == text)
    run = t.getparent()
    assert run is not None
    return run


def _track_changes(root: etree._Element) -> None:
    # "供水率" was typed over "自来水普及率" with tracking on.
    run = _run_with_text(root, "供水率")
    parent = run.getparent()
    assert parent is not None
    position = parent.index(run)
    deleted_text = _w("delText")
    deleted_text.text = "自来水普及率"
    parent.insert(position, _w("del", _w("r", deleted_text), id="1", author="审核人"))
    parent.remove(run)
    parent.insert(position + 1, _w("ins", run, id="2", author="审核人"))
    # A whole indicator row deleted with tracking on stays in the file, marked.
    row = next(tr for tr in root.iter(f"{{{W}}}tr") if "危房改造户数" in "".join(tr.itertext()))
    copy = etree.fromstring(etree.tostring(row))
    copy.insert(0, _w("trPr", _w("del", id="3", author="审核人")))
    row.addnext(copy)


def test_tracked_insertions_are_kept_and_deletions_dropped(seedlike_docx):
    changed = _rewrite(seedlike_docx, _track_changes)
    assert b"w:delText" in zipfile.ZipFile(io.BytesIO(changed)).read("word/document.xml")
    result = import_bytes(changed, "tracked.docx")
    assert _comparable(result) == _comparable(_from_text(SEEDLIKE))


def _blocks(body: str, namespace: str = W) -> list[Table | Prose]:
    xml = f'<w:document xmlns:w="{namespace}"><w:body>{body}</w:body></w:document>'
    return blocks_from_document(parse_xml(xml.encode("utf-8")))


def _p(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def _tc(inner: str, props: str = "") -> str:
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{inner}</w:tc>"


def _texts(table: Table | Prose) -> list[list[str]]:
    assert isinstance(table, Table)
    return [[cell.text for cell in row] for row in table.rows]


def test_spans_and_row_gaps_leave_empty_cells_where_the_grid_is_covered():
    span, restart, merged = '<w:gridSpan w:val="2"/>', '<w:vMerge w:val="restart"/>', "<w:vMerge/>"
    before, after = '<w:gridBefore w:val="1"/>', '<w:gridAfter w:val="2"/>'
    (table,) = _blocks(
        "<w:tbl>"
        f"<w:tr>{_tc(_p('A'), span)}{_tc(_p('B'), restart)}</w:tr>"
        f"<w:tr><w:trPr>{before}</w:trPr>{_tc(_p('C'))}{_tc(_p('stale'), merged)}</w:tr>"
        f"<w:tr><w:trPr>{after}</w:trPr>{_tc(_p('D'))}</w:tr>"
        "</w:tbl>"
    )
    assert _texts(table) == [["A", "", "B"], ["", "C", ""], ["D", "", ""]]
    assert [(c.row, c.column) for c in table.rows[1]] == [(1, 0), (1, 1), (1, 2)]


def test_a_nested_table_adds_its_text_to_the_outer_cell():
    nested = f"<w:tbl><w:tr>{_tc(_p('内1'))}{_tc(_p('内2'))}</w:tr></w:tbl>"
    (table,) = _blocks(
        f"<w:tbl><w:tr>{_tc(_p('外') + nested + _p('后'))}{_tc(_p('右'))}</w:tr></w:tbl>"
    )
    assert _texts(table) == [["外\n内1\n内2\n后", "右"]]


def test_a_nested_table_in_the_first_cell_leaves_the_outer_row_and_the_next_row_whole():
    nested = f"<w:tbl><w:tr>{_tc(_p('内1'))}{_tc(_p('内2'))}</w:tr></w:tbl>"
    span = '<w:gridSpan w:val="2"/>'
    (table,) = _blocks(
        f"<w:tbl><w:tr>{_tc(nested)}{_tc(_p('右'), span)}</w:tr>"
        f"<w:tr>{_tc(_p('甲'))}{_tc(_p('乙'))}{_tc(_p('丙'))}</w:tr></w:tbl>"
    )
    assert _texts(table) == [["内1\n内2", "右", ""], ["甲", "乙", "丙"]]


def test_a_paragraph_after_a_table_is_prose_even_inside_a_content_control():
    blocks = _blocks(
        f"<w:tbl><w:tr>{_tc(_p('甲'))}{_tc(_p('乙'))}</w:tr></w:tbl>"
        f"<w:sdt><w:sdtContent>{_p('表后')}</w:sdtContent></w:sdt>"
    )
    assert _texts(blocks[0]) == [["甲", "乙"]]
    assert isinstance(blocks[1], Prose)
    assert blocks[1].lines == ["表后"]


def test_two_tables_with_nothing_between_them_stay_two_tables():
    row = f"<w:tr>{_tc(_p('甲'))}{_tc(_p('乙'))}</w:tr>"
    first, second = _blocks(f"<w:tbl>{row}</w:tbl><w:tbl>{row}{row}</w:tbl>")
    assert _texts(first) == [["甲", "乙"]]
    assert _texts(second) == [["甲", "乙"], ["甲", "乙"]]
    assert isinstance(second, Table)
    assert second.index == 1


def test_a_merge_continued_from_above_prints_empty_even_with_a_span_after_it():
    restart = '<w:gridSpan w:val="2"/><w:vMerge w:val="restart"/>'
    continued = '<w:vMerge/><w:gridSpan w:val="2"/>'
    (table,) = _blocks(
        f"<w:tbl><w:tr>{_tc(_p('上'), restart)}{_tc(_p('右'))}</w:tr>"
        f"<w:tr>{_tc(_p('旧'), continued)}{_tc(_p('新'))}</w:tr></w:tbl>"
    )
    assert _texts(table) == [["上", "", "右"], ["", "", "新"]]


def test_content_controls_hyperlinks_and_smart_tags_give_their_text():
    run = "<w:r><w:t>{}</w:t></w:r>"
    paragraph = (
        "<w:p><w:hyperlink><w:r><w:t>链</w:t></w:r></w:hyperlink>"
        "<w:smartTag><w:r><w:t>标</w:t></w:r></w:smartTag>"
        '<w:sdt><w:sdtPr><w:alias w:val="x"/></w:sdtPr><w:sdtContent>'
        + run.format("控")
        + "</w:sdtContent></w:sdt><w:fldSimple><w:r><w:t>域</w:t></w:r></w:fldSimple></w:p>"
    )
    cell_in_control = f"<w:sdt><w:sdtContent>{_tc(_p('包'))}</w:sdtContent></w:sdt>"
    blocks = _blocks(
        f"<w:sdt><w:sdtContent>{paragraph}</w:sdtContent></w:sdt>"
        f"<w:tbl><w:sdt><w:sdtContent><w:tr>{_tc(_p('行'))}{cell_in_control}</w:tr>"
        "</w:sdtContent></w:sdt></w:tbl>"
    )
    assert isinstance(blocks[0], Prose)
    assert blocks[0].lines == ["链标控域"]
    assert _texts(blocks[1]) == [["行", "包"]]


def test_tabs_read_as_spaces_and_breaks_as_lines():
    (prose,) = _blocks(
        '<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>'
        "<w:r><w:t>填报人：</w:t><w:tab/><w:t>张三</w:t><w:br/><w:t>联系电话</w:t></w:r></w:p>"
    )
    assert isinstance(prose, Prose)
    assert prose.lines == ["填报人： 张三", "联系电话"]


def test_hidden_text_text_boxes_and_field_codes_are_not_read():
    (prose,) = _blocks(
        "<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r>"
        '<w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>可见</w:t></w:r>'
        "<w:r><w:instrText> PAGE </w:instrText></w:r>"
        "<w:r><w:drawing><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p>"
        "</w:txbxContent></w:drawing></w:r></w:p>"
    )
    assert isinstance(prose, Prose)
    assert prose.lines == ["可见"]


def test_a_symbol_font_comparison_reads_as_its_character():
    (prose,) = _blocks('<w:p><w:r><w:sym w:font="Symbol" w:char="F0B3"/><w:t>90%</w:t></w:r></w:p>')
    assert isinstance(prose, Prose)
    assert prose.lines == ["≥90%"]


def test_a_one_column_table_reads_as_prose():
    (prose,) = _blocks(f"<w:tbl><w:tr>{_tc(_p('框内文字'))}</w:tr></w:tbl>")
    assert isinstance(prose, Prose)
    assert prose.lines == ["框内文字"]


def test_a_cell_joins_its_runs_and_gives_each_paragraph_and_break_a_line():
    runs = '<w:p><w:r><w:t>甲</w:t></w:r><w:r><w:t xml:space="preserve"> 乙</w:t></w:r></w:p>'
    lines = "<w:p><w:r><w:t>丙</w:t><w:br/><w:t>丁</w:t></w:r></w:p><w:p/>" + _p("戊")
    (table,) = _blocks(f"<w:tbl><w:tr>{_tc(runs)}{_tc(lines)}{_tc('<w:p/>')}</w:tr></w:tbl>")
    assert _texts(table) == [["甲 乙", "丙\n丁\n戊", ""]]
    assert [cell.label for cell in table.rows[0]] == ["甲 乙", "丙丁戊", ""]


def test_a_one_column_table_keeps_its_blank_paragraphs_as_blank_lines():
    framed = _tc(_p("甲") + "<w:p/>" + _p("乙"))
    (prose,) = _blocks(_p("前") + f"<w:tbl><w:tr>{framed}</w:tr></w:tbl>" + _p("后"))
    assert isinstance(prose, Prose)
    assert prose.lines == ["前", "甲", "", "乙", "后"]


def test_strict_ooxml_documents_are_read_too():
    (table,) = _blocks(
        f"<w:tbl><w:tr>{_tc(_p('甲'))}{_tc(_p('乙'))}</w:tr></w:tbl>",
        namespace="http://purl.oclc.org/ooxml/wordprocessingml/main",
    )
    assert _texts(table) == [["甲", "乙"]]


def test_a_main_part_under_another_name_is_found_through_the_package_relationships(
    seedlike_docx,
):
    source = zipfile.ZipFile(io.BytesIO(seedlike_docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            name = info.filename
            if name == "word/document.xml":
                name = "word/main.xml"
            if name == "_rels/.rels":
                content = content.replace(b"word/document.xml", b"word/main.xml")
            target.writestr(name, content)
    result = import_bytes(out.getvalue(), "renamed-part.docx")
    assert _comparable(result) == _comparable(_from_text(SEEDLIKE))


# --- sniffing -----------------------------------------------------------------------------------


def test_it_claims_a_docx_by_its_content_not_its_name(seedlike_docx):
    importer = DocxImporter()
    assert importer.sniff(seedlike_docx[:65536], "report.bin") >= 0.9
    assert importer.sniff(b"\t\xe4\xb8\x80\xe7\xba\xa7", "report.docx") == 0.0
    assert importer.sniff(b"MZ\x90\x00", "report.docx") == 0.0


def test_it_claims_a_spreadsheet_zip_only_weakly():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    assert DocxImporter().sniff(out.getvalue(), "book.xlsx") < 0.5


# --- hostile and broken files: one clear code each, fast ----------------------------------------


def test_an_empty_file_is_empty():
    assert _code(b"") == "import-empty"


def test_random_bytes_are_binary():
    assert _code(random.Random(7).randbytes(4096)) == "import-binary"


def test_an_exe_renamed_docx_is_not_claimed_and_is_binary():
    exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(range(256)) * 8
    assert DocxImporter().sniff(exe, "setup.docx") == 0.0
    assert _code(exe, "setup.docx") == "import-binary"


@pytest.mark.parametrize("keep", [0.5, 0.98], ids=["half", "missing-its-end"])
def test_a_truncated_docx_is_corrupt(seedlike_docx, keep):
    assert _code(seedlike_docx[: int(len(seedlike_docx) * keep)]) == "import-corrupt"


def test_a_zip_without_a_word_document_is_not_understood():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("docProps/app.xml", "<Properties/>")
    assert _code(out.getvalue()) == "import-unrecognised"


def _zeros_bomb(declared: int | None = None) -> bytes:
    """A zip whose word/document.xml inflates to 1 GiB of zeros, built a MiB at a time.

    A full flush ends each compressed MiB on a byte boundary with a fresh window, so the same
    ~1 KB repeats 1024 times. ``declared`` lies about the inflated size when given.
    """
    mib, count = bytes(1 << 20), 1024
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(mib) + compressor.flush(zlib.Z_FULL_FLUSH)
    stream = block * count + compressor.flush()
    crc = 0
    for _ in range(count):
        crc = zlib.crc32(mib, crc)
    size = count * len(mib) if declared is None else declared
    name = b"word/document.xml"
    header = struct.pack("<4s5H3I2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(stream), size,
                         len(name), 0)  # fmt: skip
    central = struct.pack("<4s6H3I5H2I", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, len(stream),
                          size, len(name), 0, 0, 0, 0, 0, 0)  # fmt: skip
    directory_at = len(header) + len(name) + len(stream)
    end = struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, 1, 1, len(central) + len(name),
                      directory_at, 0)  # fmt: skip
    return header + name + stream + central + name + end


@pytest.mark.parametrize("declared", [None, 4096], ids=["honest-sizes", "lying-sizes"])
def test_a_zip_bomb_is_refused_fast(declared):
    bomb = _zeros_bomb(declared)
    assert len(bomb) < 2 << 20
    started = time.perf_counter()
    assert _code(bomb) == "import-zip-bomb"
    assert time.perf_counter() - started < 10


def test_too_many_members_is_a_zip_bomb():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for number in range(20):
            archive.writestr(f"word/media/{number}.bin", b"x")
    with pytest.raises(ImportError_) as caught:
        SafeZip(out.getvalue(), ZipLimits(max_members=10))
    assert caught.value.code == "import-zip-bomb"


def _docx_with_document(xml: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", xml)
    return out.getvalue()


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE w:document ['
    '<!ENTITY a "哈哈哈哈哈哈哈哈哈哈">'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
    + f']><w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&i;</w:t></w:r></w:p>'
    "</w:body></w:document>"
)


def test_entity_expansion_in_the_document_is_refused():
    assert _code(_docx_with_document(BILLION_LAUGHS.encode())) == "import-unsafe-xml"


def _external_entity(path: Path) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE w:document '
        f'[<!ENTITY secret SYSTEM "{path.as_uri()}">]>'
        f'<w:document xmlns:w="{W}"><w:body><w:tbl><w:tr>'
        "<w:tc><w:p><w:r><w:t>&secret;</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc>"
        "</w:tr></w:tbl></w:body></w:document>"
    )


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16-be"])
def test_an_external_entity_is_refused_and_never_read(tmp_path, encoding):
    secret = tmp_path / "passwd"
    secret.write_text("root:x:0:0:SECRET", encoding="utf-8")
    xml = _external_entity(secret)
    if encoding == "utf-8":
        xml = xml.replace('encoding="UTF-16"', 'encoding="UTF-8"')
    data = xml.encode(encoding)
    assert _code(_docx_with_document(data)) == "import-unsafe-xml"
    # Even unchecked, the parser leaves the entity unresolved: the file is never read.
    root = etree.fromstring(
        data, etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    )
    assert "SECRET" not in "".join(root.itertext())


@pytest.mark.parametrize(
    "before",
    [
        "<!-- a comment with <w:p> inside -->",  # the search for the root stops in the comment
        '<?xml-stylesheet href="a.xsl"?><!-- -->',
    ],
)
def test_a_doctype_behind_a_comment_or_instruction_is_refused(before):
    xml = BILLION_LAUGHS.replace("<!DOCTYPE", before + "<!DOCTYPE", 1)
    assert _code(_docx_with_document(xml.encode())) == "import-unsafe-xml"


def test_an_entity_declaration_after_the_root_element_is_refused_as_unsafe():
    xml = f'<w:document xmlns:w="{W}"><!ENTITY x "y"><w:body/></w:document>'
    assert _code(_docx_with_document(xml.encode())) == "import-unsafe-xml"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16-le"])
def test_a_doctype_before_the_root_element_is_refused_before_parsing(monkeypatch, encoding):
    declaration = f'<?xml version="1.0" encoding="{encoding[:6].upper()}"?>'
    xml = BILLION_LAUGHS.replace('<?xml version="1.0"?>', declaration)
    monkeypatch.setattr(etree, "fromstring", _never_parsed)
    with pytest.raises(ImportError_) as caught:
        parse_xml(xml.encode(encoding))
    assert caught.value.code == "import-unsafe-xml"


def _never_parsed(*args: object, **kwargs: object) -> etree._Element:
    raise AssertionError("a part declaring entities was handed to the parser")


def test_broken_xml_is_corrupt():
    assert _code(_docx_with_document(b"<w:document><w:body>")) == "import-corrupt"


def test_a_password_protected_docx_is_encrypted():
    container = write_ole2(
        {
            "EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00",
            "EncryptedPackage": random.Random(3).randbytes(6000),
        }
    )
    assert _code(container, "secret.docx") == "import-encrypted"
    with pytest.raises(ImportError_) as caught:
        DocxImporter().read(container, "secret.docx")
    assert caught.value.code == "import-encrypted"


# --- how it reads -------------------------------------------------------------------------------


def test_the_importer_parses_raw_xml_not_python_docx():
    # python-docx builds a full object model and reads an order of magnitude slower.
    source = Path(DocxImporter.__module__.replace(".", "/") + ".py")
    tree = ast.parse((Path(__file__).parents[2] / "src" / source).read_text(encoding="utf-8"))
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in (
            node.names if isinstance(node, ast.Import) else [ast.alias(node.module or "")]
        )
    }
    assert "docx" not in imported
    assert "lxml" in imported


# --- Word's automatic numbering -----------------------------------------------------------------

_PARTS = {
    "预算单位基本情况": "一",
    "一般公共预算支出情况": "二",
    "部门整体支出绩效情况": "三",
    "存在的问题及原因分析": "四",
    "下一步改进措施": "五",
    "绩效自评结果拟应用和公开情况": "六",
}


def _numbering_xml(*levels: tuple[str, str], overrides: str = "", nums: str = "") -> str:
    """numbering.xml with one abstract list (levels: numFmt, lvlText) used by list 1."""
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    return (
        f'<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="7">{lvls}</w:abstractNum>'
        f'<w:num w:numId="1"><w:abstractNumId w:val="7"/>{overrides}</w:num>{nums}</w:numbering>'
    )


def _with_parts(data: bytes, parts: dict[str, str], change: Callable[[etree._Element], None]):
    """The same .docx with its word/document.xml changed by ``change`` and ``parts`` added."""
    changed = zipfile.ZipFile(io.BytesIO(_rewrite(data, change)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in changed.infolist():
            if info.filename not in parts:
                target.writestr(info.filename, changed.read(info))
        for name, content in parts.items():
            target.writestr(name, content)
    return out.getvalue()


def _number_the_part_headings(root: etree._Element) -> None:
    """The six part headings lose their typed "一、" / "1、" and get Word's list 1 instead."""
    for paragraph in root.iter(f"{{{W}}}p"):
        runs = list(paragraph.iter(WT))
        text = "".join(t.text or "" for t in runs).strip()
        title = text.partition("、")[2].strip()
        if title not in _PARTS:
            continue
        runs[0].text = title
        for extra in runs[1:]:
            extra.text = ""
        num_pr = _w("numPr", _w("ilvl", val="0"), _w("numId", val="1"))
        properties = paragraph.find(f"{{{W}}}pPr")
        if properties is None:
            properties = _w("pPr")
            paragraph.insert(0, properties)
        properties.append(num_pr)


@pytest.mark.parametrize(
    ("fmt", "first", "fifth"),
    [("chineseCounting", "一、", "五、"), ("decimal", "1、", "5、")],
)
def test_report_parts_numbered_by_word_are_found_with_their_labels(
    seedlike_docx, fmt, first, fifth
):
    numbering = _numbering_xml((fmt, "%1、"))
    data = _with_parts(seedlike_docx, {"word/numbering.xml": numbering}, _number_the_part_headings)
    (evaluation,) = import_bytes(data, "numbered.docx").evaluations
    assert evaluation.report is not None
    sections = evaluation.report.sections
    assert [(s.number, s.title) for s in sections] == [
        (number, title) for number, title in enumerate(_PARTS, start=1)
    ]
    assert sections[0].heading == f"{first} 预算单位基本情况"
    assert sections[4].heading == f"{fifth} 下一步改进措施"
    assert {s.heading.partition("、")[0] for s in sections} == {
        format_number(number, fmt) for number in range(1, 7)
    }
    # The list typed inside part 5 stays text of that part.
    assert sections[4].text.startswith("一、提高部门预算编制质量")


def _numbered(number_id: str, level: int = 0, text: str = "项") -> str:
    return (
        f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{number_id}"/>'
        f"</w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"
    )


def _docx_with_parts(body: str, parts: dict[str, str]) -> bytes:
    xml = f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'
    return _with_parts(_docx_with_document(xml.encode("utf-8")), parts, lambda root: None)


def _numbered_lines(body: str, numbering: str, styles: str | None = None) -> list[str]:
    """The text of each paragraph (or table cell) of ``body``, read with ``numbering``."""
    parts = {"word/numbering.xml": numbering}
    if styles is not None:
        parts["word/styles.xml"] = styles
    archive = SafeZip(_docx_with_parts(body, parts))
    root = parse_xml(archive.read("word/document.xml"))
    lines: list[str] = []
    for block in blocks_from_document(root, numbering_of(archive)):
        if isinstance(block, Prose):
            lines.extend(block.lines)
        else:
            lines.extend(cell.text for row in block.rows for cell in row)
    return lines


def test_a_nested_level_restarts_under_each_top_level_item():
    numbering = _numbering_xml(("chineseCounting", "%1、"), ("chineseCounting", "（%2）"))
    body = "".join(
        _numbered("1", level, text)
        for level, text in [(0, "甲"), (1, "a"), (1, "b"), (0, "乙"), (1, "c")]
    )
    assert _numbered_lines(body, numbering) == [
        "一、 甲",
        "（一） a",
        "（二） b",
        "二、 乙",
        "（一） c",
    ]


def test_a_label_can_quote_the_levels_above_it():
    numbering = _numbering_xml(("decimal", "%1."), ("lowerLetter", "%1.%2"))
    body = _numbered("1", 0, "甲") + _numbered("1", 1, "a") + _numbered("1", 1, "b")
    assert _numbered_lines(body, numbering) == ["1. 甲", "1.a a", "1.b b"]


def test_a_start_override_restarts_a_list_sharing_the_definition():
    second = (
        '<w:num w:numId="2"><w:abstractNumId w:val="7"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
    )
    third = '<w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num>'
    numbering = _numbering_xml(("decimal", "%1、"), nums=second + third)
    body = "".join(_numbered(n, 0, t) for n, t in [("1", "a"), ("1", "b"), ("2", "c"), ("3", "d")])
    # List 3 shares list 2's definition and no override: it goes on counting, as in Word.
    assert _numbered_lines(body, numbering) == ["1、 a", "2、 b", "1、 c", "2、 d"]


def test_numbered_paragraphs_in_table_cells_get_their_labels_too():
    numbering = _numbering_xml(("decimal", "%1."))
    body = (
        f"<w:tbl><w:tr>{_tc(_numbered('1', 0, '甲'))}{_tc(_numbered('1', 0, '乙'))}</w:tr></w:tbl>"
    )
    assert _numbered_lines(body, numbering) == ["1. 甲", "2. 乙"]


def test_a_paragraph_style_can_number_its_paragraphs():
    numbering = _numbering_xml(("chineseCounting", "%1、"))
    styles = (
        f'<w:styles xmlns:w="{W}"><w:style w:type="paragraph" w:styleId="Part">'
        '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="PartBold"><w:basedOn w:val="Part"/></w:style>'
        "</w:styles>"
    )
    styled = '<w:p><w:pPr><w:pStyle w:val="{}"/></w:pPr><w:r><w:t>{}</w:t></w:r></w:p>'
    body = styled.format("Part", "甲") + _p("正文") + styled.format("PartBold", "乙")
    assert _numbered_lines(body, numbering, styles) == ["一、 甲", "正文", "二、 乙"]


def test_properties_out_of_their_usual_order_still_number_a_paragraph():
    numbering = _numbering_xml(("decimal", "%1、"))
    styles = (
        f'<w:styles xmlns:w="{W}"><w:style w:type="paragraph" w:styleId="Part">'
        '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style></w:styles>'
    )
    run = "<w:r><w:t>{}</w:t></w:r>"
    # The properties after the run, the style after other properties, the list before them.
    late = f'<w:p>{run.format("甲")}<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:p>'
    styled = (
        f'<w:p><w:pPr><w:jc w:val="left"/><w:pStyle w:val="Part"/></w:pPr>{run.format("乙")}</w:p>'
    )
    listed = (
        '<w:p><w:pPr><w:numPr><w:numId w:val="1"/><w:ilvl w:val="0"/></w:numPr>'
        f'<w:pStyle w:val="Other"/></w:pPr>{run.format("丙")}</w:p>'
    )
    assert _numbered_lines(late + styled + listed, numbering, styles) == [
        "1、 甲",
        "2、 乙",
        "3、 丙",
    ]


def test_list_zero_and_lists_without_a_definition_number_nothing():
    numbering = _numbering_xml(("decimal", "%1、"))
    body = _numbered("0", 0, "零") + _numbered("9", 0, "无") + _numbered("1", 5, "深")
    body += _numbered("1", 0, "有")
    assert _numbered_lines(body, numbering) == ["零", "无", "深", "1、 有"]


def test_without_a_numbering_part_numbered_paragraphs_read_as_their_text():
    data = _docx_with_document(
        f'<w:document xmlns:w="{W}"><w:body>{_numbered("1", 0, "甲")}</w:body></w:document>'.encode()
    )
    archive = SafeZip(data)
    assert numbering_of(archive) is None
    (prose,) = blocks_from_document(parse_xml(archive.read("word/document.xml")))
    assert isinstance(prose, Prose)
    assert prose.lines == ["甲"]


def test_a_document_with_no_numbered_or_styled_paragraph_skips_the_numbering_parts():
    def document(body: str) -> etree._Element:
        return parse_xml(f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'.encode())

    assert not may_be_numbered(document(_p("正文")))
    assert may_be_numbered(document(_numbered("1", 0, "甲")))
    assert may_be_numbered(document('<w:p><w:pPr><w:pStyle w:val="Part"/></w:pPr></w:p>'))


def test_entity_expansion_in_the_numbering_part_is_refused():
    hostile = BILLION_LAUGHS.replace("w:document", "w:numbering")
    data = _docx_with_parts(_numbered("1"), {"word/numbering.xml": hostile})
    assert _code(data) == "import-unsafe-xml"


@pytest.mark.parametrize("number", range(1, 100))
def test_chinese_counting_reads_back_as_the_same_number(number):
    assert chinese_number(format_number(number, "chineseCounting")) == number


@pytest.mark.parametrize(
    ("number", "fmt", "label"),
    [
        (10, "chineseCounting", "十"),
        (21, "chineseCountingThousand", "二十一"),
        (101, "chineseCounting", "一百零一"),
        (3, "ideographTraditional", "丙"),
        (4, "upperLetter", "D"),
        (27, "lowerLetter", "aa"),
        (14, "upperRoman", "XIV"),
        (9, "lowerRoman", "ix"),
        (3, "decimalEnclosedCircle", "③"),
        (25, "decimalEnclosedCircle", "25"),
        (12, "japaneseCounting", "十二"),
        (7, "unknownFormat", "7"),
    ],
)
def test_numbers_read_as_word_prints_them(number, fmt, label):
    assert format_number(number, fmt) == label

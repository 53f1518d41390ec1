"""PDF: printed self-evaluations read from their text layer, and hostile PDFs refused.

Every PDF here is made in the test: a :class:`PrintedDocument` (from a text-form fixture, or
built by hand with real merged cells) rendered by ``tests.corpus.write_pdf``, or a few hundred
bytes of hand-written PDF for the hostile cases.
"""

from __future__ import annotations

import random
import time
import tracemalloc
import zlib
from io import BytesIO
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from jixiao.errors import ImportError_
from jixiao.importers import ImportResult, PdfImporter, import_bytes, import_path, pdf_streams
from jixiao.model import Evaluation
from tests.corpus.document import PrintedCell, PrintedDocument, from_text_form
from tests.corpus.write_pdf import FONT, write_pdf

DATA = Path(__file__).parent.parent / "data"
TEXT_FORMS = ["department-seedlike.txt", "project-basic.txt", "split-target-columns.txt"]
HEADER = [
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
]


def _printed(name: str) -> PrintedDocument:
    return from_text_form((DATA / name).read_text(encoding="utf-8"))


def _as_text_form_reads_it(name: str) -> dict[str, object]:
    (evaluation,) = import_path(DATA / name).evaluations
    return evaluation.model_dump(mode="json", exclude={"provenance"})


def _dump(evaluation: Evaluation) -> dict[str, object]:
    return evaluation.model_dump(mode="json", exclude={"provenance"})


def _only(result: ImportResult) -> Evaluation:
    (evaluation,) = result.evaluations
    return evaluation


def _refusal(data: bytes) -> ImportError_:
    with pytest.raises(ImportError_) as caught:
        import_bytes(data, "x.pdf")
    return caught.value


@pytest.fixture(scope="module")
def seedlike_pdf() -> bytes:
    return write_pdf(_printed("department-seedlike.txt"))


@pytest.fixture(scope="module")
def seedlike(seedlike_pdf: bytes) -> Evaluation:
    return _only(import_bytes(seedlike_pdf, "seedlike.pdf"))


# --- a project table built by hand, with real merged cells ------------------------------------

# 一级 → 二级 → (三级, target, actual, weight, score, deviation)
Lines = dict[str, dict[str, list[tuple[str, str, str, str, str, str]]]]
MERGED: Lines = {
    "产出指标": {
        "数量指标": [
            ("新建候车亭数量", "≥40个", "42个", "10", "10", ""),
            ("更换站牌数量", "≥120块", "120块", "10", "10", ""),
        ],
        "质量指标": [("验收合格率", "100%", "100%", "10", "10", "")],
        "时效指标": [
            ("完工时间", "2023年9月前", "2023年10月", "10", "8", "雨季停工，工期顺延一个月。")
        ],
        "成本指标": [("单个候车亭造价", "≤3万元", "2.9万元", "10", "10", "")],
    },
    "效益指标": {
        "社会效益指标": [
            ("公交候车条件改善", "明显改善", "明显改善", "10", "10", ""),
            ("覆盖行政村数量", "≥30个", "31个", "10", "10", ""),
        ],
        "可持续影响指标": [("设施使用年限", "≥10年", "10年", "10", "10", "")],
    },
    "满意度指标": {"服务对象满意度指标": [("乘客满意度", "≥90%", "93%", "10", "10", "")]},
}


def _project(lines: Lines, *, header_first: bool = False) -> PrintedDocument:
    """A 项目支出绩效自评表 whose 一级 and 二级 cells are merged down over their rows (and
    the 总分 label across five columns), as Word prints it. With ``header_first`` the table
    starts at its indicator header (the identity and funds sit in a table of their own), so
    a printer repeating the first row on every page repeats the header."""
    document = PrintedDocument()
    document.paragraph("附件3")
    document.paragraph("项目支出绩效自评表")
    document.paragraph("（2023年度）")
    table = document.table()
    table.add_row(
        PrintedCell("项目名称"), PrintedCell("农村公交候车设施建设", colspan=7), *[None] * 6
    )
    table.add_row(
        PrintedCell("主管部门"),
        PrintedCell("某县交通运输局", colspan=3),
        None,
        None,
        PrintedCell("实施单位"),
        PrintedCell("某县公路建设养护中心", colspan=3),
        None,
        None,
    )
    table.add_row(
        "项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"
    )
    table.add_row("", "年度资金总额", "150", "150", "144", "10", "96%", "9.6")
    if header_first:
        table = document.table()
    table.add_row(*HEADER)
    for level1, seconds in lines.items():
        rowspan1 = sum(len(rows) for rows in seconds.values())
        first1 = True
        for level2, rows in seconds.items():
            for i, row in enumerate(rows):
                cells: list[PrintedCell | str | None] = [
                    PrintedCell(level1, rowspan=rowspan1) if first1 else None,
                    PrintedCell(level2, rowspan=len(rows)) if i == 0 else None,
                    *row,
                ]
                table.add_row(*cells)
                first1 = False
    table.add_row(PrintedCell("总分", colspan=5), None, None, None, None, "100", "97.6", "")
    document.paragraph("填报人：刘洋  联系电话：0731-26661234  填报日期：2024年4月2日")
    return document


def _many(count: int) -> Lines:
    """A long indicator block: ``count`` lines under two first levels."""
    half = count // 2
    return {
        "产出指标": {
            "数量指标": [(f"数量{i}", "≥10个", "10个", "1", "1", "") for i in range(half)]
        },
        "效益指标": {
            "社会效益指标": [
                (f"效益{i}", "明显改善", "明显改善", "1", "1", "") for i in range(half)
            ]
        },
    }


# --- reading printed tables -------------------------------------------------------------------


@pytest.mark.parametrize("name", TEXT_FORMS)
def test_a_printed_table_reads_as_its_text_form_does(name):
    evaluation = _only(import_bytes(write_pdf(_printed(name)), "x.pdf"))
    assert _dump(evaluation) == _as_text_form_reads_it(name)


def test_the_seedlike_pdf_keeps_title_year_signoff_and_report(seedlike):
    assert seedlike.unit == "株洲市渌口区住房和城乡建设局"
    assert seedlike.year == 2023
    assert seedlike.signoff.phone == "13607420851"
    assert [section.number for section in seedlike.report.sections] == [1, 2, 3, 4, 5, 6]
    assert len(seedlike.indicators) == 15


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("unit", "株洲市渌口区住房和城乡建设局"),
        ("indicators[0].name", "供水率"),
        ("total.score", "98"),
    ],
)
def test_provenance_names_the_page_and_the_box_a_value_was_printed_in(
    seedlike, seedlike_pdf, path, text
):
    source = seedlike.provenance[path]
    assert source.file == "seedlike.pdf"
    assert source.page is not None
    assert source.bbox is not None
    with pdfplumber.open(BytesIO(seedlike_pdf)) as pdf:
        printed = pdf.pages[source.page - 1].crop(source.bbox).extract_text().replace("\n", "")
    assert printed == text


def test_values_printed_on_later_pages_name_those_pages(seedlike):
    pages = [seedlike.provenance[f"indicators[{n}].name"].page for n in range(15)]
    assert pages == sorted(pages)
    assert seedlike.provenance["unit"].page == 1
    assert len({*pages, 1}) > 1  # the table runs onto a second page


def test_merged_first_and_second_levels_are_carried_down_their_rows():
    evaluation = _only(import_bytes(write_pdf(_project(MERGED)), "merged.pdf"))
    expected = [
        (level1, level2, row[0])
        for level1, seconds in MERGED.items()
        for level2, rows in seconds.items()
        for row in rows
    ]
    assert [(i.level1, i.level2, i.name) for i in evaluation.indicators] == expected
    assert evaluation.kind == "project"
    assert evaluation.project == "农村公交候车设施建设"
    assert evaluation.department == "某县交通运输局"
    assert evaluation.implementing_unit == "某县公路建设养护中心"
    assert str(evaluation.funds.executed) == "144"
    assert (str(evaluation.total.weight), str(evaluation.total.score)) == ("100", "97.6")
    assert evaluation.indicators[3].deviation_reason == "雨季停工，工期顺延一个月。"
    assert evaluation.signoff.filler == "刘洋"


@pytest.mark.parametrize(
    ("repeat_rows", "page_numbers"), [(0, False), (1, False), (1, True)], ids=str
)
def test_a_table_split_over_pages_reads_as_one_evaluation(repeat_rows, page_numbers):
    document = _project(_many(40), header_first=True)
    data = write_pdf(document, repeat_rows=repeat_rows, page_numbers=page_numbers, pagesize=A4)
    result = import_bytes(data, "long.pdf")
    evaluation = _only(result)
    assert result.findings == []
    assert len(evaluation.indicators) == 40
    assert [i.name for i in evaluation.indicators[19:21]] == ["数量19", "效益0"]
    assert {i.level1 for i in evaluation.indicators[20:]} == {"效益指标"}
    pages = {evaluation.provenance[f"indicators[{n}].name"].page for n in range(40)}
    assert pages == {1, 2}
    assert (str(evaluation.total.weight), str(evaluation.total.score)) == ("100", "97.6")


def test_a_row_broken_across_a_page_break_is_mended():
    # A deviation reason longer than a page: the printer must break its row, and draws no
    # ruling where it does.
    reason = "汛期持续降雨，施工窗口期缩短，部分路段延期完工。" * 60
    lines = _many(6)
    level2 = lines["产出指标"]["数量指标"]
    level2[1] = (*level2[1][:5], reason)
    data = write_pdf(_project(lines), pagesize=A4)
    with pdfplumber.open(BytesIO(data)) as pdf:
        assert len(pdf.pages) >= 3
    result = import_bytes(data, "broken-row.pdf")
    evaluation = _only(result)
    assert [i.name for i in evaluation.indicators] == [
        "数量0",
        "数量1",
        "数量2",
        "效益0",
        "效益1",
        "效益2",
    ]
    assert evaluation.indicators[1].deviation_reason == reason
    assert result.findings == []


def test_two_project_tables_in_one_pdf_are_two_evaluations():
    document = _printed("project-basic.txt")
    document.blocks.extend(_printed("split-target-columns.txt").blocks)
    result = import_bytes(write_pdf(document), "two.pdf")
    assert [e.project for e in result.evaluations] == ["农村供水保障提升工程", "城区道路照明维护"]


# --- tables printed without lines -------------------------------------------------------------


@pytest.mark.parametrize("name", TEXT_FORMS)
def test_a_table_printed_without_lines_reads_by_the_gaps_between_words(name):
    evaluation = _only(import_bytes(write_pdf(_printed(name), ruled=False), "x.pdf"))
    assert _dump(evaluation) == _as_text_form_reads_it(name)


def test_a_table_without_lines_whose_rows_touch_is_read_a_row_per_line():
    document = PrintedDocument()
    document.paragraph("项目支出绩效自评表")
    table = document.table()
    table.add_row("项目名称", "乡村道路养护")
    table.add_row(*HEADER)
    table.add_row("产出指标", "数量指标", "养护里程", "≥80公里", "85公里", "50", "50", "")
    table.add_row("", "质量指标", "路况优良率", "≥85%", "80%", "20", "18", "雨水冲毁")
    table.add_row("效益指标", "社会效益指标", "通行时间", "≤30分钟", "28分钟", "30", "30", "")
    table.add_row("总分", "100", "98")
    data = write_pdf(document, ruled=False, row_padding=0)
    evaluation = _only(import_bytes(data, "tight.pdf"))
    assert [(i.level1, i.level2, i.name) for i in evaluation.indicators] == [
        ("产出指标", "数量指标", "养护里程"),
        ("产出指标", "质量指标", "路况优良率"),
        ("效益指标", "社会效益指标", "通行时间"),
    ]
    assert evaluation.indicators[1].deviation_reason == "雨水冲毁"
    assert str(evaluation.total.score) == "98"


# --- refusals ---------------------------------------------------------------------------------


def _canvas_pdf(draw, **options) -> bytes:
    buffer = BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4, **options)
    draw(page)
    page.save()
    return buffer.getvalue()


def _draw_scan(page) -> None:
    page.drawImage(ImageReader(Image.new("L", (60, 80), 255)), 50, 200, 480, 600)
    page.showPage()


def test_a_scan_without_a_text_layer_is_refused_as_scanned():
    error = _refusal(_canvas_pdf(_draw_scan))
    assert error.code == "import-scanned-pdf"
    assert "OCR" in error.message


def test_a_typed_cover_page_before_scanned_pages_is_refused_as_scanned():
    def draw(page) -> None:
        page.setFont(FONT, 14)
        page.drawString(100, 700, "部门整体支出绩效自评表")
        page.showPage()
        _draw_scan(page)

    error = _refusal(_canvas_pdf(draw))
    assert error.code == "import-scanned-pdf"
    assert "第2页" in error.message


def test_a_pdf_that_only_forbids_copying_is_opened_and_read():
    def draw(page) -> None:
        page.drawString(100, 700, "hello")
        page.showPage()

    locked = StandardEncryption("", ownerPassword="owner", canCopy=0)
    # Opened and read: what it lacks is a table, not a password.
    assert _refusal(_canvas_pdf(draw, encrypt=locked)).code == "import-no-indicators"


def test_a_password_protected_pdf_is_refused_as_encrypted():
    assert _refusal(write_pdf(_printed("project-basic.txt"), encrypt="pw")).code == (
        "import-encrypted"
    )


def test_a_truncated_pdf_is_refused_as_corrupt(seedlike_pdf):
    assert _refusal(seedlike_pdf[: len(seedlike_pdf) // 2]).code == "import-corrupt"


def test_random_bytes_after_a_pdf_header_are_refused_as_corrupt():
    noise = random.Random(7).randbytes(20_000)
    assert _refusal(b"%PDF-1.7\n" + noise).code == "import-corrupt"


def test_text_whose_font_maps_no_unicode_is_refused_as_unreadable():
    # A Type0 font with Identity-H encoding and no ToUnicode map: glyph numbers, no text.
    font = (
        b"<< /Type /Font /Subtype /Type0 /BaseFont /Song /Encoding /Identity-H "
        b"/DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Song "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>] >>"
    )
    glyphs = b"BT /F1 12 Tf 72 700 Td <0041004200430044> Tj ET"
    error = _refusal(_pdf_with_content(zlib.compress(glyphs), font=font))
    assert error.code == "import-unrecognised"
    assert "Unicode" in error.message


def test_a_pdf_with_blank_pages_only_is_refused_as_empty():
    assert _refusal(_canvas_pdf(lambda page: page.showPage())).code == "import-empty"


# --- inflation bombs --------------------------------------------------------------------------


def _pdf_with_content(
    stream: bytes,
    filters: str = "/FlateDecode",
    font: bytes = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
) -> bytes:
    """A one-page PDF whose content stream is ``stream``, with ``font`` as /F1 (and a
    correct cross-reference table)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 %s >> >> >>" % font,
        b"<< /Length %d /Filter %s >>\nstream\n" % (len(stream), filters.encode())
        + stream
        + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _deflated_zeros(mebibytes: int) -> bytes:
    """A valid zlib stream of ``mebibytes`` MiB of zeros, built without holding them: after
    a full flush the compressor starts afresh, so one compressed MiB repeats byte for byte."""
    compressor = zlib.compressobj(9)
    chunk = bytes(1 << 20)
    first = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    adler = ((((mebibytes << 20) % 65521) << 16) | 1).to_bytes(4, "big")  # Adler-32 of zeros
    return first + again * (mebibytes - 1) + b"\x03\x00" + adler


def test_the_zero_bomb_is_a_valid_zlib_stream():
    inflater = zlib.decompressobj()
    total = len(inflater.decompress(_deflated_zeros(3)))
    assert (total, inflater.eof) == (3 << 20, True)


def _refused_within_limits(data: bytes) -> ImportError_:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        error = _refusal(data)
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert time.perf_counter() - started < 10
    assert peak < 512 << 20
    return error


def test_a_content_stream_inflating_to_a_gibibyte_is_refused_as_a_zip_bomb():
    bomb = _pdf_with_content(_deflated_zeros(1024))
    assert len(bomb) < 2 << 20
    assert _refused_within_limits(bomb).code == "import-zip-bomb"


def test_a_bomb_deflated_twice_is_refused_too():
    bomb = _pdf_with_content(zlib.compress(_deflated_zeros(1024)), "[/FlateDecode /FlateDecode]")
    assert len(bomb) < 64 << 10
    assert _refused_within_limits(bomb).code == "import-zip-bomb"


def test_a_stream_past_the_size_limit_is_refused_even_when_it_compresses_modestly(monkeypatch):
    # Four symbols at random compress about four times: well under the ratio limit.
    monkeypatch.setattr(pdf_streams, "STREAM_LIMIT", 2 << 20)
    modest = bytes(b"0123"[b & 3] for b in random.Random(3).randbytes(3 << 20))
    data = _pdf_with_content(zlib.compress(modest, 1))
    assert _refused_within_limits(data).code == "import-zip-bomb"


def test_a_small_stream_inflates_as_usual_inside_and_outside_a_read():
    content = b"BT /F1 12 Tf 72 700 Td (hello) Tj ET"
    assert pdf_streams.pdftypes.zlib.decompress(zlib.compress(content)) == content
    assert _refusal(_pdf_with_content(zlib.compress(content))).code == "import-no-indicators"


# --- choosing the importer --------------------------------------------------------------------


def test_it_claims_a_pdf_by_its_header_within_the_first_kibibyte():
    importer = PdfImporter()
    assert importer.sniff(b"%PDF-1.7\n...", "report.doc") > 0.9
    assert importer.sniff(b"\0" * 500 + b"%PDF-1.4", "") > 0.9
    assert importer.sniff(b"x" * 2000 + b"%PDF-1.4", "x.pdf") == 0
    assert importer.sniff("附件1\n部门整体支出绩效自评表".encode(), "x.pdf") == 0


def test_a_renamed_pdf_is_still_read_as_a_pdf(seedlike_pdf):
    result = import_bytes(seedlike_pdf, "自评表.txt")
    assert len(result.evaluations) == 1

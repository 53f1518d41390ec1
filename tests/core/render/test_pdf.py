"""The PDFs LibreOffice makes of our Word files: every indicator and figure, in Chinese fonts."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PIL import Image

from jixiao.office import ConverterPool
from jixiao.render.report_docx import report_docx
from jixiao.render.report_text import generate_report
from jixiao.render.table_docx import table_docx
from jixiao.rules import load_profile
from tests.factories import seedlike_department

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The seed-like table and its generated report, converted in one pool."""
    evaluation = seedlike_department()
    profile = load_profile()
    words = {
        "table": table_docx(evaluation),
        "report": report_docx(evaluation, profile),
    }
    folder = tmp_path_factory.mktemp("pdf")
    with ConverterPool(2) as pool:
        results = pool.convert_many([(data, ".docx") for data in words.values()], "pdf")
    paths = {}
    for name, result in zip(words, results, strict=True):
        assert isinstance(result, bytes), result
        paths[name] = folder / f"{name}.pdf"
        paths[name].write_bytes(result)
    return paths


def _text(pdf: Path) -> str:
    # -raw keeps each cell's text in reading order, so a wrapped name stays whole.
    return subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def _fonts(pdf: Path) -> list[tuple[str, str]]:
    """(font name, embedded yes/no) of every font the PDF uses."""
    lines = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    return [(line.split()[0], line.split()[-5]) for line in lines]


def test_the_table_pdf_holds_the_unit_and_every_indicator_name(pdfs):
    text = "".join(_text(pdfs["table"]).split())
    evaluation = seedlike_department()
    assert evaluation.unit
    assert evaluation.unit in text
    missing = [i.name for i in evaluation.indicators if "".join(i.name.split()) not in text]
    assert missing == []
    assert len(evaluation.indicators) == 15


def test_the_table_pdf_holds_every_figure_of_the_funds_and_the_total(pdfs):
    text = _text(pdfs["table"])
    funds = seedlike_department().funds
    for amount in (funds.initial_budget, funds.full_year_budget, funds.by_nature.basic):
        assert str(amount) in text
    assert "总分" in text


def test_every_font_is_embedded_and_the_chinese_is_set_in_noto_cjk(pdfs):
    for name in ("table", "report"):
        fonts = _fonts(pdfs[name])
        assert all(embedded == "yes" for _, embedded in fonts), fonts
        assert any("NotoSerifCJK" in font for font, _ in fonts), fonts


def test_the_report_pdf_holds_its_six_parts(pdfs):
    text = "".join(_text(pdfs["report"]).split())
    report = generate_report(seedlike_department(), load_profile())
    assert [s.title for s in report.sections if s.title not in text] == []


def test_the_first_page_renders_as_an_image_with_ink_on_it(pdfs, tmp_path):
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "50",
            "-f",
            "1",
            "-l",
            "1",
            str(pdfs["table"]),
            str(tmp_path / "p"),
        ],
        check=True,
    )
    (png,) = tmp_path.glob("p*.png")
    with Image.open(png) as image:
        dark = sum(image.convert("L").histogram()[:128])  # pixels darker than mid-grey
        assert image.width > image.height  # A4 landscape
        assert dark > 0.01 * image.width * image.height

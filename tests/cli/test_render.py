"""jixiao render and jixiao check --report: files written, failures listed, clear exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from jixiao import office
from jixiao.cli.app import app
from jixiao.importers import import_bytes
from tests.factories import seedlike_department

DATA = Path(__file__).parent.parent / "data"
SEEDLIKE = DATA / "department-seedlike.txt"
PROJECT = DATA / "project-basic.txt"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_render_writes_the_table_and_report_of_every_input(runner, tmp_path):
    result = runner.invoke(
        app, ["render", str(SEEDLIKE), str(PROJECT), "--to", "docx,xlsx", "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "department-seedlike-自评报告.docx",
        "department-seedlike-自评表.docx",
        "department-seedlike-自评表.xlsx",
        "project-basic-自评报告.docx",
        "project-basic-自评表.docx",
        "project-basic-自评表.xlsx",
    ]


def test_the_rendered_table_reads_back_as_the_table_it_came_from(runner, tmp_path):
    runner.invoke(app, ["render", str(SEEDLIKE), "--to", "docx", "--out", str(tmp_path)])
    data = (tmp_path / "department-seedlike-自评表.docx").read_bytes()
    (back,) = import_bytes(data, "x.docx").evaluations
    assert back.unit == seedlike_department().unit
    assert [i.name for i in back.indicators] == [i.name for i in seedlike_department().indicators]


def test_render_json_lists_each_file_written(runner, tmp_path):
    result = runner.invoke(
        app, ["render", str(SEEDLIKE), "--to", "xlsx", "--out", str(tmp_path), "--json"]
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout) == [
        {"path": str(tmp_path / "department-seedlike-自评表.xlsx"), "status": "ok"}
    ]


def test_an_unreadable_input_is_listed_and_the_others_are_still_written(runner, tmp_path):
    junk = tmp_path / "junk.docx"
    junk.write_bytes(b"\x00\x01 not a document")
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["render", str(junk), str(SEEDLIKE), "--to", "xlsx", "--out", str(out), "--json"]
    )
    assert result.exit_code == 2
    listed = {Path(item["path"]).name: item for item in json.loads(result.stdout)}
    assert listed["department-seedlike-自评表.xlsx"]["status"] == "ok"
    assert listed["junk.docx"]["status"] == "failed"
    assert listed["junk.docx"]["code"].startswith("import-")


def test_an_unknown_format_is_refused_with_its_code(runner, tmp_path):
    result = runner.invoke(app, ["render", str(SEEDLIKE), "--to", "odt", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "render-format-unknown" in result.stderr
    assert "Traceback" not in result.output


def test_pdf_without_libreoffice_names_the_package_and_exits_2(runner, tmp_path, monkeypatch):
    monkeypatch.setattr(office, "find_soffice", lambda: None)
    result = runner.invoke(app, ["render", str(SEEDLIKE), "--to", "pdf", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "office-missing" in result.stderr
    assert "libreoffice-writer-nogui" in result.stderr


def test_a_missing_template_is_an_input_error(runner, tmp_path):
    result = runner.invoke(
        app,
        ["render", str(SEEDLIKE), "--out", str(tmp_path), "--template", str(tmp_path / "t.docx")],
    )
    assert result.exit_code == 2
    assert "input-not-found" in result.stderr


@pytest.mark.parametrize("suffix", [".docx", ".xlsx", ".html"])
def test_check_writes_the_findings_report_in_the_format_of_its_name(runner, tmp_path, suffix):
    target = tmp_path / f"问题清单{suffix}"
    result = runner.invoke(app, ["check", str(SEEDLIKE), "--report", str(target)])
    assert result.exit_code == 1  # the seed-like table has error findings
    assert target.stat().st_size > 0


def test_the_findings_workbook_lists_the_codes_the_check_found(runner, tmp_path):
    target = tmp_path / "findings.xlsx"
    checked = runner.invoke(app, ["check", str(SEEDLIKE), "--json", "--report", str(target)])
    codes = {finding["code"] for finding in json.loads(checked.stdout)["findings"]}
    cells = {c.value for row in load_workbook(target).active.iter_rows() for c in row}
    assert codes <= cells


def test_check_refuses_a_report_format_it_cannot_write(runner, tmp_path):
    result = runner.invoke(app, ["check", str(SEEDLIKE), "--report", str(tmp_path / "x.pdf")])
    assert result.exit_code == 2
    assert "render-report-format" in result.stderr

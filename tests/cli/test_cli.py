"""The CLI is a thin adapter: exit codes from the report, --json equals the library result."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao.cli.app import app
from jixiao.importers import import_path
from jixiao.model import Evaluation
from jixiao.report import check
from jixiao.scoring import score
from tests.factories import clean_department, seedlike_department

DATA = Path(__file__).parent.parent / "data"
SEEDLIKE = DATA / "department-seedlike.txt"

REQUIRED_CODES = {
    "funds-exec-rate-mismatch", "funds-exec-score-mismatch", "funds-source-sum",
    "funds-nature-sum", "funds-budget-adjusted", "funds-over-executed", "weights-total",
    "weights-level1", "score-exceeds-weight", "score-total-mismatch", "grade-mismatch",
    "missing-value", "deduction-without-reason", "deduction-on-met-target",
    "target-missed-full-score", "target-far-exceeded", "target-vague", "actual-copies-target",
    "indicator-name-is-target", "report-table-mismatch", "report-arithmetic",
    "report-funds-mismatch", "report-score-mismatch", "report-section-missing",
    "privacy-phone", "privacy-id-number",
}  # fmt: skip


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def write_json(tmp_path: Path, evaluation: Evaluation, name: str = "doc.json") -> Path:
    path = tmp_path / name
    path.write_text(evaluation.to_json(), encoding="utf-8")
    return path


def test_check_json_equals_the_library_result(runner, tmp_path):
    path = write_json(tmp_path, seedlike_department())
    result = runner.invoke(app, ["check", str(path), "--json"])
    expected = check(Evaluation.from_json(path.read_bytes())).json_dict()
    assert json.loads(result.stdout) == json.loads(json.dumps(expected))


def test_check_exits_1_when_an_error_finding_is_present(runner, tmp_path):
    result = runner.invoke(app, ["check", str(write_json(tmp_path, seedlike_department()))])
    assert result.exit_code == 1
    assert "target-missed-full-score" in result.stdout


def test_check_exits_0_on_a_clean_document(runner, tmp_path):
    result = runner.invoke(app, ["check", str(write_json(tmp_path, clean_department())), "--json"])
    assert result.exit_code == 0, result.stdout
    assert json.loads(result.stdout)["valid"] is True


def test_check_reads_the_text_form(runner):
    result = runner.invoke(app, ["check", str(SEEDLIKE), "--json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["evaluation"]["unit"] == "株洲市渌口区住房和城乡建设局"
    assert report["score"]["self_reported"] == "98"
    assert report["score"]["recomputed"] == "94.43"
    codes = {finding["code"] for finding in report["findings"]}
    assert {"target-missed-full-score", "privacy-phone", "report-table-mismatch"} <= codes


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "import-empty"),
        (b"\x00\x01\x02\xff\xfe" * 50, "import-binary"),
        ("这只是一段普通文字，没有任何表格。\n".encode(), "import-no-indicators"),
    ],
)
def test_unreadable_input_gives_one_line_and_exit_2(runner, tmp_path, content, code):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 2
    assert code in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_a_missing_file_is_exit_2(runner, tmp_path):
    result = runner.invoke(app, ["score", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    assert "input-not-found" in result.stderr


def test_debug_shows_the_underlying_error(runner, tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    result = runner.invoke(app, ["--debug", "check", str(path)])
    assert result.exit_code != 0
    assert result.exception is not None


def test_score_json_equals_the_library_result(runner, tmp_path):
    path = write_json(tmp_path, seedlike_department())
    result = runner.invoke(app, ["score", str(path), "--json"])
    assert result.exit_code == 0
    expected = score(Evaluation.from_json(path.read_bytes())).model_dump(mode="json")
    assert json.loads(result.stdout) == expected


def test_import_writes_json_that_reads_back_equal(runner, tmp_path):
    out = tmp_path / "out.json"
    result = runner.invoke(app, ["import", str(SEEDLIKE), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert Evaluation.from_json(out.read_bytes()) == import_path(SEEDLIKE).evaluations[0]


def test_schema_prints_the_public_contract(runner):
    result = runner.invoke(app, ["schema"])
    schema = json.loads(result.stdout)
    assert {"funds", "indicators", "total", "signoff", "report"} <= set(schema["properties"])


def test_findings_lists_the_whole_catalogue(runner):
    result = runner.invoke(app, ["findings", "--json"])
    codes = {entry["code"] for entry in json.loads(result.stdout)}
    assert codes >= REQUIRED_CODES


def test_demo_runs_and_shows_findings(runner):
    result = runner.invoke(app, ["demo"])
    assert result.exit_code == 0
    assert "复核总分" in result.stdout
    assert "privacy-phone" in result.stdout


def test_profile_option_rejects_an_unknown_profile(runner, tmp_path):
    path = write_json(tmp_path, clean_department())
    result = runner.invoke(app, ["check", str(path), "--profile", "atlantis"])
    assert result.exit_code == 2
    assert "profile-not-found" in result.stderr

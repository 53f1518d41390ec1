"""jixiao import DIR|FILES… --out dataset: progress, summary, exit codes, the library result."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao.cli.app import app
from jixiao.pipeline import run_batch

DATA = Path(__file__).parent.parent / "data"
HANG = b"JIXIAO-TEST-HANG\n"  # see tests/core/hostile_importers.py


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The text-form samples and one empty file."""
    folder = tmp_path / "in"
    folder.mkdir()
    for sample in sorted(DATA.glob("*.txt")):
        (folder / sample.name).write_bytes(sample.read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    return folder


def test_a_batch_shows_progress_and_ends_with_a_summary(runner, folder, tmp_path):
    out = tmp_path / "dataset.jsonl"
    result = runner.invoke(app, ["import", str(folder), "--out", str(out), "--jobs", "2"])

    assert result.exit_code == 0, result.stderr
    assert "4/4" in result.stderr  # the progress bar, on stderr
    assert "文件/秒" in result.stderr
    assert "批量导入 / batch import" in result.stdout
    assert "import-empty" in result.stdout  # the unreadable file is named
    assert "2 个工作进程" in result.stdout
    assert len(out.read_text(encoding="utf-8").splitlines()) == 4


def test_json_prints_the_library_summary(runner, folder, tmp_path):
    args = ["import", str(folder), "--out", str(tmp_path / "cli.csv"), "--check", "--json"]
    result = runner.invoke(app, [*args, "--jobs", "1"])
    expected = run_batch([folder], out=tmp_path / "lib.csv", check=True, jobs=1).json_dict()

    printed = json.loads(result.stdout)
    for summary in (printed, expected):
        for volatile in ("seconds", "outputs", "slowest"):
            summary.pop(volatile)
    assert printed == expected
    assert printed["findings"] == 3


def test_a_second_run_resumes_and_no_resume_starts_over(runner, folder, tmp_path):
    args = ["import", str(folder), "--out", str(tmp_path / "dataset.jsonl"), "--json", "-j", "1"]
    runner.invoke(app, args)
    again = json.loads(runner.invoke(app, args).stdout)
    fresh = json.loads(runner.invoke(app, [*args, "--no-resume"]).stdout)
    assert (again["skipped"], again["processed"]) == (4, 0)
    assert (fresh["skipped"], fresh["processed"]) == (0, 4)


def test_a_hanging_file_is_reported_and_the_batch_still_exits_0(runner, folder, tmp_path):
    (folder / "hangs.txt").write_bytes(HANG)
    args = ["import", str(folder), "--out", str(tmp_path / "dataset.jsonl"), "-j", "2"]
    options = ["--plugin", "tests.core.hostile_importers", "--time-limit", "0.5"]
    result = runner.invoke(app, [*args, *options])
    assert result.exit_code == 0, result.stderr
    assert "import-timeout" in result.stdout


@pytest.mark.parametrize(
    ("arguments", "code"),
    [
        (["{tmp}/nothing-here", "--out", "{tmp}/x.jsonl"], "batch-no-input"),
        (["{folder}", "--out", "{tmp}/x.xlsx"], "batch-output-format"),
        (["{folder}"], "batch-output-format"),  # a folder needs a dataset to go to
        (["{folder}", "--out", "{tmp}/in/empty.txt/x.jsonl"], "batch-output-unwritable"),
        (["{folder}", "--out", "{tmp}/x.jsonl", "--check", "-p", "atlantis"], "profile-not-found"),
    ],
)
def test_a_batch_that_cannot_run_exits_2_with_one_line(runner, folder, tmp_path, arguments, code):
    (tmp_path / "nothing-here").mkdir()
    filled = [a.format(tmp=tmp_path, folder=folder) for a in arguments]
    result = runner.invoke(app, ["import", *filled])
    assert result.exit_code == 2
    assert code in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_one_file_with_a_dataset_output_is_a_batch_of_one(runner, tmp_path):
    out = tmp_path / "one.jsonl"
    result = runner.invoke(app, ["import", str(DATA / "project-basic.txt"), "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    [record] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert record["evaluations"][0]["kind"] == "project"


def test_one_file_without_output_still_prints_its_json(runner):
    result = runner.invoke(app, ["import", str(DATA / "project-basic.txt")])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["kind"] == "project"


def test_batch_only_options_on_one_json_file_are_refused_not_ignored(tmp_path):
    source = Path(__file__).parent.parent / "data" / "department-seedlike.txt"
    result = CliRunner().invoke(
        app, ["import", str(source), "-o", str(tmp_path / "one.json"), "--check"]
    )
    assert result.exit_code == 2
    assert "cli-batch-option" in result.stderr
    assert not (tmp_path / "one.json").exists()

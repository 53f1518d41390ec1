"""Batch outputs: tables with money as printed, journals that survive interruptions."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import pytest

from jixiao.errors import JixiaoError
from jixiao.pipeline import BatchError, expand_inputs, findings_path, run_batch, state_path
from jixiao.pipeline.sources import is_leftover
from jixiao.pipeline.state import load_done, repair
from jixiao.pipeline.summary import Tally
from jixiao.pipeline.worker import failure

DATA = Path(__file__).parent.parent / "data"


@pytest.fixture
def two_tables(tmp_path: Path) -> Path:
    """The seed-like department table and a project table, plus an empty file."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("department-seedlike.txt", "project-basic.txt"):
        (folder / name).write_bytes((DATA / name).read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    return folder


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file))


def test_csv_has_one_row_per_indicator_line_with_money_as_printed(two_tables, tmp_path):
    out = tmp_path / "dataset.csv"
    summary = run_batch([two_tables], out=out, check=True, jobs=1)

    rows = read_csv(out)
    seedlike = [row for row in rows if row["file"].endswith("department-seedlike.txt")]
    assert len(seedlike) == 15
    first = seedlike[0]
    assert first["funds_initial_budget"] == "5025.23"
    assert first["funds_full_year_budget"] == "17511.79"
    assert first["funds_source_other"] == "316.06"
    assert first["funds_source_special_account_non_tax"] == ""  # not printed: empty, not 0
    assert (first["kind"], first["year"], first["table"], first["line"]) == (
        "department",
        "2023",
        "0",
        "0",
    )
    assert first["score_recomputed"] == "94.43"
    assert seedlike[8]["indicator"] == "全年预算数"
    assert seedlike[8]["target"] == "5025.23万元"
    empty = [row for row in rows if row["file"].endswith("empty.txt")]
    assert [(row["status"], row["error_code"], row["line"]) for row in empty] == [
        ("unreadable", "import-empty", "")
    ]
    findings = read_csv(findings_path(out))
    assert {"target-missed-full-score", "deduction-without-reason"} <= {f["code"] for f in findings}
    assert summary.outputs == [str(out), str(findings_path(out))]


def test_parquet_keeps_amounts_as_text_and_indexes_as_integers(two_tables, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = tmp_path / "dataset.parquet"
    run_batch([two_tables], out=out, check=True, jobs=1)

    table = pq.read_table(out)
    assert table.schema.field("funds_executed").type == pa.string()
    assert table.schema.field("weight").type == pa.string()
    assert table.schema.field("year").type == pa.int64()
    rows = table.to_pylist()
    assert {row["funds_executed"] for row in rows if row["kind"] == "department"} == {"17511.79"}
    assert len([row for row in rows if row["kind"] == "project"]) == 7
    findings = pq.read_table(findings_path(out)).to_pylist()
    assert {"code", "severity", "path", "message", "table"} <= set(findings[0])


def test_tables_are_rebuilt_with_earlier_results_when_a_run_is_resumed(two_tables, tmp_path):
    out = tmp_path / "dataset.csv"
    run_batch([two_tables / "project-basic.txt"], out=out, jobs=1)
    assert state_path(out).exists()

    summary = run_batch([two_tables], out=out, jobs=1)

    assert (summary.skipped, summary.processed) == (1, 2)
    files = {Path(row["file"]).name for row in read_csv(out)}
    assert files == {"department-seedlike.txt", "project-basic.txt", "empty.txt"}


def test_a_file_changed_between_runs_has_only_its_latest_rows(two_tables, tmp_path):
    out = tmp_path / "dataset.csv"
    run_batch([two_tables], out=out, jobs=1)
    basic = two_tables / "project-basic.txt"
    basic.write_bytes(basic.read_bytes().replace(b"97.68", b"97.66"))

    run_batch([two_tables], out=out, jobs=1)

    scores = {row["total_score"] for row in read_csv(out) if row["file"] == str(basic)}
    assert scores == {"97.66"}


def test_an_interrupted_table_run_leaves_the_previous_tables_untouched(two_tables, tmp_path):
    out = tmp_path / "dataset.csv"
    run_batch([two_tables / "project-basic.txt"], out=out, jobs=1)
    before = out.read_bytes()

    def interrupt(event):
        if event.result is not None:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch([two_tables], out=out, jobs=1, progress=interrupt)

    assert out.read_bytes() == before
    assert load_done(state_path(out)).files == 2  # the journal kept the new result
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp files left


def test_parquet_without_pyarrow_is_a_clear_error(two_tables, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(BatchError) as caught:
        run_batch([two_tables], out=tmp_path / "dataset.parquet", jobs=1)
    assert caught.value.code == "batch-missing-pyarrow"
    assert not (tmp_path / "dataset.parquet.state").exists()


def test_repair_cuts_a_torn_last_line_and_nothing_else(tmp_path):
    journal = tmp_path / "dataset.jsonl"
    whole = b'{"path": "x", "sha256": "a"}\n{"path": "y", "sha256": "b"}\n'
    journal.write_bytes(whole + b'{"path": "z", "sha25')
    assert repair(journal) == len(b'{"path": "z", "sha25')
    assert journal.read_bytes() == whole
    assert repair(journal) == 0
    assert load_done(journal).paths == {"x": {"a"}, "y": {"b"}}


def test_a_journal_line_that_is_not_a_record_is_passed_over(tmp_path):
    journal = tmp_path / "dataset.jsonl"
    journal.write_bytes(
        b'{"path": "x", "sha256": "a"}\nnot json\n[1, 2]\n{"path": "gone", "sha256": null}\n'
    )
    done = load_done(journal)
    assert done.paths == {"x": {"a"}}
    assert done.holds("x", "a")
    assert not done.holds("x", "b")
    assert done.records == 2


def test_folders_are_walked_in_order_without_hidden_files_or_office_leftovers(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    for name in ("b/2.docx", "b/1.docx", "a.txt", "~$a.docx", ".~lock.a.docx#", "a.docx~"):
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / ".git" / "config").write_bytes(b"x")

    sources = expand_inputs([tmp_path, tmp_path / "a.txt", tmp_path / "nope.txt"])

    assert [Path(p).relative_to(tmp_path).as_posix() for p in sources.files] == [
        "a.txt",
        "b/1.docx",
        "b/2.docx",
    ]
    assert sources.missing == [tmp_path / "nope.txt"]
    assert is_leftover("~$报告.docx")
    assert not is_leftover("报告.docx")


def test_the_tally_counts_by_format_and_keeps_the_slowest_and_the_failed():
    tally = Tally(files=3)
    broken = JixiaoError("import-empty", "空", "empty")
    tally.add(failure("a.txt", "0" * 64, broken, format="text", seconds=0.5))
    tally.skip()
    summary = tally.summary(outputs=["x.jsonl"], runner="local", workers=1, seconds=1.0)
    assert (summary.processed, summary.skipped, summary.unreadable) == (1, 1, 1)
    assert summary.by_format[0].format == "text"
    assert summary.by_format[0].unreadable == 1
    assert summary.slowest[0].path == "a.txt"
    assert summary.failed[0].code == "import-empty"
    assert json.loads(json.dumps(summary.json_dict()))["files"] == 3

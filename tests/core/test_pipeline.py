"""The batch pipeline: every file gets a result, hostile files cost only themselves."""

from __future__ import annotations

import hashlib
import json
import os
import resource
import signal
from pathlib import Path

import pytest

from jixiao.pipeline import BatchError, BatchProgress, run_batch
from jixiao.pipeline.worker import Job, WorkerOptions, process
from tests.factories import clean_department

DATA = Path(__file__).parent.parent / "data"
HOSTILE = "tests.core.hostile_importers"
# The magic first lines that tests/core/hostile_importers.py answers to. The module is loaded
# only in the workers (it registers importers on import), never in this process.
HANG = b"JIXIAO-TEST-HANG\n"
HOG = b"JIXIAO-TEST-HOG\n"
KILLED = b"JIXIAO-TEST-KILLED\n"
CRASH = b"JIXIAO-TEST-CRASH\n"


def records(path: Path) -> dict[str, dict]:
    """The .jsonl output by file name."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return {Path(record["path"]).name: record for record in map(json.loads, lines)}


@pytest.fixture
def mixed_folder(tmp_path: Path) -> Path:
    """Good text-form files, our JSON, an empty file, random bytes and office leftovers."""
    folder = tmp_path / "in"
    folder.mkdir()
    for sample in sorted(DATA.glob("*.txt")):
        (folder / sample.name).write_bytes(sample.read_bytes())
    (folder / "clean-department.json").write_text(clean_department().to_json(), encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "random.bin").write_bytes(bytes(range(256)) * 8 + os.urandom(512))
    (folder / "~$department-seedlike.txt").write_bytes(b"owner file of an open document")
    (folder / ".hidden.txt").write_bytes(b"not to be read")
    return folder


def test_a_batch_reads_good_files_and_records_bad_ones_without_stopping(mixed_folder, tmp_path):
    out = tmp_path / "dataset.jsonl"
    summary = run_batch([mixed_folder], out=out, jobs=2)

    done = records(out)
    assert set(done) == {
        "department-seedlike.txt",
        "project-basic.txt",
        "split-target-columns.txt",
        "clean-department.json",
        "empty.txt",
        "random.bin",
    }
    assert done["empty.txt"]["status"] == "unreadable"
    assert done["empty.txt"]["error"]["code"] == "import-empty"
    assert done["random.bin"]["error"]["code"] == "import-binary"
    assert done["clean-department.json"]["format"] == "json"
    assert done["clean-department.json"]["status"] == "ok"
    seedlike = done["department-seedlike.txt"]
    assert seedlike["format"] == "text"
    assert seedlike["evaluations"][0]["funds"]["initial_budget"] == "5025.23"
    expected_hash = hashlib.sha256((mixed_folder / "department-seedlike.txt").read_bytes())
    assert seedlike["sha256"] == expected_hash.hexdigest()
    assert (summary.files, summary.processed, summary.unreadable) == (6, 6, 2)
    assert {failed.code for failed in summary.failed} == {"import-empty", "import-binary"}


def test_checking_adds_findings_and_scores_and_marks_the_file(mixed_folder, tmp_path):
    out = tmp_path / "dataset.jsonl"
    summary = run_batch([mixed_folder / "department-seedlike.txt"], out=out, check=True, jobs=1)

    record = records(out)["department-seedlike.txt"]
    assert record["status"] == "findings"
    assert record["check"] == "national-2020"
    assert record["scores"][0]["recomputed"] == "94.43"
    codes = {finding["code"] for finding in record["findings"]}
    assert "target-missed-full-score" in codes
    assert all(finding["table"] == 0 for finding in record["findings"])
    assert summary.findings == 1


def test_hostile_files_cost_only_themselves(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, magic in (("hangs", HANG), ("hogs-2gb", HOG), ("kills", KILLED), ("crash", CRASH)):
        (folder / f"{name}.txt").write_bytes(magic + b"whatever follows")
    (folder / "project-basic.txt").write_bytes((DATA / "project-basic.txt").read_bytes())
    out = tmp_path / "dataset.jsonl"

    summary = run_batch([folder], out=out, jobs=2, time_limit=0.5, modules=[HOSTILE])

    done = records(out)
    assert done["hangs.txt"]["error"]["code"] == "import-timeout"
    assert done["hogs-2gb.txt"]["error"]["code"] == "import-memory"
    assert done["kills.txt"]["error"]["code"] == "import-memory"
    assert done["crash.txt"]["error"]["code"] == "import-internal"
    assert "a bug in the importer" in done["crash.txt"]["error"]["message"]
    assert done["project-basic.txt"]["status"] == "ok"
    assert summary.processed == 5


def test_a_lost_worker_gives_the_rest_of_its_chunk_to_another(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-kills.txt").write_bytes(KILLED)
    for number in range(6):
        (folder / f"b-{number}.txt").write_bytes((DATA / "project-basic.txt").read_bytes())
    out = tmp_path / "dataset.jsonl"

    # One worker, one chunk of everything: the killed file is first in it.
    summary = run_batch([folder], out=out, jobs=1, modules=[HOSTILE])

    statuses = {name: record["status"] for name, record in records(out).items()}
    assert statuses.pop("a-kills.txt") == "unreadable"
    assert set(statuses.values()) == {"ok"}
    assert len(statuses) == 6
    assert summary.processed == 7


def test_a_second_run_skips_the_files_already_done(mixed_folder, tmp_path):
    out = tmp_path / "dataset.jsonl"
    run_batch([mixed_folder], out=out, jobs=1)
    (mixed_folder / "copy-of-basic.txt").write_bytes(
        b"\t" + (DATA / "project-basic.txt").read_bytes()
    )
    seen: list[BatchProgress] = []

    summary = run_batch([mixed_folder], out=out, jobs=1, progress=seen.append)

    assert (summary.skipped, summary.processed) == (6, 1)
    assert [event.result.path for event in seen if event.result] == [
        str(mixed_folder / "copy-of-basic.txt")
    ]
    assert seen[-1].done == seen[-1].total == 7
    assert len(out.read_text(encoding="utf-8").splitlines()) == 7


def test_a_copy_or_a_changed_file_is_read_again_on_a_second_run(mixed_folder, tmp_path):
    out = tmp_path / "dataset.jsonl"
    run_batch([mixed_folder], out=out, jobs=1)
    basic = (mixed_folder / "project-basic.txt").read_bytes()
    (mixed_folder / "same-bytes-as-basic.txt").write_bytes(basic)
    (mixed_folder / "project-basic.txt").write_bytes(basic.replace(b"97.68", b"97.66"))

    summary = run_batch([mixed_folder], out=out, jobs=1)

    assert (summary.skipped, summary.processed) == (5, 2)
    done = records(out)  # the later record of a path is the one that counts
    assert done["same-bytes-as-basic.txt"]["status"] == "ok"
    assert done["project-basic.txt"]["evaluations"][0]["total"]["score"] == "97.66"


def test_an_interrupted_run_is_resumed_and_its_torn_last_line_redone(mixed_folder, tmp_path):
    out = tmp_path / "dataset.jsonl"
    run_batch([mixed_folder], out=out, jobs=1)
    whole = out.read_bytes()
    last = whole.rstrip(b"\n").rsplit(b"\n", 1)[-1]
    out.write_bytes(whole[: len(whole) - len(last) // 2 - 1])  # as if killed mid-write

    summary = run_batch([mixed_folder], out=out, jobs=1)

    assert (summary.skipped, summary.processed) == (5, 1)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 6
    assert all(json.loads(line)["sha256"] for line in lines)
    assert json.loads(lines[-1])["path"] == json.loads(last)["path"]


def test_no_resume_starts_over(mixed_folder, tmp_path):
    out = tmp_path / "dataset.jsonl"
    run_batch([mixed_folder], out=out, jobs=1)
    summary = run_batch([mixed_folder], out=out, jobs=1, resume=False)
    assert (summary.skipped, summary.processed) == (0, 6)
    assert len(out.read_text(encoding="utf-8").splitlines()) == 6


def test_resuming_an_output_made_without_checks_is_refused(mixed_folder, tmp_path):
    out = tmp_path / "dataset.jsonl"
    run_batch([mixed_folder / "project-basic.txt"], out=out, jobs=1)
    with pytest.raises(BatchError) as caught:
        run_batch([mixed_folder], out=out, jobs=1, check=True)
    assert caught.value.code == "batch-resume-mismatch"


def test_the_output_in_the_input_folder_is_never_read_as_input(mixed_folder):
    out = mixed_folder / "dataset.jsonl"
    run_batch([mixed_folder], out=out, jobs=1)
    summary = run_batch([mixed_folder], out=out, jobs=1, resume=False)
    assert summary.files == 6
    assert "dataset.jsonl" not in records(out)


def test_a_named_file_that_does_not_exist_is_an_unreadable_result(mixed_folder, tmp_path):
    out = tmp_path / "dataset.jsonl"
    named = [mixed_folder / "project-basic.txt", tmp_path / "gone.txt"]
    summary = run_batch(named, out=out, jobs=1)
    assert records(out)["gone.txt"]["error"]["code"] == "input-not-found"
    assert (summary.processed, summary.unreadable) == (2, 1)


def test_no_input_file_at_all_is_batch_no_input(tmp_path):
    (tmp_path / "empty-folder").mkdir()
    for inputs in ([tmp_path / "empty-folder"], [tmp_path / "gone.txt"]):
        with pytest.raises(BatchError) as caught:
            run_batch(inputs, out=tmp_path / "dataset.jsonl", jobs=1)
        assert caught.value.code == "batch-no-input"


def test_an_output_of_unknown_kind_is_refused_before_any_work(mixed_folder, tmp_path):
    with pytest.raises(BatchError) as caught:
        run_batch([mixed_folder], out=tmp_path / "dataset.xlsx", jobs=1)
    assert caught.value.code == "batch-output-format"


def test_an_output_that_cannot_be_written_is_batch_output_unwritable(mixed_folder, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(BatchError) as caught:
        run_batch([mixed_folder], out=blocker / "dataset.jsonl", jobs=1)
    assert caught.value.code == "batch-output-unwritable"


def test_a_file_larger_than_the_memory_limit_is_not_even_read(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    with (folder / "huge.txt").open("wb") as huge:
        huge.truncate(17 * 1024 * 1024)
    (folder / "project-basic.txt").write_bytes((DATA / "project-basic.txt").read_bytes())
    out = tmp_path / "dataset.jsonl"
    run_batch([folder], out=out, jobs=1, memory_limit_mb=16)
    done = records(out)
    assert done["huge.txt"]["error"]["code"] == "import-memory"
    assert done["project-basic.txt"]["status"] == "ok"


def test_invalid_limits_are_refused(mixed_folder, tmp_path):
    for options in ({"time_limit": 0}, {"memory_limit_mb": 1}, {"jobs": 0}):
        with pytest.raises(BatchError) as caught:
            run_batch([mixed_folder], out=tmp_path / "dataset.jsonl", **options)
        assert caught.value.code == "batch-invalid-option"


def test_the_job_itself_never_raises_for_a_bad_file():
    options = WorkerOptions()
    for data, code in ((b"", "import-empty"), (b"\x00\xff" * 300, "import-binary")):
        result = process(Job(path="x/bad.txt", sha256="0" * 64, data=data), options)
        assert (result.status, result.error_code) == ("unreadable", code)
        assert result.record()["error"]["code"] == code
    good = (DATA / "project-basic.txt").read_bytes()
    result = process(Job(path="x/project-basic.txt", sha256="1" * 64, data=good), options)
    assert (result.status, result.format, result.tables) == ("ok", "text", 1)
    assert result.record()["evaluations"][0]["kind"] == "project"


def test_an_output_that_is_not_a_regular_file_is_refused(mixed_folder, tmp_path):
    out = tmp_path / "dataset.jsonl"
    out.symlink_to("/dev/zero")  # reading it for resuming would never end
    with pytest.raises(BatchError) as caught:
        run_batch([mixed_folder], out=out, jobs=1)
    assert caught.value.code == "batch-output-unwritable"


@pytest.fixture
def small_disk():
    """Files this process writes may not grow past 20 kB, as on a nearly full disk."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write, not a signal
    resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, hard))
    yield
    resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    signal.signal(signal.SIGXFSZ, previous)


def test_a_full_disk_stops_the_batch_with_batch_output_unwritable(
    mixed_folder, tmp_path, small_disk
):
    with pytest.raises(BatchError) as caught:
        run_batch([mixed_folder], out=tmp_path / "dataset.jsonl", jobs=1)
    assert caught.value.code == "batch-output-unwritable"

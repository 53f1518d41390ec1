"""The batch on a Dask cluster gives what it gives locally, limits included."""

from __future__ import annotations

import json
from pathlib import Path

import distributed
import pytest

from jixiao.pipeline import BatchError, run_batch

DATA = Path(__file__).parent.parent / "data"
HOSTILE = "tests.core.hostile_importers"
HANG = b"JIXIAO-TEST-HANG\n"  # see tests/core/hostile_importers.py


def comparable(path: Path) -> list[dict]:
    """The records by path, without the timings that differ from run to run."""
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    for record in records:
        record.pop("seconds")
    return sorted(records, key=lambda record: record["path"])


@pytest.mark.slow
def test_a_dask_cluster_gives_the_same_results_as_local_workers(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for sample in DATA.glob("*.txt"):
        (folder / sample.name).write_bytes(sample.read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    (folder / "hangs.txt").write_bytes(HANG)
    options = {"check": True, "time_limit": 1.0, "modules": [HOSTILE]}

    local = run_batch([folder], out=tmp_path / "local.jsonl", jobs=2, **options)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        remote = run_batch(
            [folder], out=tmp_path / "dask.jsonl", dask_address=cluster.scheduler_address, **options
        )

    assert comparable(tmp_path / "dask.jsonl") == comparable(tmp_path / "local.jsonl")
    hang = next(r for r in comparable(tmp_path / "dask.jsonl") if r["path"].endswith("hangs.txt"))
    assert hang["error"]["code"] == "import-timeout"
    assert (remote.processed, remote.unreadable) == (local.processed, local.unreadable) == (5, 2)
    assert remote.runner == cluster.scheduler_address
    assert remote.workers == 2


@pytest.mark.slow
def test_an_unreachable_scheduler_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr("jixiao.pipeline.dask.CONNECT_TIMEOUT", 1.0)
    (tmp_path / "a.txt").write_bytes((DATA / "project-basic.txt").read_bytes())
    with pytest.raises(BatchError) as caught:
        run_batch([tmp_path / "a.txt"], out=tmp_path / "x.jsonl", dask_address="tcp://127.0.0.1:9")
    assert caught.value.code == "batch-dask-unreachable"

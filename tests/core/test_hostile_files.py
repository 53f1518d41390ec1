"""Hostile files get one clear answer with a code, within 10 s and 512 MB, and never stop a batch.

Each file of :mod:`tests.corpus.hostile` is imported in a child process of its own that may
not grow past 512 MB of address space (``RLIMIT_AS``), so a bomb that gets through shows as a
crash of the child, not of the test run. The child reports the error code or the evaluations
and findings, the seconds the import took and its peak memory (``ru_maxrss``). Then a batch
(:func:`jixiao.pipeline.run_batch`) goes over all of them and must account for every file.

Building the two 1 GiB inflations takes a few seconds, so the whole module is slow.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from jixiao.importers import IMPORT_ERROR_CODES
from jixiao.pipeline import run_batch
from tests.corpus.hostile import GIB, HOSTILE, Hostile, write_all

pytestmark = pytest.mark.slow

SECONDS = 10.0
MEGABYTES = 512

# Runs in the child: limit the address space, import one file, report as one JSON line.
CHILD = f"""
import json, resource, sys, time
limit = {MEGABYTES} << 20
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from jixiao.errors import JixiaoError
from jixiao.importers import import_path
started = time.perf_counter()
try:
    result = import_path(sys.argv[1])
    text = "".join(e.to_json() for e in result.evaluations)
    out = {{
        "evaluations": len(result.evaluations),
        "findings": [f.code for f in result.findings],
        "leaked": "root:" in text,
    }}
except JixiaoError as exc:
    out = {{"code": exc.code}}
except BaseException as exc:
    out = {{"crash": repr(exc)[:500]}}
out["seconds"] = time.perf_counter() - started
out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile")
    write_all(path)
    return path


def _import_in_child(path: Path) -> dict[str, Any]:
    try:
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(path)],
            capture_output=True,
            text=True,
            timeout=SECONDS * 3,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"crash": f"no answer within {SECONDS * 3:.0f} s"}
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        return {"crash": f"exit {done.returncode}: {done.stderr[-800:]}"}
    outcome: dict[str, Any] = json.loads(lines[-1])
    return outcome


@pytest.fixture(scope="module")
def outcomes(folder: Path) -> dict[str, dict[str, Any]]:
    """Every hostile file imported once, two children at a time."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        found = pool.map(lambda h: _import_in_child(folder / h.name), HOSTILE)
        return {hostile.name: outcome for hostile, outcome in zip(HOSTILE, found, strict=True)}


@pytest.mark.parametrize("hostile", HOSTILE, ids=lambda hostile: hostile.name)
def test_a_hostile_file_gets_one_clear_answer_in_10_s_and_512_mb(
    hostile: Hostile, outcomes: dict[str, dict[str, Any]]
) -> None:
    outcome = outcomes[hostile.name]
    assert "crash" not in outcome, f"{hostile.name} ({hostile.defect}): {outcome['crash']}"
    assert outcome["seconds"] < SECONDS, outcome
    assert outcome["peak_mb"] < MEGABYTES, outcome
    if hostile.codes:
        assert outcome.get("code") in hostile.codes, f"{hostile.defect}: {outcome}"
    elif "code" in outcome:
        assert outcome["code"] in IMPORT_ERROR_CODES, outcome
    else:
        # Read despite the trick: then a finding must say what was odd about it.
        assert outcome["evaluations"] >= 1, outcome
        assert any(code.startswith("import-") for code in outcome["findings"]), outcome
    assert not outcome.get("leaked"), "the content of /etc/passwd reached an evaluation"


def test_a_batch_over_every_hostile_file_goes_on_to_the_end(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "hostile.jsonl"
    summary = run_batch([folder], out=out, check=False, jobs=1)
    records = {
        Path(record["path"]).name: record
        for record in map(json.loads, out.read_text(encoding="utf-8").splitlines())
    }
    assert summary.processed == len(HOSTILE)
    assert set(records) == {hostile.name for hostile in HOSTILE}
    for hostile in HOSTILE:
        record = records[hostile.name]
        if hostile.codes:
            assert record["status"] == "unreadable", record
            assert record["error"]["code"] in hostile.codes, record["error"]
        else:
            assert record["status"] in ("ok", "findings", "unreadable"), record
    assert summary.unreadable >= sum(1 for hostile in HOSTILE if hostile.codes)


# --- the hostile files are what they claim ------------------------------------------------------


def test_the_zip_bomb_really_inflates_past_a_gibibyte(folder: Path) -> None:
    with zipfile.ZipFile(folder / "zip-bomb.docx") as archive:
        member = archive.getinfo("word/document.xml")
        assert member.file_size >= GIB
        assert member.compress_size < 2 * (1 << 20)


def test_the_lying_zip_bomb_claims_four_kilobytes_and_inflates_further(folder: Path) -> None:
    data = (folder / "zip-bomb-lying-size.docx").read_bytes()
    with zipfile.ZipFile(folder / "zip-bomb-lying-size.docx") as archive:
        member = archive.getinfo("word/document.xml")
    assert member.file_size == 4096
    start = member.header_offset + 30 + len(member.filename)
    inflater = zlib.decompressobj(-15)
    first = inflater.decompress(data[start : start + member.compress_size], 1 << 20)
    assert len(first) == 1 << 20  # a megabyte out of the first bytes, and more to come


def test_the_pdf_bomb_stream_inflates_past_a_gibibyte(folder: Path) -> None:
    data = (folder / "pdf-bomb.pdf").read_bytes()
    stream = data[data.index(b"stream\n") + 7 : data.index(b"\nendstream")]
    inflater = zlib.decompressobj()
    total, rest = 0, stream
    while rest:
        total += len(inflater.decompress(rest, 64 << 20))
        rest = inflater.unconsumed_tail
    assert inflater.eof
    assert total >= GIB

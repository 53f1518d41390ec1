"""Bench cases for reading files: import throughput and field accuracy per format, the docx
floor, and the batch pipeline's scaling from one worker to two.

- ``import-<format>``: documents per CPU second importing a generated corpus of that format
  (``--format-n`` documents, a quarter of that for PDF), one file at a time from memory. The
  corpus is the test corpus of ``tests/corpus`` (every layout family, known truth), so the
  same preparation also measures the **field accuracy** of the import (target ≥ 99.5 %).
- ``docx-floor``: the least any docx reader must do with the same files: unzip
  ``word/document.xml`` and parse it with lxml, no table logic. The docx importer should stay
  within 3× of it.
- ``batch-jobs-1`` / ``batch-jobs-2``: ``--batch-n`` .docx files (default: ``--n``) through
  :func:`jixiao.pipeline.run_batch` with one and two worker processes, wall-clock; two workers
  should be at least 1.8× as fast. The batch is made of the docx corpus's documents, each copied
  as often as needed with a zip comment of its own, so every file has different bytes.

Generated corpora are cached under ``bench/out/`` (git-ignored), in folders named for their
size, seed and a fingerprint of the corpus code, so a second run starts at once and a change to
a writer or a layout makes a fresh corpus.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import shutil
import struct
import sys
import tempfile
import zipfile
from collections.abc import Callable, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # the corpus lives in tests/corpus, beside src/

from tests.corpus.accuracy import WRITERS, Accuracy, available_writers, file_name  # noqa: E402
from tests.corpus.layouts import Sample, samples  # noqa: E402

from jixiao.errors import JixiaoError  # noqa: E402
from jixiao.importers import import_bytes  # noqa: E402
from jixiao.pipeline import run_batch  # noqa: E402

OUT = Path(__file__).parent / "out"
ACCURACY_TARGET = 99.5
FLOOR_RATIO = 3.0
SCALING_TARGET = 1.8
PDF_SHARE = 4  # PDFs are written and read slower: a quarter of the corpus


class Case(NamedTuple):
    """Fields of ``run.BenchCase``, in its order."""

    name: str
    title: str
    run: Callable[[Any], int]
    prepare: Callable[[Any], None]


class Goal(NamedTuple):
    """Fields of ``run.Target``, in its order."""

    name: str
    description: str
    measure: Callable[[Mapping[str, Any]], float]
    limit: float
    unit: str
    at_least: bool


# --- corpora on disk ----------------------------------------------------------------------------


def fingerprint(format_name: str) -> str:
    """A short hash of the code that makes a corpus of ``format_name``."""
    corpus = ROOT / "tests" / "corpus"
    module = WRITERS[format_name][0]
    digest = hashlib.sha256()
    for name in ("document.py", "truth.py", "layouts.py", f"{module}.py"):
        path = corpus / name
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()[:10]


def _write_one(job: tuple[str, Sample, Path]) -> str | None:
    """Write one document; the writer's error instead, so one bad document costs only itself."""
    format_name, item, folder = job
    write = available_writers()[format_name]
    try:
        data = write(item.document)
    except Exception as exc:  # a corpus writer's bug: reported, not fatal to the bench
        return f"{item.name}: {type(exc).__name__}: {str(exc)[:200]}"
    (folder / file_name(item.name, format_name)).write_bytes(data)
    return None


@dataclass
class Corpus:
    """One format's generated files (name, bytes), the samples they print, in order, and the
    documents its writer could not write."""

    format: str
    files: list[tuple[str, bytes]]
    samples: list[Sample]
    unwritten: list[str] = field(default_factory=list)


def corpus(format_name: str, n: int, seed: int, progress: Callable[[str], None]) -> Corpus:
    """``n`` generated documents in ``format_name``, written once and cached under bench/out."""
    items = samples(n, seed)
    folder = OUT / f"{format_name}-{n}-{seed}-{fingerprint(format_name)}"
    manifest = folder / "manifest.json"
    if not manifest.exists():
        progress(f"writing {n:,} {format_name} documents to {folder.relative_to(ROOT)}…")
        _forget_stale(folder)
        folder.mkdir(parents=True, exist_ok=True)
        jobs = [(format_name, item, folder) for item in items]
        # Writers are pure Python and some are slow (python-docx): use every core, once.
        with ProcessPoolExecutor() as pool:
            errors = [error for error in pool.map(_write_one, jobs, chunksize=4) if error]
        manifest.write_text(json.dumps({"unwritten": errors}), encoding="utf-8")
    unwritten: list[str] = json.loads(manifest.read_text(encoding="utf-8"))["unwritten"]
    kept = [item for item in items if (folder / file_name(item.name, format_name)).exists()]
    files = [
        (file_name(i.name, format_name), (folder / file_name(i.name, format_name)).read_bytes())
        for i in kept
    ]
    return Corpus(format_name, files, kept, unwritten)


def _forget_stale(folder: Path) -> None:
    """Remove the corpora this one replaces: same kind, size and seed, older code (a batch
    folder holds hundreds of megabytes)."""
    kind_size_seed = folder.name.split("-")[:3]
    for old in folder.parent.glob("-".join(kind_size_seed) + "-*"):
        if old != folder and old.name.split("-")[:3] == kind_size_seed:
            shutil.rmtree(old, ignore_errors=True)


def with_comment(docx: bytes, comment: bytes) -> bytes:
    """The same .docx with a zip comment: other bytes, the same content."""
    end = docx.rfind(b"PK\x05\x06")
    record = bytearray(docx[end : end + 22])
    struct.pack_into("<H", record, 20, len(comment))
    return docx[:end] + bytes(record) + comment


def batch_folder(source: Corpus, n: int, seed: int, progress: Callable[[str], None]) -> Path:
    """``n`` .docx files made of the corpus's documents, each file's bytes its own."""
    folder = OUT / f"batch-docx-{n}-{seed}-{fingerprint('docx')}-{len(source.files)}"
    done = folder / ".complete"
    if not done.exists():
        progress(f"copying {n:,} .docx files for the batch into {folder.relative_to(ROOT)}…")
        _forget_stale(folder)
        folder.mkdir(parents=True, exist_ok=True)
        for i in range(n):
            name, data = source.files[i % len(source.files)]
            copy = with_comment(data, f"jixiao bench copy {i}".encode())
            (folder / f"{i:05d}-{name}").write_bytes(copy)
        done.write_text(str(n), encoding="utf-8")
    return folder


# --- the cases ----------------------------------------------------------------------------------


@dataclass
class FormatBench:
    """The format cases of one bench run and what their preparation found out."""

    format_n: int
    batch_n: int
    seed: int
    progress: Callable[[str], None]
    formats: list[str] = field(default_factory=lambda: list(available_writers()))
    corpora: dict[str, Corpus] = field(default_factory=dict)
    accuracy: dict[str, Accuracy] = field(default_factory=dict)
    batch: dict[int, dict[str, Any]] = field(default_factory=dict)

    def size(self, format_name: str) -> int:
        return max(1, self.format_n // PDF_SHARE) if format_name == "pdf" else self.format_n

    def load(self, format_name: str) -> Corpus:
        if format_name not in self.corpora:
            n = self.size(format_name)
            self.corpora[format_name] = corpus(format_name, n, self.seed, self.progress)
        return self.corpora[format_name]

    # import throughput and, while preparing, accuracy

    def _prepare_import(self, format_name: str) -> Callable[[Any], None]:
        def prepare(context: Any) -> None:
            del context
            files = self.load(format_name)
            tally = Accuracy()
            # One untimed pass: the warm-up, and the comparison with the truth.
            for (name, data), item in zip(files.files, files.samples, strict=True):
                try:
                    evaluations = import_bytes(data, name).evaluations
                except JixiaoError:
                    evaluations = []
                tally.compare_documents(item.truths, evaluations, document=name)
            self.accuracy[format_name] = tally

        return prepare

    def _run_import(self, format_name: str) -> Callable[[Any], int]:
        def run(context: Any) -> int:
            del context
            files = self.corpora[format_name].files
            for name, data in files:
                # A failure is counted by the accuracy; it is timed all the same.
                with contextlib.suppress(JixiaoError):
                    import_bytes(data, name)
            return len(files)

        return run

    # the docx floor

    def _prepare_floor(self, context: Any) -> None:
        self.load("docx")
        self._run_floor(context)  # warm-up

    def _run_floor(self, context: Any) -> int:
        del context
        files = self.corpora["docx"].files
        for _, data in files:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                etree.fromstring(archive.read("word/document.xml"))
        return len(files)

    # the batch

    def _prepare_batch(self, context: Any) -> None:
        del context
        batch_folder(self.load("docx"), self.batch_n, self.seed, self.progress)

    def _run_batch(self, jobs: int) -> Callable[[Any], int]:
        def run(context: Any) -> int:
            del context
            folder = batch_folder(self.corpora["docx"], self.batch_n, self.seed, self.progress)
            with tempfile.TemporaryDirectory(prefix="jixiao-bench-") as scratch:
                out = Path(scratch) / "batch.jsonl"
                summary = run_batch([folder], out=out, check=False, jobs=jobs, resume=False)
            self.batch[jobs] = {
                "processed": summary.processed,
                "unreadable": summary.unreadable,
                "failed": [f"{failed.path}: {failed.code}" for failed in summary.failed[:3]],
            }
            return summary.processed

        return run

    # what run.py adds

    def cases(self) -> list[Case]:
        found: list[Case] = []
        for name in self.formats:
            found.append(
                Case(
                    f"import-{name}",
                    f"{name} import",
                    self._run_import(name),
                    self._prepare_import(name),
                )
            )
        if "docx" in self.formats:
            found.append(
                Case("docx-floor", "docx floor: unzip + lxml", self._run_floor, self._prepare_floor)
            )
            for jobs in (1, 2):
                found.append(
                    Case(
                        f"batch-jobs-{jobs}",
                        f"batch of .docx, --jobs {jobs}",
                        self._run_batch(jobs),
                        self._prepare_batch,
                    )
                )
        return found

    def targets(self) -> list[Goal]:
        goals = [
            Goal(
                f"accuracy-{name}",
                f"{name} field accuracy ≥ {ACCURACY_TARGET} %",
                self._accuracy_of(name),
                ACCURACY_TARGET,
                "%",
                True,
            )
            for name in self.formats
        ]
        if "docx" in self.formats:
            goals += [
                Goal(
                    "docx-vs-floor",
                    f"docx import costs ≤ {FLOOR_RATIO:g}× unzip + lxml parse",
                    _docx_ratio,
                    FLOOR_RATIO,
                    "×",
                    False,
                ),
                Goal(
                    "batch-scaling",
                    f"batch with --jobs 2 ≥ {SCALING_TARGET}× as fast as --jobs 1 (wall)",
                    _scaling,
                    SCALING_TARGET,
                    "×",
                    True,
                ),
            ]
        return goals

    def _accuracy_of(self, name: str) -> Callable[[Mapping[str, Any]], float]:
        def measure(results: Mapping[str, Any]) -> float:
            del results
            return self.accuracy[name].rate * 100

        return measure

    def report(self) -> dict[str, Any]:
        """Accuracy per format (with its worst mismatches) and the batch counts, for --json."""
        return {
            "format_n": self.format_n,
            "batch_n": self.batch_n,
            "accuracy": {
                name: {
                    "rate": tally.rate,
                    "fields": tally.fields,
                    "documents": tally.documents,
                    "weakest": {k: [ok, n] for k, (ok, n) in tally.by_field().items() if ok < n},
                    "worst": [str(m) for m in tally.worst(10)],
                }
                for name, tally in self.accuracy.items()
            },
            "batch": self.batch,
            "unwritten": {name: c.unwritten for name, c in self.corpora.items() if c.unwritten},
        }

    def notes(self) -> list[str]:
        """One line per format whose accuracy misses the target: what it reads worst."""
        lines = []
        for name, tally in self.accuracy.items():
            if tally.rate * 100 < ACCURACY_TARGET:
                weak = ", ".join(
                    f"{k} {ok}/{n}" for k, (ok, n) in list(tally.by_field().items())[:3]
                )
                lines.append(f"{name}: weakest fields {weak}; e.g. {tally.worst(1)[0]}")
        for name, files in self.corpora.items():
            if files.unwritten:
                lines.append(
                    f"{name} writer failed on {len(files.unwritten)} documents (left out), e.g. "
                    f"{files.unwritten[0]}"
                )
        for jobs, counts in self.batch.items():
            if counts["unreadable"]:
                lines.append(
                    f"batch --jobs {jobs}: {counts['unreadable']} files unreadable, e.g. "
                    + "; ".join(counts["failed"])
                )
        return lines


def _docx_ratio(results: Mapping[str, Any]) -> float:
    return float(
        results["import-docx"].seconds_per_document / results["docx-floor"].seconds_per_document
    )


def _scaling(results: Mapping[str, Any]) -> float:
    return float(results["batch-jobs-1"].seconds / results["batch-jobs-2"].seconds)

"""The job done for each file: import its bytes, optionally check each table, and say how it went.

:func:`process` never raises for a bad file: whatever the importer does, the file gets a
:class:`FileResult` with status ``ok``, ``findings`` or ``unreadable``. The result carries the
output record already serialised (one JSON line), built where the work is done, so that the
process collecting results from many workers only has to write it.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import time
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from jixiao.errors import JixiaoError, unreadable_input
from jixiao.findings import Finding, Severity
from jixiao.importers import ImportResult, select_importer
from jixiao.importers.base import import_error
from jixiao.model import Evaluation
from jixiao.pipeline.limits import Limits
from jixiao.report import CheckReport, check
from jixiao.rules import DEFAULT_PROFILE, Profile

Status = Literal["ok", "findings", "unreadable"]
STATUSES: tuple[Status, ...] = ("ok", "findings", "unreadable")
# Findings of these severities make a file "findings" rather than "ok".
NOTEWORTHY = frozenset({Severity.ERROR, Severity.WARNING})


class Job(NamedTuple):
    """One file to read, named by its path as the batch shows it.

    ``data`` holds the file's bytes when they travel with the job (to another machine);
    otherwise the worker reads the file itself, which spares the batch's own process from
    copying every file through a pipe. ``sha256`` is set when the batch hashed it already.
    (A named tuple, as is :class:`FileResult`: they pickle several times faster than
    dataclasses, and a batch sends thousands.)
    """

    path: str
    data: bytes | None = None
    sha256: str | None = None

    def read(self) -> bytes:
        return self.data if self.data is not None else Path(self.path).read_bytes()

    @property
    def size(self) -> int:
        """Bytes travelling with the job (0 when the worker reads the file itself)."""
        return len(self.data) if self.data is not None else 0

    def content_hash(self) -> str | None:
        """The sha256 of the file, computed if need be; None when it cannot be read."""
        if self.sha256 is not None:
            return self.sha256
        try:
            return hashlib.sha256(self.read()).hexdigest()
        except OSError:
            return None


@dataclass(frozen=True, slots=True)
class WorkerOptions:
    """What every worker needs to know: whether to check, with which profile, what to load.

    ``modules`` are imported in each worker before the first file, so a module that registers
    an extra importer (a plugin, or a test's hostile importer) is in every worker's registry.
    """

    check: bool = False
    profile: Profile | None = None
    modules: tuple[str, ...] = ()

    @property
    def check_id(self) -> str | None:
        """The profile id the files are checked with, None when they are not checked."""
        if not self.check:
            return None
        return self.profile.id if self.profile else DEFAULT_PROFILE


@dataclass(frozen=True, slots=True)
class WorkerInit:
    """The first message to a worker process: options, limits, where to find extra modules."""

    options: WorkerOptions
    limits: Limits
    sys_path: tuple[str, ...] = ()


# The exit status of a worker process that ran out of memory outside a job (receiving or
# sending), when no result can be sent any more.
EXIT_MEMORY = 3


# --- the output record (one line of a .jsonl output) ---------------------------------------


class RecordError(BaseModel):
    """Why a file is unreadable: a stable code and the human text."""

    model_config = ConfigDict(extra="forbid")

    code: str
    message: str
    message_en: str = ""


class RecordFinding(Finding):
    """A finding with the index of the table (evaluation) of the file it belongs to."""

    table: int = 0


class TableScore(BaseModel):
    """The outcome of checking one table: totals and grades, self-reported and recomputed."""

    model_config = ConfigDict(extra="forbid")

    table: int
    valid: bool
    errors: int
    warnings: int
    self_reported: str | None = None
    recomputed: str | None = None
    grade_self_reported: str | None = None
    grade_recomputed: str | None = None


class FileRecord(BaseModel):
    """Everything the batch keeps about one file."""

    model_config = ConfigDict(extra="forbid")

    path: str
    sha256: str | None
    size: int | None = None
    format: str | None = None
    status: Status
    error: RecordError | None = None
    check: str | None = None
    seconds: float = 0.0
    evaluations: list[Evaluation] = Field(default_factory=list)
    scores: list[TableScore] = Field(default_factory=list)
    findings: list[RecordFinding] = Field(default_factory=list)


# --- the small result a worker sends back ----------------------------------------------------


class FileResult(NamedTuple):
    """How one file went, small enough to send between processes cheaply.

    ``line`` is the serialised :class:`FileRecord`, UTF-8, without a newline: bytes, so the
    process collecting results passes it to the output without decoding and encoding it
    again. The other fields are what a summary and a progress display need.
    """

    path: str
    sha256: str | None
    size: int | None
    format: str | None
    status: Status
    error_code: str | None
    error_message: str | None
    tables: int
    findings: int
    seconds: float
    line: bytes

    def record(self) -> dict[str, Any]:
        """The output record as plain JSON data."""
        data: dict[str, Any] = json.loads(self.line)
        return data


def _result(record: FileRecord, noteworthy: int = 0) -> FileResult:
    return FileResult(
        path=record.path,
        sha256=record.sha256,
        size=record.size,
        format=record.format,
        status=record.status,
        error_code=record.error.code if record.error else None,
        error_message=record.error.message if record.error else None,
        tables=len(record.evaluations),
        findings=noteworthy,
        seconds=record.seconds,
        line=record.model_dump_json().encode("utf-8"),
    )


def failure(
    path: str,
    sha256: str | None,
    error: JixiaoError,
    *,
    size: int | None = None,
    format: str | None = None,
    seconds: float = 0.0,
    check_id: str | None = None,
) -> FileResult:
    """The result of a file that could not be read, for whatever reason."""
    record = FileRecord(
        path=path,
        sha256=sha256,
        size=size,
        format=format,
        status="unreadable",
        error=RecordError(code=error.code, message=error.message, message_en=error.message_en),
        check=check_id,
        seconds=round(seconds, 4),
    )
    return _result(record)


# --- the job -------------------------------------------------------------------------------


def prepare(options: WorkerOptions) -> None:
    """Load what the jobs will need, once per worker, before the first file."""
    if options.check:
        import jixiao.checks  # noqa: F401  (the checks register themselves on import)
    for module in options.modules:
        importlib.import_module(module)


def process(job: Job, options: WorkerOptions) -> FileResult:
    """Read one file, import it (and check it when asked); never raises for a bad file."""
    started = time.perf_counter()
    try:
        data = job.read()
    except OSError as error:
        return failure(job.path, job.sha256, unreadable_input(error), check_id=options.check_id)
    sha256 = hashlib.sha256(data).hexdigest()
    name = PurePath(job.path).name
    format: str | None = None

    def failed(error: JixiaoError) -> FileResult:
        return failure(
            job.path,
            sha256,
            error,
            size=len(data),
            format=format,
            seconds=time.perf_counter() - started,
            check_id=options.check_id,
        )

    try:
        importer = select_importer(data, name)  # sniffed once: its name is the format
        format = importer.name
        imported = importer.read(data, name)
        record, noteworthy = _evaluate(job.path, sha256, len(data), imported, format, options)
    except JixiaoError as error:
        return failed(error)
    except MemoryError:
        return failed(import_error("import-memory"))
    except Exception as error:  # one bad file must never stop the batch
        return failed(import_error("import-internal", repr(error)[:300], repr(error)[:300]))
    seconds = round(time.perf_counter() - started, 4)
    return _result(record.model_copy(update={"seconds": seconds}), noteworthy)


def _evaluate(
    path: str,
    sha256: str,
    size: int,
    imported: ImportResult,
    format: str | None,
    options: WorkerOptions,
) -> tuple[FileRecord, int]:
    findings: list[RecordFinding] = [
        RecordFinding(**finding.model_dump(), table=_table_of(finding))
        for finding in imported.findings
    ]
    scores: list[TableScore] = []
    if options.check:
        for index, evaluation in enumerate(imported.evaluations):
            report = check(evaluation, options.profile)
            findings.extend(
                RecordFinding(**finding.model_dump(), table=index) for finding in report.findings
            )
            scores.append(_table_score(index, report))
    noteworthy = sum(1 for finding in findings if finding.severity in NOTEWORTHY)
    record = FileRecord(
        path=path,
        sha256=sha256,
        size=size,
        format=format,
        status="findings" if noteworthy else "ok",
        check=options.check_id,
        evaluations=imported.evaluations,
        scores=scores,
        findings=findings,
    )
    return record, noteworthy


def _table_of(finding: Finding) -> int:
    index = finding.evidence.get("evaluation", 0)
    return index if isinstance(index, int) else 0


def _table_score(index: int, report: CheckReport) -> TableScore:
    totals = report.score.model_dump(mode="json", include=_TOTALS)
    return TableScore(
        table=index,
        valid=report.valid,
        errors=report.stats.errors,
        warnings=report.stats.warnings,
        **totals,
    )


_TOTALS = {"self_reported", "recomputed", "grade_self_reported", "grade_recomputed"}

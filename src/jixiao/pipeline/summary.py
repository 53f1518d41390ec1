"""What a batch did, counted as results arrive: by status, by format, the slowest and the failed.

:class:`BatchSummary` is the library result of :func:`jixiao.pipeline.run_batch`; the CLI
prints it as tables, or with ``--json`` exactly as :meth:`BatchSummary.json_dict` gives it.
"""

from __future__ import annotations

import heapq
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from jixiao.pipeline.worker import FileResult

# How many of the slowest files, and of the unreadable ones, the summary names.
SLOWEST = 10
FAILED = 100


class FormatCounts(BaseModel):
    """Files of one format by status (``format`` is None when no importer claimed them)."""

    model_config = ConfigDict(extra="forbid")

    format: str | None
    ok: int = 0
    findings: int = 0
    unreadable: int = 0


class SlowFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    path: str
    seconds: float
    format: str | None = None


class FailedFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    path: str
    code: str
    message: str


class BatchSummary(BaseModel):
    """The outcome of one batch run.

    ``files`` were found; ``skipped`` were already in the output (resume); ``processed``
    were read in this run, each ending ``ok``, ``findings`` or ``unreadable``.
    """

    model_config = ConfigDict(extra="forbid")

    outputs: list[str] = Field(default_factory=list)
    runner: str = "local"
    workers: int = 1
    files: int = 0
    skipped: int = 0
    processed: int = 0
    ok: int = 0
    findings: int = 0
    unreadable: int = 0
    tables: int = 0
    seconds: float = 0.0
    by_format: list[FormatCounts] = Field(default_factory=list)
    slowest: list[SlowFile] = Field(default_factory=list)
    failed: list[FailedFile] = Field(default_factory=list)

    @property
    def files_per_second(self) -> float:
        return self.processed / self.seconds if self.seconds > 0 else 0.0

    def json_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


class Tally:
    """Counts results as they come; :meth:`summary` gives the :class:`BatchSummary`."""

    def __init__(self, files: int) -> None:
        self.files = files
        self.skipped = 0
        self.processed = 0
        self.tables = 0
        self._status = {"ok": 0, "findings": 0, "unreadable": 0}
        self._formats: dict[str | None, dict[str, int]] = {}
        self._slowest: list[tuple[float, str, str | None]] = []
        self._failed: list[FailedFile] = []

    @property
    def done(self) -> int:
        return self.skipped + self.processed

    def skip(self) -> None:
        self.skipped += 1

    def add(self, result: FileResult) -> None:
        self.processed += 1
        self.tables += result.tables
        self._status[result.status] += 1
        counts = self._formats.setdefault(result.format, dict.fromkeys(self._status, 0))
        counts[result.status] += 1
        slow = (result.seconds, result.path, result.format)
        if len(self._slowest) < SLOWEST:
            heapq.heappush(self._slowest, slow)
        else:
            heapq.heappushpop(self._slowest, slow)
        if result.status == "unreadable" and len(self._failed) < FAILED:
            self._failed.append(
                FailedFile(
                    path=result.path,
                    code=result.error_code or "",
                    message=result.error_message or "",
                )
            )

    def summary(
        self, *, outputs: list[str], runner: str, workers: int, seconds: float
    ) -> BatchSummary:
        formats = [
            FormatCounts(format=format, **counts)
            for format, counts in sorted(self._formats.items(), key=lambda item: item[0] or "~")
        ]
        slowest = sorted(self._slowest, reverse=True)
        return BatchSummary(
            outputs=outputs,
            runner=runner,
            workers=workers,
            files=self.files,
            skipped=self.skipped,
            processed=self.processed,
            ok=self._status["ok"],
            findings=self._status["findings"],
            unreadable=self._status["unreadable"],
            tables=self.tables,
            seconds=round(seconds, 3),
            by_format=formats,
            slowest=[SlowFile(path=path, seconds=s, format=fmt) for s, path, fmt in slowest],
            failed=list(self._failed),
        )

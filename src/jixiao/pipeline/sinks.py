"""Where batch results go: a JSON-lines file, or CSV / Parquet tables.

Every sink keeps a journal of whole records, appended one line per file as results arrive:

- ``.jsonl`` — the journal *is* the output (one record per file: path, sha256, format,
  status, error, evaluations, scores, findings);
- ``.csv`` / ``.parquet`` — the journal is the sidecar ``<out>.state``; at the end the two
  tables (``<out>`` with one row per indicator line, ``<stem>.findings.<ext>`` with one row per
  finding) are written to temporary files beside them and moved into place, so a reader never
  sees half a table and an interrupted run leaves the previous tables as they were.

The journal is also what a later run resumes from (:mod:`jixiao.pipeline.state`).
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import Any, Literal, Protocol

from jixiao.pipeline.errors import batch_error
from jixiao.pipeline.state import Done, resume_from, state_path
from jixiao.pipeline.tables import (
    BOOLEAN_COLUMNS,
    FINDING_COLUMNS,
    INDICATOR_COLUMNS,
    INTEGER_COLUMNS,
    Row,
    finding_rows,
    indicator_rows,
)
from jixiao.pipeline.worker import FileResult

SinkKind = Literal["jsonl", "csv", "parquet"]
SUFFIXES: dict[str, SinkKind] = {".jsonl": "jsonl", ".csv": "csv", ".parquet": "parquet"}
# Rows per Parquet row group: big enough to compress well, small enough to stay in memory.
PARQUET_BATCH = 50_000


class Sink(Protocol):
    """Receives each file's result as it arrives; writes the final form at :meth:`finish`."""

    @property
    def outputs(self) -> list[Path]:
        """The files this sink writes (what a batch must not read as input)."""
        ...

    def write(self, result: FileResult) -> None: ...

    def finish(self) -> list[Path]:
        """Complete the output; the files written."""
        ...

    def close(self) -> None:
        """Release the journal (after :meth:`finish`, or instead of it on an interruption)."""
        ...


def sink_kind(out: Path) -> SinkKind:
    kind = SUFFIXES.get(out.suffix.lower())
    if kind is None:
        raise batch_error("batch-output-format", str(out), str(out))
    return kind


def findings_path(out: Path) -> Path:
    """``dataset.csv`` → ``dataset.findings.csv``."""
    return out.with_name(f"{out.stem}.findings{out.suffix}")


def open_sink(out: Path, *, resume: bool, check_id: str | None) -> tuple[Sink, Done]:
    """The sink for ``out`` (by its extension) and what it already holds when resuming.

    Without ``resume`` the journal starts empty. Raises ``BatchError`` when ``out`` has an
    unknown extension, cannot be written, or needs a library that is missing.
    """
    kind = sink_kind(out)
    if kind == "parquet":
        _pyarrow()  # fail before any work is done, not at the end
    journal_path = out if kind == "jsonl" else state_path(out)
    for path in {out, journal_path}:
        if path.exists() and not path.is_file():  # a folder, a device: never read or replace
            raise batch_error(
                "batch-output-unwritable",
                f"{path}（不是普通文件）",
                f"{path} (not a regular file)",
            )
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        done = resume_from(journal_path, check_id) if resume else Done()
        journal = _Journal(journal_path, append=resume)
    except OSError as error:
        raise _unwritable(out, error) from error
    if kind == "jsonl":
        return JsonlSink(journal), done
    tables = TableSink(journal, out, kind)
    tables.probe()
    return tables, done


def _unwritable(path: Path, error: OSError) -> Exception:
    reason = error.strerror or str(error)
    return batch_error("batch-output-unwritable", f"{path}（{reason}）", f"{path} ({reason})")


class _Journal:
    """An append-only JSON-lines file.

    Lines are buffered and written a block at a time, and at the latest every
    ``FLUSH_SECONDS``, so a reader (``tail -f``) sees progress. A process killed mid-block
    leaves whole lines and at most one torn last line, which the next run cuts off
    (:func:`jixiao.pipeline.state.repair`) and redoes with the few lost ones.
    """

    BUFFER = 1 << 20
    FLUSH_SECONDS = 1.0

    def __init__(self, path: Path, *, append: bool) -> None:
        self.path = path
        self._file = open(path, "ab" if append else "wb", buffering=self.BUFFER)  # noqa: SIM115
        self._flushed = time.monotonic()

    def append(self, line: bytes) -> None:
        try:
            self._file.write(line)
            self._file.write(b"\n")
            now = time.monotonic()
            if now - self._flushed > self.FLUSH_SECONDS:
                self._file.flush()
                self._flushed = now
        except OSError as error:  # a full disk, say: the batch cannot go on
            raise _unwritable(self.path, error) from error

    def close(self) -> None:
        if self._file.closed:
            return
        try:
            self._file.flush()
            with contextlib.suppress(OSError):  # not every filesystem can sync
                os.fsync(self._file.fileno())
        except OSError as error:
            raise _unwritable(self.path, error) from error
        finally:
            with contextlib.suppress(OSError):
                self._file.close()


class JsonlSink:
    """The journal is the output: nothing more to do at the end."""

    def __init__(self, journal: _Journal) -> None:
        self._journal = journal

    @property
    def outputs(self) -> list[Path]:
        return [self._journal.path]

    def write(self, result: FileResult) -> None:
        self._journal.append(result.line)

    def finish(self) -> list[Path]:
        self._journal.close()
        return [self._journal.path]

    def close(self) -> None:
        self._journal.close()


class TableSink:
    """CSV or Parquet tables, built from the journal when the batch is done."""

    def __init__(self, journal: _Journal, out: Path, kind: SinkKind) -> None:
        self._journal = journal
        self._out = out
        self._kind = kind

    @property
    def outputs(self) -> list[Path]:
        return [self._out, findings_path(self._out), self._journal.path]

    def probe(self) -> None:
        """Fail now, not at the end, if the tables' folder cannot take new files."""
        try:
            with tempfile.TemporaryFile(dir=self._out.parent):
                pass
        except OSError as error:
            self._journal.close()
            raise _unwritable(self._out, error) from error

    def write(self, result: FileResult) -> None:
        self._journal.append(result.line)

    def finish(self) -> list[Path]:
        self._journal.close()
        write = _write_csv if self._kind == "csv" else _write_parquet
        targets: list[tuple[Path, tuple[str, ...], Callable[[dict[str, Any]], Iterator[Row]]]] = [
            (self._out, INDICATOR_COLUMNS, indicator_rows),
            (findings_path(self._out), FINDING_COLUMNS, finding_rows),
        ]
        for target, columns, rows_of in targets:
            rows = (row for record in _latest(self._journal.path) for row in rows_of(record))
            try:
                _replace_atomically(target, partial(write, columns=columns, rows=rows))
            except OSError as error:
                raise _unwritable(target, error) from error
        return [target for target, _, _ in targets]

    def close(self) -> None:
        self._journal.close()


def _records(journal: Path) -> Iterator[dict[str, Any]]:
    with journal.open("rb") as file:
        for line in file:
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if isinstance(record, dict):
                yield record


def _latest(journal: Path) -> Iterator[dict[str, Any]]:
    """The journal's records, only the last of each path (a file changed between runs has
    two; the tables show what it holds now)."""
    last = {record.get("path"): number for number, record in enumerate(_records(journal))}
    for number, record in enumerate(_records(journal)):
        if last[record.get("path")] == number:
            yield record


def _replace_atomically(target: Path, write: Callable[[Path], None]) -> None:
    """Write to a hidden temporary file beside ``target``, then move it over ``target``."""
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        write(temporary)
        temporary.chmod(_file_mode(target))  # mkstemp makes it private; the output is not
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def _file_mode(target: Path) -> int:
    """The mode the replaced file had, or what a new file gets under the current umask."""
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _write_csv(path: Path, columns: tuple[str, ...], rows: Iterable[Row]) -> None:
    # UTF-8 with a byte-order mark: what Excel needs to show Chinese text in a CSV correctly.
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if row.get(c) is None else row.get(c) for c in columns])
        file.flush()
        os.fsync(file.fileno())


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError as error:
        raise batch_error("batch-missing-pyarrow") from error
    return pyarrow


def _write_parquet(path: Path, columns: tuple[str, ...], rows: Iterable[Row]) -> None:
    pa = _pyarrow()
    schema = pa.schema([(column, _arrow_type(pa, column)) for column in columns])
    with pa.parquet.ParquetWriter(str(path), schema) as writer:
        batch: list[Row] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= PARQUET_BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch = []
        writer.write_table(pa.Table.from_pylist(batch, schema=schema))


def _arrow_type(pa: Any, column: str) -> Any:
    if column in INTEGER_COLUMNS:
        return pa.int64()
    if column in BOOLEAN_COLUMNS:
        return pa.bool_()
    return pa.string()

"""Resuming a batch: which files, by path and content hash, a journal already holds.

The journal is a JSON-lines file with one record per file done: the ``.jsonl`` output itself,
or for ``.csv`` / ``.parquet`` outputs a sidecar ``<out>.state`` that the tables are built from
at the end. It is only ever appended to, so an interruption can at worst leave a torn last
line; :func:`repair` cuts it off before the next run appends, and that file is done again.

A file is done when the journal holds a record of its path with its content (sha256): a file
changed since then is read again (its later record is the one that counts), and so is a file
renamed since. Two files with the same bytes under different paths are two results, as they
are in a run that was never interrupted.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from jixiao.pipeline.errors import batch_error

_BLOCK = 1 << 16


def state_path(out: Path) -> Path:
    """The journal beside a table output: ``dataset.csv`` → ``dataset.csv.state``."""
    return out.with_name(out.name + ".state")


@dataclass
class Done:
    """What a journal holds: the content hashes recorded for each path, how many records,
    and the check options they were made with."""

    paths: dict[str, set[str]] = field(default_factory=dict)
    records: int = 0
    checks: set[str | None] = field(default_factory=set)

    def holds(self, path: str, sha256: str) -> bool:
        return sha256 in self.paths.get(path, ())

    @property
    def files(self) -> int:
        """How many (path, content) pairs are done."""
        return sum(len(hashes) for hashes in self.paths.values())


def repair(journal: Path) -> int:
    """Cut a torn last line (no newline at its end) off the journal; the bytes dropped."""
    try:
        size = journal.stat().st_size
    except FileNotFoundError:
        return 0
    if size == 0:
        return 0
    with journal.open("rb+") as file:
        file.seek(size - 1)
        if file.read(1) == b"\n":
            return 0
        keep = _end_of_last_line(file, size)
        file.truncate(keep)
        file.flush()
        os.fsync(file.fileno())
    return size - keep


def _end_of_last_line(handle: BinaryIO, size: int) -> int:
    """The offset just past the last newline before ``size`` (0 when there is none)."""
    end = size
    while end > 0:
        start = max(0, end - _BLOCK)
        handle.seek(start)
        block = handle.read(end - start)
        newline = block.rfind(b"\n")
        if newline >= 0:
            return start + newline + 1
        end = start
    return 0


def load_done(journal: Path) -> Done:
    """The paths and hashes recorded in ``journal``; a line that is not a record is passed
    over, and so is the record of a file that could not be read from disk (no hash)."""
    done = Done()
    try:
        file = journal.open("rb")
    except FileNotFoundError:
        return done
    with file:
        for line in file:
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if not isinstance(record, dict):
                continue
            done.records += 1
            done.checks.add(record.get("check"))
            path, sha256 = record.get("path"), record.get("sha256")
            if isinstance(path, str) and isinstance(sha256, str):
                done.paths.setdefault(path, set()).add(sha256)
    return done


def resume_from(journal: Path, check_id: str | None) -> Done:
    """Repair the journal and read what it holds; refuse one made with other options."""
    repair(journal)
    done = load_done(journal)
    other = done.checks - {check_id}
    if other:
        made_with = ", ".join(sorted(str(value) for value in other))
        raise batch_error(
            "batch-resume-mismatch",
            f"{journal}（check={made_with}）",
            f"{journal} (check={made_with})",
        )
    return done

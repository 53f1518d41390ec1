"""A small pool of worker processes that can lose one job without losing the batch.

``multiprocessing.Pool`` and ``ProcessPoolExecutor`` cannot stop one running job: a file that
makes an importer loop forever would hold a worker for good, and a worker killed by the kernel
breaks the whole executor. This pool keeps one pipe pair per worker and watches the clock
itself:

- work goes out in chunks (a few dozen files with their bytes), so a batch of many small
  files costs one message per chunk, not per file, and workers are started once and reused;
- results come back one per file, in chunk order, so the pool always knows which file a worker
  is on and since when;
- a worker past the time limit on its current file is killed: that file is ``import-timeout``,
  the rest of its chunk goes back in the queue, and a fresh worker takes its place;
- a worker that dies (out of memory, killed, crashed) likewise costs only its current file
  (``import-memory``, or ``import-internal`` for a crash).

A chunk is sent only to a worker that has answered all of its previous chunk, so a worker is
never writing a result while the pool is blocked writing to it.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import signal
import subprocess
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import jixiao
from jixiao.errors import JixiaoError
from jixiao.importers.base import import_error
from jixiao.pipeline.errors import batch_error
from jixiao.pipeline.limits import MB
from jixiao.pipeline.worker import EXIT_MEMORY, FileResult, Job, WorkerInit, failure

# How long a new worker may take to load jixiao and say it is ready.
START_TIMEOUT = 60.0
# A chunk holds at most this many bytes of files (one larger file travels alone).
CHUNK_BYTES = 8 * MB


class _Child:
    """One worker process and the jobs it has been given but not yet answered."""

    def __init__(self, init: WorkerInit) -> None:
        to_child, to_us = os.pipe()  # parent → child
        from_child, from_us = os.pipe()  # child → parent
        try:
            # -P: the current folder (full of untrusted files, maybe) stays off the import path.
            self.process = subprocess.Popen(
                [sys.executable, "-P", "-m", "jixiao.pipeline.child", str(to_child), str(from_us)],
                pass_fds=(to_child, from_us),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,  # stdout may be carrying --json output
                env=_child_environment(),
            )
        except OSError as error:
            os.close(to_us)
            os.close(from_child)
            raise batch_error("batch-worker-failed", str(error), str(error)) from error
        finally:
            os.close(to_child)
            os.close(from_us)
        self.outbox: Connection[Any, Any] = Connection(to_us, readable=False)
        self.inbox: Connection[Any, Any] = Connection(from_child, writable=False)
        self.ready = False
        self.started = time.monotonic()
        self.since = self.started  # when the current job began
        self.assigned: deque[Job] = deque()
        with contextlib.suppress(OSError):  # it died at once: the pool hears EOF and says why
            self.outbox.send(init)

    def give(self, chunk: list[Job]) -> bool:
        try:
            self.outbox.send(chunk)
        except OSError:
            return False
        self.assigned.extend(chunk)
        self.since = time.monotonic()
        return True

    def kill(self) -> int | None:
        """Stop the process now; its exit status."""
        if self.process.poll() is None:
            self.process.kill()
        code = self.process.wait()
        self._close_pipes()
        return code

    def stop(self) -> None:
        """Ask the process to finish (it exits when its input closes)."""
        with contextlib.suppress(OSError):
            self.outbox.send(None)
        self._close_pipes()

    def _close_pipes(self) -> None:
        self.outbox.close()
        self.inbox.close()


def _child_environment() -> dict[str, str]:
    """The parent's environment, with jixiao's own folder first on the import path."""
    environment = dict(os.environ)
    source = str(Path(jixiao.__file__).resolve().parent.parent)
    paths = [source, *filter(None, environment.get("PYTHONPATH", "").split(os.pathsep))]
    environment["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    return environment


class JobFeed:
    """Jobs waiting to go out: those given back by a lost worker first, then the source."""

    def __init__(self, jobs: Iterable[Job], files: int, max_bytes: int) -> None:
        self._jobs = iter(jobs)
        self._returned: deque[Job] = deque()
        self._files = max(1, files)
        self._max_bytes = max_bytes
        self._exhausted = False

    def give_back(self, jobs: Iterable[Job]) -> None:
        self._returned.extendleft(reversed(list(jobs)))

    def take(self) -> list[Job]:
        chunk: list[Job] = []
        size = 0
        while len(chunk) < self._files and size < self._max_bytes:
            job = self._next()
            if job is None:
                break
            chunk.append(job)
            size += job.size
        return chunk

    def has_more(self) -> bool:
        if self._returned:
            return True
        job = self._next()
        if job is None:
            return False
        self._returned.appendleft(job)
        return True

    def _next(self) -> Job | None:
        if self._returned:
            return self._returned.popleft()
        if self._exhausted:
            return None
        try:
            return next(self._jobs)
        except StopIteration:
            self._exhausted = True
            return None


class LocalPool:
    """``workers`` worker processes under the time limit of ``init.limits``.

    Use as a context manager; :meth:`run` may be called several times, the workers stay.
    """

    def __init__(self, workers: int, init: WorkerInit) -> None:
        self._size = max(1, workers)
        self.init = init
        self._children: list[_Child] = []
        # One selector for the pool's life: building one per wait costs more than the wait.
        self._selector = selectors.DefaultSelector()

    def __enter__(self) -> LocalPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop every worker: an idle one is asked to go, a starting or busy one is killed."""
        for child in self._children:
            self._forget(child)
            if child.ready and not child.assigned:
                child.stop()
            else:
                child.kill()
        deadline = time.monotonic() + 1.0
        for child in self._children:
            try:
                child.process.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
        self._children = []

    def run(self, jobs: Iterable[Job], chunk_size: int = 16) -> Iterator[FileResult]:
        """Every job's result, in completion order."""
        feed = JobFeed(jobs, chunk_size, CHUNK_BYTES)
        if not feed.has_more():
            return
        while len(self._children) < self._size:
            self._children.append(self._start())
        while True:
            self._hand_out(feed)
            if not any(child.assigned for child in self._children) and not feed.has_more():
                return
            for key, _ in self._selector.select(self._next_deadline()):
                yield from self._hear(key.data, feed)
            yield from self._enforce_time(feed)

    # --- the loop's steps ------------------------------------------------------------------

    def _hand_out(self, feed: JobFeed) -> None:
        for child in self._children:
            if child.ready and not child.assigned:
                chunk = feed.take()
                if not chunk:
                    return
                if not child.give(chunk):
                    feed.give_back(chunk)  # it is dead; reading its pipe will say so

    def _next_deadline(self) -> float:
        now = time.monotonic()
        limit = self.init.limits.time_limit
        deadlines = [
            (child.since + limit) if child.ready else (child.started + START_TIMEOUT)
            for child in self._children
            if child.assigned or not child.ready
        ]
        return max(0.0, min(deadlines, default=now + 1.0) - now)

    def _hear(self, child: _Child, feed: JobFeed) -> Iterator[FileResult]:
        """Read one message of a child that has something to say; on its death (end of
        file), account for its current job."""
        if child not in self._children:
            return  # replaced earlier in this round
        try:
            kind, payload = child.inbox.recv()
        except (EOFError, OSError):
            yield from self._lost(child, feed)
            return
        if kind == "result":
            child.assigned.popleft()
            child.since = time.monotonic()
            yield payload
        elif kind == "ready":
            child.ready = True
        else:  # "init-failed"
            raise _start_failed(str(payload))

    def _lost(self, child: _Child, feed: JobFeed) -> Iterator[FileResult]:
        code = self._stop(child)
        if not child.ready:
            raise _start_failed(f"exit status {code}")
        if child.assigned:
            job = child.assigned.popleft()
            feed.give_back(child.assigned)
            yield self._failed(job, _death_error(code), seconds=time.monotonic() - child.since)
        self._replace(child)

    def _enforce_time(self, feed: JobFeed) -> Iterator[FileResult]:
        now = time.monotonic()
        limit = self.init.limits.time_limit
        for child in list(self._children):
            if child.ready and child.assigned and now - child.since > limit:
                self._stop(child)
                job = child.assigned.popleft()
                feed.give_back(child.assigned)
                detail = (f"超过 {limit:g} 秒", f"over {limit:g} s")
                error = import_error("import-timeout", *detail)
                yield self._failed(job, error, seconds=now - child.since)
                self._replace(child)
            elif not child.ready and now - child.started > START_TIMEOUT:
                self._stop(child)
                raise _start_failed(f"not ready after {START_TIMEOUT:g} s")

    def _start(self) -> _Child:
        child = _Child(self.init)
        self._selector.register(child.inbox, selectors.EVENT_READ, child)
        return child

    def _stop(self, child: _Child) -> int | None:
        """Kill a child and forget its pipe; its exit status."""
        self._forget(child)
        return child.kill()

    def _forget(self, child: _Child) -> None:
        with contextlib.suppress(KeyError, OSError, ValueError):  # stopped before
            self._selector.unregister(child.inbox)

    def _replace(self, child: _Child) -> None:
        self._children[self._children.index(child)] = self._start()

    def _failed(self, job: Job, error: JixiaoError, seconds: float = 0.0) -> FileResult:
        # Rare enough to hash the file here, so that a later run knows it was done.
        return failure(
            job.path,
            job.content_hash(),
            error,
            seconds=seconds,
            check_id=self.init.options.check_id,
        )


def _death_error(code: int | None) -> JixiaoError:
    """How a worker's exit status reads for the file it was on."""
    if code in (EXIT_MEMORY, -signal.SIGKILL):
        # Out of memory: our own cap hit outside a job, or the kernel's OOM killer.
        how = "内存不足" if code == EXIT_MEMORY else "被系统终止"
        how_en = "out of memory" if code == EXIT_MEMORY else "killed"
        return import_error("import-memory", f"工作进程{how}", f"the worker was {how_en}")
    name = _signal_name(code)
    return import_error(
        "import-internal", f"工作进程意外退出（{name}）", f"the worker ended unexpectedly ({name})"
    )


def _signal_name(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return signal.Signals(-code).name
        except ValueError:
            pass
    return f"exit status {code}"


def _start_failed(detail: str) -> JixiaoError:
    last = detail.strip().splitlines()[-1] if detail.strip() else detail
    return batch_error("batch-worker-failed", last, last)

"""Running a batch on a Dask cluster: the same job, the same limits, on other machines.

The process that runs the batch reads the files, cuts them into chunks and submits each chunk,
bytes included, as one task; the results come back to it and it writes the output. So only
that machine needs the input files and the output folder: the workers need jixiao installed
(the same version) and nothing else, no shared filesystem.

Inside a task the limits hold as they do locally: the task hands its chunk to a
:class:`~jixiao.pipeline.local.LocalPool` of one worker *process* that the Dask worker keeps
for its next tasks. That process caps its own memory, and the task kills it when a file runs
past the time limit, so a hostile file costs one worker process, not the Dask worker (a thread
could not be stopped, and a memory cap on the Dask worker itself would cap all its tasks).
"""

from __future__ import annotations

import atexit
import sys
import threading
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

from jixiao.errors import JixiaoError
from jixiao.importers.base import import_error
from jixiao.pipeline.errors import batch_error
from jixiao.pipeline.limits import MB
from jixiao.pipeline.local import JobFeed, LocalPool
from jixiao.pipeline.worker import FileResult, Job, WorkerInit, failure

# Dask warns about task arguments over 10 MB; chunks stay well below.
CHUNK_BYTES = 4 * MB
# Seconds to wait for the scheduler to answer.
CONNECT_TIMEOUT = 10.0
# Tasks in flight per worker thread: enough to keep every thread busy, few enough that the
# submitting process does not hold the whole input in memory.
IN_FLIGHT_PER_THREAD = 2

# --- on the Dask worker ---------------------------------------------------------------------

_IDLE: list[LocalPool] = []
_IDLE_LOCK = threading.Lock()


def run_chunk(jobs: list[Job], init: WorkerInit) -> list[FileResult]:
    """The Dask task: every job of the chunk through a worker process of this Dask worker."""
    init = replace(init, sys_path=tuple(sys.path))  # this machine's paths, not the client's
    pool = _borrow(init)
    try:
        results = list(pool.run(jobs, chunk_size=len(jobs)))
    except BaseException as error:
        pool.close()
        if isinstance(error, JixiaoError):  # its own arguments do not survive pickling
            raise RuntimeError(error.one_line()) from None
        raise
    with _IDLE_LOCK:
        _IDLE.append(pool)
    return results


def _borrow(init: WorkerInit) -> LocalPool:
    """An idle pool started with the same options, or a new one (one per task thread)."""
    with _IDLE_LOCK:
        for index, pool in enumerate(_IDLE):
            if pool.init == init:
                return _IDLE.pop(index)
    return LocalPool(1, init)


@atexit.register
def _close_idle() -> None:
    with _IDLE_LOCK:
        while _IDLE:
            _IDLE.pop().close()


# --- on the submitting side -----------------------------------------------------------------


def _distributed() -> Any:
    try:
        import distributed
    except ImportError as error:
        raise batch_error("batch-missing-dask") from error
    return distributed


def connect(address: str) -> Any:
    """A ``distributed.Client`` for the scheduler at ``address`` (``tcp://host:8786``)."""
    distributed = _distributed()
    try:
        return distributed.Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as error:
        raise batch_error(
            "batch-dask-unreachable", f"{address}（{error}）", f"{address} ({error})"
        ) from error


def worker_threads(client: Any) -> int:
    threads: dict[str, int] = client.nthreads()
    return max(1, sum(threads.values()))


def run_on_dask(
    client: Any, jobs: Iterable[Job], init: WorkerInit, *, chunk_size: int
) -> Iterator[FileResult]:
    """Every job's result, chunk by chunk in completion order."""
    distributed = _distributed()
    feed = JobFeed(jobs, chunk_size, CHUNK_BYTES)
    running = distributed.as_completed()
    chunks: dict[Any, list[Job]] = {}

    def submit() -> bool:
        chunk = feed.take()
        if not chunk:
            return False
        future = client.submit(run_chunk, chunk, init, pure=False)
        chunks[future] = chunk
        running.add(future)
        return True

    for _ in range(worker_threads(client) * IN_FLIGHT_PER_THREAD):
        if not submit():
            break
    for future in running:
        chunk = chunks.pop(future)
        yield from _results(future, chunk, init)
        submit()


def _results(future: Any, chunk: list[Job], init: WorkerInit) -> list[FileResult]:
    try:
        results: list[FileResult] = future.result()
    except Exception as error:  # the task itself failed (its Dask worker died, say)
        detail = f"Dask: {error!r}"[:300]
        return [
            failure(
                job.path,
                job.content_hash(),
                import_error("import-internal", detail, detail),
                size=job.size,
                check_id=init.options.check_id,
            )
            for job in chunk
        ]
    return results

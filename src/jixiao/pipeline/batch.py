"""run_batch: many files in, one dataset out, whatever the files hold.

The steps, all in the calling process except the reading itself:

1. expand the inputs into files (:mod:`~jixiao.pipeline.sources`);
2. open the output and, when resuming, learn which files (path and content hash) it holds
   (:mod:`~jixiao.pipeline.sinks`, :mod:`~jixiao.pipeline.state`);
3. skip each file done before and send the others in chunks to local worker processes
   (:mod:`~jixiao.pipeline.local`) or to a Dask cluster (:mod:`~jixiao.pipeline.dask`), which
   read each one under the time and memory limits;
4. write each result as it arrives, count it, and tell the progress callback.
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from functools import partial
from os import PathLike
from pathlib import Path

from jixiao.errors import JixiaoError, input_error, unreadable_input
from jixiao.importers.base import import_error
from jixiao.pipeline.errors import batch_error
from jixiao.pipeline.limits import Limits
from jixiao.pipeline.local import LocalPool
from jixiao.pipeline.sinks import findings_path, open_sink, sink_kind
from jixiao.pipeline.sources import expand_inputs
from jixiao.pipeline.state import Done, state_path
from jixiao.pipeline.summary import BatchSummary, Tally
from jixiao.pipeline.worker import (
    FileResult,
    Job,
    WorkerInit,
    WorkerOptions,
    failure,
)
from jixiao.rules import Profile, load_profile

# Files per chunk at most: large enough that messages cost little per file, small enough that
# the last chunks spread over the workers.
MAX_CHUNK = 32


@dataclass(frozen=True, slots=True)
class BatchProgress:
    """Where a batch is: ``done`` of ``total`` files (``skipped`` of them already in the output).

    ``result`` is the file just finished; None for the first call and for a skipped file.
    """

    done: int
    total: int
    processed: int
    skipped: int
    result: FileResult | None = None


ProgressCallback = Callable[[BatchProgress], None]
Inputs = Iterable[str | PathLike[str]] | str | PathLike[str]


def default_jobs() -> int:
    """The CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def run_batch(
    inputs: Inputs,
    *,
    out: str | PathLike[str],
    check: bool = False,
    jobs: int | None = None,
    profile: Profile | None = None,
    resume: bool = True,
    progress: ProgressCallback | None = None,
    dask_address: str | None = None,
    time_limit: float = 10.0,
    memory_limit_mb: int = 512,
    modules: Sequence[str] = (),
) -> BatchSummary:
    """Import (and with ``check`` also check) every file of ``inputs`` into ``out``.

    ``inputs`` are folders (walked recursively) and files; ``out`` ends in ``.jsonl``,
    ``.csv`` or ``.parquet``. ``jobs`` local worker processes (default: one per CPU) or the
    Dask scheduler at ``dask_address`` do the reading; each file gets ``time_limit`` seconds
    and ``memory_limit_mb`` MB. With ``resume``, files already in ``out`` (same path, same
    content) are skipped. ``modules`` are imported in every worker first (extra importers).

    A bad file never stops the batch: it is a result with status ``unreadable``. Raises
    ``BatchError`` (``batch-…``) only when the batch cannot run at all.
    """
    limits = Limits(time_limit, memory_limit_mb)
    workers = default_jobs() if jobs is None else jobs
    if workers < 1:
        raise batch_error("batch-invalid-option", f"--jobs {workers}", f"--jobs {workers}")
    target = Path(out)
    sink_kind(target)
    sources = expand_inputs(_as_list(inputs), exclude=_outputs(target))
    if not sources.files:
        named = ", ".join(map(str, sources.missing))
        raise batch_error("batch-no-input", named, named)
    if check and profile is None:
        profile = load_profile()
    options = WorkerOptions(check=check, profile=profile if check else None, modules=tuple(modules))
    init = WorkerInit(options=options, limits=limits, sys_path=tuple(sys.path))
    started = time.perf_counter()
    tally = Tally(len(sources.files) + len(sources.missing))
    sink, done = open_sink(target, resume=resume, check_id=options.check_id)

    def tell(result: FileResult | None) -> None:
        if progress is not None:
            progress(BatchProgress(tally.done, tally.files, tally.processed, tally.skipped, result))

    def emit(result: FileResult) -> None:
        sink.write(result)
        tally.add(result)
        tell(result)

    def skip() -> None:
        tally.skip()
        tell(None)

    with ExitStack() as stack:
        stack.callback(sink.close)
        tell(None)
        for path in sources.missing:
            emit(_not_found(path, options.check_id))
        jobs_of = partial(_jobs, sources.files, done, limits, options.check_id, emit, skip)
        results, workers = _start(stack, jobs_of, init, workers, dask_address, len(sources.files))
        for result in results:
            emit(result)
        outputs = sink.finish()
    return tally.summary(
        outputs=[str(path) for path in outputs],
        runner=dask_address or "local",
        workers=workers,
        seconds=time.perf_counter() - started,
    )


def _start(
    stack: ExitStack,
    jobs_of: Callable[..., Iterator[Job]],
    init: WorkerInit,
    workers: int,
    dask_address: str | None,
    files: int,
) -> tuple[Iterator[FileResult], int]:
    """The results of the jobs, from local workers or a Dask cluster, and how many work."""
    if dask_address:
        from jixiao.pipeline.dask import connect, run_on_dask, worker_threads

        client = stack.enter_context(connect(dask_address))
        threads = worker_threads(client)
        jobs = jobs_of(carry_bytes=True)  # the bytes travel: the workers see no disk of ours
        return run_on_dask(client, jobs, init, chunk_size=_chunk_size(files, threads)), threads
    workers = min(workers, files)  # a worker costs half a second to start: none idle
    pool = stack.enter_context(LocalPool(workers, init))
    return pool.run(jobs_of(carry_bytes=False), _chunk_size(files, workers)), workers


def _as_list(inputs: Inputs) -> list[str | PathLike[str]]:
    if isinstance(inputs, str | PathLike):
        return [inputs]
    return list(inputs)


def _outputs(out: Path) -> list[Path]:
    """Every file a batch writing to ``out`` may write: never to be read as input."""
    return [out, findings_path(out), state_path(out)]


def _chunk_size(files: int, workers: int) -> int:
    # About eight chunks per worker, so the last ones even out; at most MAX_CHUNK files.
    return max(1, min(MAX_CHUNK, files // (workers * 8)))


def _jobs(
    files: list[str],
    done: Done,
    limits: Limits,
    check_id: str | None,
    emit: Callable[[FileResult], None],
    skip: Callable[[], None],
    *,
    carry_bytes: bool,
) -> Iterator[Job]:
    """A job per file still to do, read here only when it must be: to travel with the job
    (``carry_bytes``), or to be hashed because the output holds a record of its path.

    A file done before is skipped; one that cannot be read, or is too large to read within
    the memory limit, is a result at once.
    """
    for name in files:
        try:
            size = os.stat(name).st_size
            if size > limits.memory_limit_bytes:
                sha256 = _hash_file(name)
                if done.holds(name, sha256):
                    skip()
                else:
                    too_large = _too_large(size, limits)
                    emit(failure(name, sha256, too_large, size=size, check_id=check_id))
                continue
            if not carry_bytes and name not in done.paths:
                yield Job(path=name)
                continue
            with open(name, "rb") as file:
                data = file.read()
        except OSError as error:
            emit(failure(name, None, unreadable_input(error), check_id=check_id))
            continue
        sha256 = hashlib.sha256(data).hexdigest()
        if done.holds(name, sha256):
            skip()
        else:
            yield Job(path=name, data=data if carry_bytes else None, sha256=sha256)


def _hash_file(path: str) -> str:
    with open(path, "rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def _too_large(size: int, limits: Limits) -> JixiaoError:
    mb = f"{size / (1024 * 1024):.0f}"
    return import_error(
        "import-memory",
        f"文件有 {mb} MB，超过 {limits.memory_limit_mb} MB 的内存限制",
        f"the file is {mb} MB, over the {limits.memory_limit_mb} MB memory limit",
    )


def _not_found(path: Path, check_id: str | None) -> FileResult:
    error = input_error("input-not-found", str(path), str(path))
    return failure(str(path), None, error, check_id=check_id)

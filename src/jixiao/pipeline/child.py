"""A worker process: ``python -m jixiao.pipeline.child READ_FD WRITE_FD``.

This module is only ever run, never imported by the package (running a module the package
has already imported would load it twice).

Started by :class:`jixiao.pipeline.local.LocalPool` as a fresh interpreter (not a fork, so it
works from a process with threads and from a daemonic Dask worker, which may not fork
``multiprocessing`` children). It speaks pickled messages over two pipes:

- in: one :class:`WorkerInit`, then chunks (``list[Job]``), then ``None`` to stop;
- out: ``("ready", pid)`` or ``("init-failed", traceback)``, then ``("result", FileResult)``
  for each job, in the order of the chunk.

It loads jixiao and the requested modules once, caps its own memory, and then serves chunks
until told to stop or until its input pipe closes (its parent went away).
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import traceback
import warnings
from multiprocessing.connection import Connection
from typing import Any

from jixiao.pipeline.limits import apply_memory_limit
from jixiao.pipeline.worker import EXIT_MEMORY, Job, WorkerInit, prepare, process


def _start(inbox: Connection[Any, Any]) -> WorkerInit:
    init: WorkerInit = inbox.recv()
    sys.path.extend(path for path in init.sys_path if path not in sys.path)
    prepare(init.options)
    apply_memory_limit(init.limits.memory_limit_bytes)
    return init


def _serve(inbox: Connection[Any, Any], outbox: Connection[Any, Any], init: WorkerInit) -> None:
    while True:
        try:
            chunk: list[Job] | None = inbox.recv()
        except EOFError:
            chunk = None
        if chunk is None:
            # Nothing to flush or save: skip the interpreter's slow teardown.
            os._exit(0)
        for job in chunk:
            outbox.send(("result", process(job, init.options)))


def main(argv: list[str]) -> int:
    # Ctrl-C reaches the whole process group; the parent decides, and stops its workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Library chatter (pdfminer logs, deprecation warnings) would garble the parent's display.
    warnings.simplefilter("ignore")
    logging.disable(logging.CRITICAL)
    inbox: Connection[Any, Any] = Connection(int(argv[1]), writable=False)
    outbox: Connection[Any, Any] = Connection(int(argv[2]), readable=False)
    try:
        try:
            init = _start(inbox)
        except Exception:
            outbox.send(("init-failed", traceback.format_exc(limit=5)))
            return 1
        outbox.send(("ready", os.getpid()))
        _serve(inbox, outbox, init)
    except MemoryError:
        os._exit(EXIT_MEMORY)  # nothing can be trusted to allocate now: leave at once
    except (BrokenPipeError, EOFError):
        return 0  # the parent went away (or is done and did not wait for us)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

"""Importers that misbehave on purpose, for the batch pipeline's limit tests.

Loaded into the workers with ``run_batch(..., modules=[__name__])`` (CLI: ``--plugin``), they
claim only files that start with their own magic line, so every other file is read as usual.
"""

from __future__ import annotations

import os
import signal
import time

from jixiao.importers import ImportResult, register

HANG = b"JIXIAO-TEST-HANG\n"  # the importer never returns
HOG = b"JIXIAO-TEST-HOG\n"  # the importer asks for 2 GB
KILLED = b"JIXIAO-TEST-KILLED\n"  # the worker is killed as the kernel's OOM killer would
CRASH = b"JIXIAO-TEST-CRASH\n"  # the importer has a bug


class _Hostile:
    def __init__(self, name: str, magic: bytes) -> None:
        self.name = name
        self.magic = magic

    def sniff(self, head: bytes, name: str) -> float:
        return 1.0 if head.startswith(self.magic) else 0.0

    def read(self, data: bytes, name: str) -> ImportResult:
        if self.magic == HANG:
            time.sleep(3600)
        elif self.magic == HOG:
            hoard = bytearray(2 * 1024**3)
            hoard[-1] = 1
        elif self.magic == KILLED:
            os.kill(os.getpid(), signal.SIGKILL)
        raise RuntimeError("a bug in the importer")


for _name, _magic in (("hang", HANG), ("hog", HOG), ("killed", KILLED), ("crash", CRASH)):
    register(_Hostile(f"test-{_name}", _magic))

"""How long and how much memory one file may take, and how a worker process enforces it.

The time limit is enforced from outside: the process that hands out the work watches the clock
and kills a worker whose current file runs past it (a thread cannot be stopped, a process can).
The memory limit is enforced from inside: a worker caps its own address space once it has
loaded jixiao, so an allocation past the cap raises ``MemoryError`` in that worker instead of
pushing the machine into swap or waking the kernel's OOM killer.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from jixiao.pipeline.errors import batch_error

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """Per file: ``time_limit`` seconds of wall time, ``memory_limit_mb`` MB of extra memory.

    The memory limit is what a worker may grow by beyond its size after loading jixiao (about
    100 MB of address space), so the figure means the same whatever libraries are loaded.
    """

    time_limit: float = 10.0
    memory_limit_mb: int = 512

    def __post_init__(self) -> None:
        if not self.time_limit > 0:
            raise batch_error(
                "batch-invalid-option",
                f"时间限制须大于 0（{self.time_limit}）",
                f"the time limit must be above 0 ({self.time_limit})",
            )
        if self.memory_limit_mb < 16:
            raise batch_error(
                "batch-invalid-option",
                f"内存限制须至少 16 MB（{self.memory_limit_mb}）",
                f"the memory limit must be at least 16 MB ({self.memory_limit_mb})",
            )

    @property
    def memory_limit_bytes(self) -> int:
        return self.memory_limit_mb * MB


def address_space() -> int | None:
    """This process's virtual size in bytes (Linux), or None where it cannot be read."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")


def apply_memory_limit(limit_bytes: int) -> None:
    """Cap this process's address space at its current size plus ``limit_bytes``.

    Only the soft limit is lowered: a file cannot run code, so the cap holds against hostile
    input, while a trusted helper this process starts (LibreOffice, say) may raise it again
    for itself. Where ``resource`` is missing (Windows) the cap is not applied.
    """
    try:
        import resource
    except ImportError:  # pragma: no cover - not on POSIX
        return
    baseline = address_space() or 0
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = baseline + limit_bytes
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    if soft == resource.RLIM_INFINITY or cap < soft:
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))

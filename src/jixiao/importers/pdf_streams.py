"""PDF streams inflated within a budget, so a small file cannot fill the memory.

pdfminer inflates a compressed stream whole before reading it. Here the decoders it uses
(Flate, LZW, RunLength) are wrapped to count what they produce against a budget per stream, a
budget per file and a ratio to the file's size; past it, ``import-zip-bomb``.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from pdfminer import pdftypes
from pdfminer.lzw import LZWDecoder
from pdfminer.runlength import rldecode

MIB = 1 << 20
# One stream may inflate to this much (an embedded CJK font program is 10–20 MB) ...
STREAM_LIMIT = 64 * MIB
# ... and one file to this much in all (scanned images are not counted: they are not decoded).
FILE_LIMIT = 256 * MIB
# Past its first MiB a stream may not inflate more than this many times its compressed size.
# Text, fonts and cross-reference streams shrink 2 to 10 times; runs of zeros or of one
# repeated operator shrink a thousand times, and pdfminer would spend minutes parsing them
# (63 MB of zeros in a page's content stream: 50 s).
RATIO_LIMIT = 100
_RATIO_FREE = MIB
# Inflate this much at a time, so the ratio is watched as the stream grows.
_PIECE = MIB


class OverBudget(Exception):
    """A stream inflates past the budget; raised inside pdfminer, reported as import-zip-bomb."""


@dataclass(slots=True)
class _Budget:
    stream_limit: int
    remaining: int
    exceeded: bool = False

    def room(self) -> int:
        return min(self.stream_limit, self.remaining)

    def check(self, inflated: int, compressed: int, room: int) -> None:
        """Refuse a stream that has grown past its room, or too far past its size."""
        too_big = inflated > room
        too_dense = inflated > _RATIO_FREE and inflated > RATIO_LIMIT * max(compressed, 1)
        if too_big or too_dense:
            self.exceeded = True
            raise OverBudget(f"a stream inflates to {inflated} bytes from {compressed}")

    def spend(self, size: int) -> None:
        self.remaining -= size


_BUDGET: ContextVar[_Budget | None] = ContextVar("jixiao_pdf_budget", default=None)


def _inflate(data: bytes, budget: _Budget) -> bytes:
    """``zlib.decompress`` within the budget, a piece at a time so a bomb never lands in
    memory. Damage is treated as pdfminer treats it: a stream cut short gives what it holds,
    a bad checksum (the last four bytes) is ignored, damage before it gives nothing."""
    room = budget.room()
    inflater = zlib.decompressobj()
    out = bytearray()
    checksum_at = max(len(data) - 4, 0)
    for start, end in ((0, checksum_at), (checksum_at, len(data))):
        pending = data[start:end]
        try:
            while pending and not inflater.eof:
                out += inflater.decompress(pending, min(_PIECE, room + 1 - len(out)))
                pending = inflater.unconsumed_tail
                budget.check(len(out), end - len(pending), room)
        except zlib.error:
            if start == 0:
                return b""
            break
    budget.spend(len(out))
    return bytes(out)


def _lzw(data: bytes, budget: _Budget) -> bytes:
    room = budget.room()
    out = bytearray()
    for piece in LZWDecoder(BytesIO(data)).run():
        out += piece
        budget.check(len(out), len(data), room)
    budget.spend(len(out))
    return bytes(out)


def _runlength_size(data: bytes) -> int:
    """What a RunLength stream decodes to, counted without decoding it."""
    size, i = 0, 0
    while i < len(data) and data[i] != 128:
        length = data[i]
        if length < 128:
            size, i = size + length + 1, i + length + 2
        else:
            size, i = size + 257 - length, i + 2
    return size


def _runlength(data: bytes, budget: _Budget) -> bytes:
    room = budget.room()
    # A run expands 128 times at most: count exactly only when that could be too much.
    if len(data) * 128 > room:
        budget.check(_runlength_size(data), len(data), room)
    out: bytes = rldecode(data)
    budget.spend(len(out))
    return out


class _GuardedZlib:
    """What pdfminer's stream decoder sees as ``zlib``: inflation within the budget of the
    read in progress, and plain zlib when no read of ours is running."""

    error = zlib.error
    decompressobj = staticmethod(zlib.decompressobj)

    @staticmethod
    def decompress(data: bytes, *args: Any, **kwargs: Any) -> bytes:
        budget = _BUDGET.get()
        if budget is None:
            return zlib.decompress(data, *args, **kwargs)
        return _inflate(data, budget)


def _guarded(
    decode: Callable[[bytes, _Budget], bytes], plain: Callable[[bytes], bytes]
) -> Callable[[bytes], bytes]:
    def decoder(data: bytes) -> bytes:
        budget = _BUDGET.get()
        return plain(data) if budget is None else decode(data, budget)

    return decoder


def _install_guard() -> None:
    """pdfminer decodes a stream in one call (``zlib.decompress``, ``lzwdecode``,
    ``rldecode``), so a few kilobytes can ask for gigabytes. Its decoder looks these names up
    in its module, the only seam there is: point them at budgeted versions. Outside our reads
    they behave exactly as before. ``test_import_pdf`` proves the guard holds."""
    decoder_module: Any = pdftypes  # rebinding its globals is the point
    decoder_module.zlib = _GuardedZlib()
    decoder_module.lzwdecode = _guarded(
        _lzw, lambda data: b"".join(LZWDecoder(BytesIO(data)).run())
    )
    decoder_module.rldecode = _guarded(_runlength, rldecode)


_install_guard()


@contextmanager
def stream_budget() -> Iterator[_Budget]:
    budget = _Budget(STREAM_LIMIT, FILE_LIMIT)
    token = _BUDGET.set(budget)
    try:
        yield budget
    finally:
        _BUDGET.reset(token)

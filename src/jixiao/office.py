"""Converting office documents with LibreOffice, headless: legacy .doc in, .docx out, and the
renderers' .docx → .pdf.

A :class:`Converter` runs ``soffice --headless --convert-to`` with a private user profile, so it
never touches (or waits on the lock of) a desktop user's LibreOffice, and with a timeout, so a
document that makes LibreOffice hang cannot stall a batch. The profile is created on the first
conversion (the slow part of a cold start) and reused by the next ones, so keep one converter
for a batch; :meth:`Converter.convert_many` converts many files in one LibreOffice run.

    with Converter() as office:
        docx = office.convert(doc_bytes, ".doc", "docx")

A :class:`ConverterPool` keeps one converter per worker and gives each a share of a batch, so a
batch of PDFs uses every core while each LibreOffice is started once, not once per file.
"""

from __future__ import annotations

import contextlib
import math
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import weakref
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import TracebackType
from typing import Self

from jixiao.errors import JixiaoError, failure_factory

DEBIAN_PACKAGE = "libreoffice-writer-nogui"

# office_error(code, detail_zh, detail_en) -> JixiaoError with the standard message.
office_error = failure_factory(
    {
        "office-missing": (
            "需要 LibreOffice 才能处理此格式，但本机未安装",
            "LibreOffice is needed for this format but soffice was not found",
        ),
        "office-timeout": ("LibreOffice 转换超时，已中止", "LibreOffice did not finish in time"),
        "office-failed": (
            "LibreOffice 无法打开或转换该文件（文件可能已损坏或设有密码）",
            "LibreOffice could not load or convert the file (damaged or password-protected?)",
        ),
    },
    JixiaoError,
)
DEFAULT_TIMEOUT = 120.0
_NAMES = ("soffice", "libreoffice")
# Maps 宋体, 仿宋_GB2312, 黑体 … to Debian's Noto CJK fonts (the file says why).
FONTS_CONF = Path(__file__).parent / "fonts" / "fonts.conf"


def office_environment() -> dict[str, str]:
    """The environment LibreOffice runs in: ours, plus our font mapping unless the user
    chose a fontconfig file of their own."""
    environment = dict(os.environ)
    if "FONTCONFIG_FILE" not in environment and FONTS_CONF.is_file():
        environment["FONTCONFIG_FILE"] = str(FONTS_CONF)
    return environment


def office_missing() -> JixiaoError:
    return office_error(
        "office-missing",
        f"Debian/Ubuntu：apt install {DEBIAN_PACKAGE}",
        f"Debian/Ubuntu: apt install {DEBIAN_PACKAGE}",
    )


def find_soffice() -> str | None:
    """The path of the LibreOffice program on PATH, if any."""
    for name in _NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


class _ClosedAfterUse(ABC):
    """Used in ``with``: the object itself, closed when the block ends, failing or not."""

    @abstractmethod
    def close(self) -> None:
        """Let go of what the object holds (LibreOffice profiles, temporary folders)."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class Converter(_ClosedAfterUse):
    """One private LibreOffice profile and the conversions run with it, one at a time.

    ``soffice`` is the program to run (found on PATH when not given); ``timeout`` is in seconds
    per LibreOffice run. Thread-safe: LibreOffice cannot share a profile between two running
    instances, so conversions through one converter wait for each other.
    """

    def __init__(self, *, soffice: str | None = None, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.soffice = soffice
        self.timeout = timeout
        self._lock = threading.Lock()
        self._root = Path(tempfile.mkdtemp(prefix="jixiao-office-"))
        self._cleanup = weakref.finalize(self, shutil.rmtree, self._root, ignore_errors=True)
        self._runs = 0

    @property
    def profile_uri(self) -> str:
        """The private user installation LibreOffice runs with."""
        return (self._root / "profile").as_uri()

    def program(self) -> str:
        """The soffice program to run; ``office-missing`` when there is none."""
        path = self.soffice or find_soffice()
        if path is None or not Path(path).exists():
            raise office_missing()
        return path

    def convert(self, data: bytes, suffix_in: str, to: str) -> bytes:
        """``data`` (a file of type ``suffix_in``, such as ".doc") converted to ``to``, a
        LibreOffice target such as "docx" or "doc:MS Word 97"."""
        (result,) = self.convert_many([(data, suffix_in)], to)
        if isinstance(result, JixiaoError):
            raise result
        return result

    def convert_many(
        self, items: Sequence[tuple[bytes, str]], to: str
    ) -> list[bytes | JixiaoError]:
        """Convert several files in one LibreOffice run; each gives its bytes or its error.

        A timeout fails every file of the run: pass fewer at a time to limit the loss.
        """
        program = self.program()
        with self._lock:
            self._runs += 1
            work = self._root / f"run-{self._runs}"
            inputs, outputs = work / "in", work / "out"
            inputs.mkdir(parents=True)
            outputs.mkdir()
            try:
                paths = _write_inputs(inputs, items)
                said = self._run(program, paths, outputs, to)
                extension = to.split(":", 1)[0]
                return [_output_of(outputs / f"{path.stem}.{extension}", said) for path in paths]
            finally:
                shutil.rmtree(work, ignore_errors=True)

    def _run(self, program: str, paths: list[Path], outdir: Path, to: str) -> str:
        """Run LibreOffice once over ``paths``; what it said on stderr."""
        command = [
            program,
            f"-env:UserInstallation={self.profile_uri}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            to,
            "--outdir",
            str(outdir),
            *map(str, paths),
        ]
        # Its own session, so that on a timeout the whole process group (oosplash and
        # soffice.bin) goes, not only the launcher.
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
            env=office_environment(),
        )
        try:
            _, stderr = process.communicate(timeout=self.timeout)
        except subprocess.TimeoutExpired:
            _kill_group(process)
            raise office_error(
                "office-timeout", f"{self.timeout:g} 秒", f"{self.timeout:g} s"
            ) from None
        return stderr.decode("utf-8", "replace").strip()

    def close(self) -> None:
        """Remove the private profile (also done when the converter is garbage-collected)."""
        self._cleanup()


class ConverterPool(_ClosedAfterUse):
    """``workers`` converters that split a batch between them, each in one LibreOffice run per
    ``chunk`` files (a timeout or crash loses at most one chunk).

    LibreOffice converts one document at a time per process; two processes on two cores
    convert twice as many. Threads are enough to drive them: the work is in LibreOffice.
    """

    def __init__(
        self,
        workers: int | None = None,
        *,
        chunk: int = 25,
        soffice: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self.workers = max(1, workers or default_workers())
        self.chunk = max(1, chunk)
        self._converters = [
            Converter(soffice=soffice, timeout=timeout) for _ in range(self.workers)
        ]

    def convert_many(
        self,
        items: Sequence[tuple[bytes, str]],
        to: str,
        progress: Callable[[int], None] | None = None,
    ) -> list[bytes | JixiaoError]:
        """Every item converted to ``to``, in order; ``progress`` is told how many finished
        after each chunk."""
        if not items:
            return []
        self._converters[0].program()  # fail early, once, when LibreOffice is missing
        chunks = _chunks(len(items), self.workers, self.chunk)
        results: list[bytes | JixiaoError] = [office_error("office-failed")] * len(items)

        def run(worker: int) -> None:
            converter = self._converters[worker]
            for start, stop in chunks[worker :: self.workers]:
                results[start:stop] = _convert_chunk(converter, items[start:stop], to)
                if progress is not None:
                    progress(stop - start)

        with ThreadPoolExecutor(self.workers) as executor:
            list(executor.map(run, range(self.workers)))
        return results

    def close(self) -> None:
        for converter in self._converters:
            converter.close()


def default_workers() -> int:
    """One LibreOffice per core this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def _chunks(total: int, workers: int, chunk: int) -> list[tuple[int, int]]:
    """Index ranges of at most ``chunk`` items, small enough that every worker gets some."""
    size = max(1, min(chunk, math.ceil(total / workers)))
    return [(start, min(start + size, total)) for start in range(0, total, size)]


def _convert_chunk(
    converter: Converter, items: Sequence[tuple[bytes, str]], to: str
) -> list[bytes | JixiaoError]:
    try:
        return converter.convert_many(items, to)
    except JixiaoError as error:  # a timeout fails the chunk, not the batch
        return [error] * len(items)


def _write_inputs(folder: Path, items: Sequence[tuple[bytes, str]]) -> list[Path]:
    """One file per item, named by position (the original names may clash or be unsafe)."""
    paths: list[Path] = []
    for number, (data, suffix) in enumerate(items):
        path = folder / f"file-{number}{_clean_suffix(suffix)}"
        path.write_bytes(data)
        paths.append(path)
    return paths


def _clean_suffix(suffix: str) -> str:
    bare = "".join(ch for ch in suffix.lstrip(".") if ch.isascii() and ch.isalnum())
    return f".{bare}" if bare else ""


def _output_of(path: Path, said: str) -> bytes | JixiaoError:
    if path.is_file() and path.stat().st_size > 0:
        return path.read_bytes()
    # LibreOffice says little, and often exits 0, when it cannot load a file.
    error = office_error("office-failed")
    error.detail = said[-500:]
    return error


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate()


_DEFAULT: Converter | None = None
_DEFAULT_LOCK = threading.Lock()


def default_converter() -> Converter:
    """A converter shared by the importers of this process, made on first use."""
    global _DEFAULT
    with _DEFAULT_LOCK:
        if _DEFAULT is None:
            _DEFAULT = Converter()
        return _DEFAULT

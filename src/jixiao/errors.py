"""One exception family for the cases where reading cannot go on.

Data problems are collected as findings; a :class:`JixiaoError` is raised only when there is
nothing left to check (an empty file, binary junk, a table with no indicator block). Each
carries a stable ``code`` apart from its human text, so callers translate or count by code.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol, TypeVar


class JixiaoError(Exception):
    """A failure a user can act on: stable ``code``, Chinese message, English message."""

    def __init__(self, code: str, message: str, message_en: str = "", *, detail: str = "") -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.message_en = message_en or message
        self.detail = detail

    def one_line(self) -> str:
        return f"[{self.code}] {self.message}"


class ImportError_(JixiaoError):
    """The input could not be read as an evaluation (exit code 2 in the CLI)."""


class ProfileError(JixiaoError):
    """A rule profile file is missing or malformed."""


E = TypeVar("E", bound=JixiaoError)
E_co = TypeVar("E_co", bound=JixiaoError, covariant=True)


class FailureMaker(Protocol[E_co]):
    """Builds the failure ``code`` with its standard message and an optional detail."""

    def __call__(self, code: str, detail_zh: str = "", detail_en: str = "") -> E_co: ...


# Every failure code with its standard messages, as the modules declare them (for the docs).
FAILURES: dict[str, tuple[str, str]] = {}


def failure_factory(
    messages: Mapping[str, tuple[str, str]], error_class: type[E]
) -> FailureMaker[E]:
    """Declare a family of failure codes; return the function that builds one of them.

    It takes the code and an optional detail in Chinese and English, appended to the
    standard message after a colon.
    """
    FAILURES.update(messages)

    def make(code: str, detail_zh: str = "", detail_en: str = "") -> E:
        message, message_en = messages[code]
        if detail_zh:
            message = f"{message}：{detail_zh}"
        if detail_en:
            message_en = f"{message_en}: {detail_en}"
        return error_class(code, message, message_en, detail=detail_en or detail_zh)

    return make


class InputError(JixiaoError):
    """A file the operating system would not give us (missing, unreadable)."""


# input_error(code, detail_zh, detail_en): the detail names the file or the OS's reason.
input_error = failure_factory(
    {
        "input-not-found": ("文件不存在", "no such file"),
        "input-unreadable": ("无法读取文件", "cannot read the file"),
    },
    InputError,
)


def unreadable_input(error: OSError) -> InputError:
    """``input-unreadable`` with the operating system's reason."""
    reason = error.strerror or str(error)
    return input_error("input-unreadable", reason, reason)

"""One exception family for the cases where reading cannot go on.

Data problems are collected as findings; a :class:`JixiaoError` is raised only when there is
nothing left to check (an empty file, binary junk, a table with no indicator block). Each
carries a stable ``code`` apart from its human text, so callers translate or count by code.
"""

from __future__ import annotations


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

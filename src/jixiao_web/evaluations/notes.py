"""The notes the app itself writes on a version ("新建", "导入 表.docx" …), in either language.

A person's note is kept as typed. A note the app writes is kept as a code and its arguments
beside the Chinese text (which the admin, the API and exports read), so a page shows it in
the reader's language, not in the language of whoever saved the version.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import pgettext_lazy
from django_stubs_ext import StrOrPromise

# In the "version note" context: "新建" as a note is "Created", as a button "Create".
NOTE_TEXTS: dict[str, StrOrPromise] = {
    "created": pgettext_lazy("version note", "新建"),
    "carried-over": pgettext_lazy("version note", "沿用 %(year)s 年指标"),
    "imported": pgettext_lazy("version note", "导入 %(name)s"),
    "demo-seed": pgettext_lazy("version note", "导入种子数据"),
    "demo": pgettext_lazy("version note", "演示数据"),
}


@dataclass(frozen=True)
class AppNote:
    """A note the app writes: a code of :data:`NOTE_TEXTS` and the values it names."""

    code: str
    args: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.code not in NOTE_TEXTS:
            raise ValueError(f"unknown note code {self.code!r}")

    def text(self) -> str:
        """In the active language."""
        return str(NOTE_TEXTS[self.code]) % self.args if self.args else str(NOTE_TEXTS[self.code])

    def chinese(self) -> str:
        with translation.override("zh-hans"):
            return self.text()


def shown_note(text: str, code: str, args: dict[str, str]) -> str:
    """A version's note for a page: the app's note in the reader's language, or as typed."""
    if code in NOTE_TEXTS:
        return AppNote(code, args).text()
    return text

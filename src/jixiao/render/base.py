"""What every renderer is: a name, the part of the submission it writes, a file suffix, and a
function from an evaluation to bytes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from jixiao.model import Evaluation
from jixiao.rules import Profile

Part = Literal["table", "report"]
Format = Literal["docx", "xlsx", "pdf"]
FORMATS: tuple[Format, ...] = ("docx", "xlsx", "pdf")

# The words a file name carries for each part, as units name their attachments.
PART_LABELS: dict[Part, str] = {"table": "自评表", "report": "自评报告"}


@dataclass(frozen=True)
class RenderContext:
    """What a renderer may use beside the evaluation: the rule profile the table was scored
    by, and a unit's own report template (a .docx with Jinja placeholders)."""

    profile: Profile
    template: bytes | None = None


@dataclass(frozen=True)
class Renderer:
    name: str
    part: Part
    format: Format
    make: Callable[[Evaluation, RenderContext], bytes]

    @property
    def suffix(self) -> str:
        return f".{self.format}"

"""The finding catalogue: every kind of problem jixiao reports, declared once.

A :class:`FindingType` is a declaration (stable kebab-case code, severity, titles, description,
message templates). Check modules declare the types they emit with :func:`declare`; messages
are rendered from the templates and the evidence, so the same finding reads the same in the
CLI, the web and the API, and ``docs/findings.md`` is generated from this catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}

EvidenceValue = str | int | bool | None | list[str]


class Finding(BaseModel):
    """One problem found in one place of one document."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str
    severity: Severity
    path: str
    message: str
    message_en: str = ""
    evidence: dict[str, EvidenceValue] = Field(default_factory=dict)


def _evidence_value(value: Any) -> EvidenceValue:
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, Decimal):
        return format_decimal(value)
    if isinstance(value, list | tuple):
        return [str(_evidence_value(item)) for item in value]
    return str(value)


def format_decimal(value: Decimal, places: int | None = None) -> str:
    """Plain notation, no exponent, trailing zeros of a computed value trimmed."""
    if places is not None:
        value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = format(value, "f")
    if "." in text and places is None:
        text = text.rstrip("0").rstrip(".")
    return text


@dataclass(frozen=True)
class FindingType:
    """The declaration of one finding code."""

    code: str
    severity: Severity
    title: str
    title_en: str
    description: str
    template: str
    template_en: str
    module: str = ""

    def make(self, path: str, /, *, severity: Severity | None = None, **evidence: Any) -> Finding:
        """A finding at ``path``; the message is the template filled with the evidence.

        ``severity`` overrides the declared one (a rounding gap is only a note); every other
        keyword, ``path`` included, is evidence.
        """
        values: dict[str, EvidenceValue] = {}
        shown: dict[str, EvidenceValue] = {}
        for key, value in evidence.items():
            # Text, the usual evidence, needs no conversion.
            value = value if value.__class__ is str else _evidence_value(value)
            values[key] = value
            shown[key] = "—" if value is None else value
        # Validated from a dict: the same checks as keyword arguments, at half the cost.
        return Finding.model_validate(
            {
                "code": self.code,
                "severity": severity or self.severity,
                "path": path,
                "message": self.template.format_map(shown),
                "message_en": self.template_en.format_map(shown),
                "evidence": values,
            }
        )


CATALOGUE: dict[str, FindingType] = {}


def declare(
    code: str,
    severity: Severity,
    *,
    title: str,
    title_en: str,
    description: str,
    template: str,
    template_en: str,
    module: str = "",
) -> FindingType:
    """Register a finding type; a code may be declared once only."""
    if code in CATALOGUE:
        raise ValueError(f"finding code declared twice: {code}")
    finding_type = FindingType(
        code, severity, title, title_en, description, template, template_en, module
    )
    CATALOGUE[code] = finding_type
    return finding_type

"""Field-level accuracy of imported evaluations against the truth they were printed from.

Every field a reader of the printed table can see is one comparison: the header fields, every
amount of the funds block (totals, sources, spending nature, each funds row), the goals, every
field of every indicator row (level1, level2, name, target, actual, weight, score, deviation
reason, each extra column), the declared first-level weights, the total, the grade, the sign-off
and the report. A field is correct when the imported value equals the truth; only what a person
could not tell apart is normalised: surrounding whitespace, and an empty text against a missing
one. Numbers compare as printed ("10.50" is not "10.5").

    tally = Accuracy()
    tally.compare_documents(sample.truths, result.evaluations, document=sample.name)
    tally.rate, tally.by_field(), tally.worst(10)
"""

from __future__ import annotations

import importlib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from jixiao.errors import JixiaoError
from jixiao.importers import import_bytes
from jixiao.model import Evaluation, Indicator, Measured
from tests.corpus.document import PrintedDocument
from tests.corpus.layouts import Sample

Value = str | None


@dataclass(frozen=True)
class Mismatch:
    """One field read wrong: where, what the truth says and what was imported."""

    document: str
    path: str  # "indicators[3].score" in evaluation ``evaluation`` of ``document``
    field: str  # the field's family, "indicators.score"
    expected: Value
    got: Value
    evaluation: int = 0

    def __str__(self) -> str:
        return (
            f"{self.document}#{self.evaluation} {self.path}: "
            f"expected {self.expected!r}, got {self.got!r}"
        )


def normalise(value: Any) -> Value:
    """The value as compared: text stripped (empty → None), numbers as printed."""
    if value is None:
        return None
    if isinstance(value, Measured):
        value = value.text
    if isinstance(value, Decimal):
        return f"{value:f}"
    text = str(value).strip()
    return text or None


def _group(path: str) -> str:
    """ "indicators[3].extra[得分系数]" → "indicators.extra"."""
    parts = []
    for part in path.split("."):
        parts.append(part.split("[", 1)[0])
    return ".".join(parts)


@dataclass
class Accuracy:
    """Counts of correct and compared fields, by field family, and every mismatch."""

    correct: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)
    mismatches: list[Mismatch] = field(default_factory=list)
    documents: int = 0

    # -- counting ------------------------------------------------------------------------------

    def check(
        self,
        document: str,
        evaluation: int,
        path: str,
        expected: Any,
        got: Any,
        *,
        lost: bool = False,
    ) -> bool:
        """Count one field; ``lost`` when its whole evaluation was not imported."""
        family = _group(path)
        want, have = normalise(expected), normalise(got)
        self.total[family] += 1
        if want == have and not lost:
            self.correct[family] += 1
            return True
        self.mismatches.append(Mismatch(document, path, family, want, have, evaluation))
        return False

    def merge(self, other: Accuracy) -> None:
        self.correct.update(other.correct)
        self.total.update(other.total)
        self.mismatches.extend(other.mismatches)
        self.documents += other.documents

    # -- reading the result --------------------------------------------------------------------

    @property
    def fields(self) -> int:
        return sum(self.total.values())

    @property
    def right(self) -> int:
        return sum(self.correct.values())

    @property
    def rate(self) -> float:
        """Share of fields read right (1.0 when nothing was compared)."""
        return self.right / self.fields if self.fields else 1.0

    def by_field(self) -> dict[str, tuple[int, int]]:
        """Field family → (correct, compared), worst share first."""
        rows = {name: (self.correct[name], count) for name, count in self.total.items()}
        return dict(sorted(rows.items(), key=lambda item: item[1][0] / item[1][1]))

    def worst(self, limit: int = 20) -> list[Mismatch]:
        """Mismatches of the field families read worst, a few of each, for debugging."""
        families = [name for name, (ok, n) in self.by_field().items() if ok < n]
        picked: list[Mismatch] = []
        for family in families:
            picked += [m for m in self.mismatches if m.field == family][:3]
        return picked[:limit]

    def summary(self, limit: int = 20) -> str:
        """A readable account: the rate, the weak fields and their first mismatches."""
        lines = [
            f"{self.right}/{self.fields} fields right ({self.rate:.3%}) in {self.documents} "
            "documents"
        ]
        for name, (ok, n) in self.by_field().items():
            if ok < n:
                lines.append(f"  {name}: {ok}/{n}")
        lines += [f"  - {m}" for m in self.worst(limit)]
        return "\n".join(lines)

    # -- comparing -----------------------------------------------------------------------------

    def compare_documents(
        self, truths: Sequence[Evaluation], imported: Sequence[Evaluation], *, document: str
    ) -> None:
        """One document: its evaluations pair up in order; a missing one counts every field of
        its truth wrong, an extra one counts as one wrong field."""
        self.documents += 1
        self.check(document, 0, "evaluations", len(truths), len(imported))
        for index, truth in enumerate(truths):
            if index < len(imported):
                self.compare(truth, imported[index], document=document, evaluation=index)
            else:
                self.compare(truth, Evaluation(), document=document, evaluation=index, lost=True)

    def compare(
        self,
        truth: Evaluation,
        got: Evaluation,
        *,
        document: str = "",
        evaluation: int = 0,
        lost: bool = False,
    ) -> None:
        """Every printed field of one evaluation (all wrong when it was ``lost``)."""
        for path, expected, value in _pairs(truth, got):
            self.check(document, evaluation, path, expected, value, lost=lost)


# --- the fields of an evaluation, in pairs ------------------------------------------------------

Pair = tuple[str, Any, Any]
_HEADER = ("kind", "unit", "department", "project", "implementing_unit", "year", "grade")
_FUND_FIELDS = (
    "requested",
    "initial_budget",
    "full_year_budget",
    "executed",
    "execution_rate",
    "weight",
    "score",
    "deviation_reason",
)
_LINE_FIELDS = (
    "label",
    "initial_budget",
    "full_year_budget",
    "executed",
    "execution_rate",
    "weight",
    "score",
)
_INDICATOR_FIELDS = (
    "level1",
    "level2",
    "name",
    "target",
    "actual",
    "weight",
    "score",
    "deviation_reason",
)


def _pairs(truth: Evaluation, got: Evaluation) -> Iterable[Pair]:
    for name in _HEADER:
        yield name, getattr(truth, name), getattr(got, name)
    yield from _funds(truth, got)
    yield from _listed("goals", truth.goals, got.goals, ("expected", "actual"))
    yield "indicators.count", len(truth.indicators), len(got.indicators)
    for i, line in enumerate(truth.indicators):
        other = got.indicators[i] if i < len(got.indicators) else Indicator(name="")
        yield from _indicator(f"indicators[{i}]", line, other)
    yield from _mapping(
        "declared_level1_weights", truth.declared_level1_weights, got.declared_level1_weights
    )
    yield "total.weight", truth.total.weight, got.total.weight
    yield "total.score", truth.total.score, got.total.score
    for name in ("filler", "phone", "date", "head"):
        yield f"signoff.{name}", getattr(truth.signoff, name), getattr(got.signoff, name)
    yield from _report(truth, got)


def _funds(truth: Evaluation, got: Evaluation) -> Iterable[Pair]:
    want, have = truth.funds, got.funds
    for name in _FUND_FIELDS:
        yield f"funds.{name}", getattr(want, name), getattr(have, name)
    for group in ("by_source", "by_nature"):
        expected, value = getattr(want, group), getattr(have, group)
        for name in type(expected).model_fields:
            yield f"funds.{group}.{name}", getattr(expected, name), getattr(value, name)
    yield from _listed("funds.lines", want.lines, have.lines, _LINE_FIELDS)


def _listed(
    path: str, want: Sequence[Any], have: Sequence[Any], names: Sequence[str]
) -> Iterable[Pair]:
    yield f"{path}.count", len(want), len(have)
    for i, item in enumerate(want):
        other = have[i] if i < len(have) else None
        for name in names:
            yield f"{path}[{i}].{name}", getattr(item, name), getattr(other, name, None)


def _indicator(path: str, want: Indicator, have: Indicator) -> Iterable[Pair]:
    for name in _INDICATOR_FIELDS:
        yield f"{path}.{name}", getattr(want, name), getattr(have, name)
    yield from _mapping(f"{path}.extra", want.extra, have.extra)


def _mapping(path: str, want: dict[str, Any], have: dict[str, Any]) -> Iterable[Pair]:
    """Each key of the truth, and each key imported that the truth does not have."""
    for key, value in want.items():
        yield f"{path}[{key}]", value, have.get(key)
    for key in have.keys() - want.keys():
        yield f"{path}[{key}]", None, have[key] if normalise(have[key]) else "(empty column)"


def _report(truth: Evaluation, got: Evaluation) -> Iterable[Pair]:
    want, have = truth.report, got.report
    yield "report.present", want is not None, have is not None
    if want is None:
        return
    yield "report.title", want.title, have.title if have else None
    yield "report.preamble", want.preamble, have.preamble if have else None
    sections = have.sections if have else []
    yield from _listed(
        "report.sections", want.sections, sections, ("number", "title", "heading", "text")
    )


# --- the formats ---------------------------------------------------------------------------------

Writer = Callable[[PrintedDocument], bytes]

# Format → (writer module under tests.corpus, its function's names, file suffix). The suffix
# only names the file: importers choose by content.
WRITERS: dict[str, tuple[str, tuple[str, ...], str]] = {
    "text": ("write_text", ("write_text",), ".txt"),
    "pipe": ("write_text", ("write_pipe", "write_pipe_text"), ".txt"),
    "docx": ("write_docx", ("write_docx",), ".docx"),
    "xlsx": ("write_xlsx", ("write_xlsx", "xlsx_bytes"), ".xlsx"),
    "html": ("write_html", ("write_html",), ".html"),
    "pdf": ("write_pdf", ("write_pdf",), ".pdf"),
}


def writer(format_name: str) -> Writer | None:
    """The corpus writer of ``format_name``, or None while it is not written yet."""
    module_name, functions, _ = WRITERS[format_name]
    try:
        module = importlib.import_module(f"tests.corpus.{module_name}")
    except ImportError:
        return None
    for function in functions:
        found = getattr(module, function, None)
        if callable(found):
            return cast(Writer, found)
    return None


def available_writers() -> dict[str, Writer]:
    """Every format whose writer exists, in :data:`WRITERS` order."""
    found = {name: writer(name) for name in WRITERS}
    return {name: write for name, write in found.items() if write is not None}


def file_name(sample_name: str, format_name: str) -> str:
    return sample_name + WRITERS[format_name][2]


def read_back(data: bytes, name: str) -> list[Evaluation]:
    """What jixiao imports from ``data``; an import failure reads as no evaluation at all."""
    try:
        return import_bytes(data, name).evaluations
    except JixiaoError:
        return []


def score_format(
    samples: Iterable[Sample], format_name: str, write: Writer | None = None
) -> Accuracy:
    """Print every sample in ``format_name``, import it and compare with its truths."""
    write = write or writer(format_name)
    if write is None:
        raise LookupError(f"no corpus writer for {format_name}")
    tally = Accuracy()
    for sample in samples:
        name = file_name(sample.name, format_name)
        tally.compare_documents(
            sample.truths, read_back(write(sample.document), name), document=name
        )
    return tally


def score_formats(
    samples: Sequence[Sample], formats: Iterable[str] | None = None
) -> dict[str, Accuracy]:
    """The accuracy of every format (default: every format whose writer exists)."""
    names = list(formats) if formats is not None else list(available_writers())
    return {name: score_format(samples, name) for name in names}

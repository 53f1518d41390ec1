"""Bench cases for writing files: the 自评表 as .docx and .xlsx, the 自评报告 as .docx, and
PDFs through LibreOffice.

- ``render-table-docx`` / ``render-table-xlsx`` / ``render-report-docx``: documents per CPU
  second rendering ``--render-n`` of the generated evaluations (target: ≥ 50 .docx/s).
- ``pdf-batch``: ``--pdf-n`` (default 50) table .docx files turned into PDF by one
  :class:`jixiao.office.ConverterPool` (one long-lived LibreOffice per core), wall-clock;
  target ≥ 2 PDF/s.
- ``pdf-one-by-one``: a few of the same files converted one LibreOffice start at a time (a
  warm private profile, so the comparison is generous to it), wall-clock; the batch should be
  at least 5× faster per document.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from formats import Case, Goal
from jixiao.model import Evaluation
from jixiao.office import Converter, ConverterPool, find_soffice
from jixiao.render.base import RenderContext, Renderer
from jixiao.rules import load_profile

DOCX_TARGET = 50.0
PDF_TARGET = 2.0
PDF_SPEEDUP_TARGET = 5.0
ONE_BY_ONE = 5  # single starts are slow: a handful shows their cost


@dataclass
class RenderBench:
    render_n: int
    pdf_n: int
    progress: Callable[[str], None]
    evaluations: list[Evaluation] = field(default_factory=list)
    words: list[bytes] = field(default_factory=list)
    single: Converter | None = None

    def _prepare(self, context: Any) -> None:
        if not self.evaluations:
            from generate import generate_json

            documents = context.documents or generate_json(self.render_n, context.seed)
            self.evaluations = [
                Evaluation.model_validate_json(text) for text in documents[: self.render_n]
            ]
        # Warm-up: the libraries' first-use costs are not the renderers'.
        self._render("table-docx", 3)
        self._render("table-xlsx", 3)
        self._render("report-docx", 3)

    def _render(self, name: str, count: int | None = None) -> int:
        renderer = _renderer(name)
        context = RenderContext(load_profile())
        chosen = self.evaluations[:count] if count else self.evaluations
        for evaluation in chosen:
            renderer.make(evaluation, context)
        return len(chosen)

    def _run_render(self, name: str) -> Callable[[Any], int]:
        return lambda context: self._render(name)

    def _prepare_pdf(self, context: Any) -> None:
        if not self.evaluations:
            self._prepare(context)
        table = _renderer("table-docx")
        render = RenderContext(load_profile())
        cycle = [self.evaluations[i % len(self.evaluations)] for i in range(self.pdf_n)]
        self.words = [table.make(evaluation, render) for evaluation in cycle]
        if self.single is None:
            self.single = Converter()
            self.single.convert(self.words[0], ".docx", "pdf")  # its profile, made untimed

    def _run_pdf_batch(self, context: Any) -> int:
        with ConverterPool() as pool:
            results = pool.convert_many([(data, ".docx") for data in self.words], "pdf")
        return sum(isinstance(result, bytes) for result in results)

    def _run_pdf_one_by_one(self, context: Any) -> int:
        assert self.single is not None
        for data in self.words[:ONE_BY_ONE]:
            self.single.convert(data, ".docx", "pdf")  # one LibreOffice run per file
        return min(ONE_BY_ONE, len(self.words))

    def cases(self) -> list[Case]:
        found = [
            Case(
                f"render-{name}",
                f"render {name.replace('-', ' ')}",
                self._run_render(name),
                self._prepare,
            )
            for name in ("table-docx", "table-xlsx", "report-docx")
        ]
        if find_soffice() is not None:
            found += [
                Case("pdf-batch", "PDF batch (pool, wall)", self._run_pdf_batch, self._prepare_pdf),
                Case(
                    "pdf-one-by-one",
                    "PDF one start each (wall)",
                    self._run_pdf_one_by_one,
                    self._prepare_pdf,
                ),
            ]
        return found

    def targets(self) -> list[Goal]:
        goals = [
            Goal(
                "render-docx-throughput",
                f"自评表 .docx ≥ {DOCX_TARGET:g} documents/s",
                lambda results: float(results["render-table-docx"].per_second),
                DOCX_TARGET,
                "docs/s",
                True,
            )
        ]
        if find_soffice() is not None:
            goals += [
                Goal(
                    "pdf-throughput",
                    f"PDF batch of {self.pdf_n} ≥ {PDF_TARGET:g} PDF/s (wall)",
                    _pdf_rate,
                    PDF_TARGET,
                    "PDF/s",
                    True,
                ),
                Goal(
                    "pdf-speedup",
                    f"PDF batch ≥ {PDF_SPEEDUP_TARGET:g}× faster per file than one start each",
                    _pdf_speedup,
                    PDF_SPEEDUP_TARGET,
                    "×",
                    True,
                ),
            ]
        return goals


def _renderer(name: str) -> Renderer:
    # Loaded when used: the Word and Excel libraries cost the runs that write no files.
    from jixiao.render.registry import RENDERERS

    return RENDERERS[name]


def _wall_per_document(result: Any) -> float:
    return float(result.seconds / result.documents) if result.documents else float("inf")


def _pdf_rate(results: Mapping[str, Any]) -> float:
    return 1 / _wall_per_document(results["pdf-batch"])


def _pdf_speedup(results: Mapping[str, Any]) -> float:
    return _wall_per_document(results["pdf-one-by-one"]) / _wall_per_document(results["pdf-batch"])

"""Render many evaluations to files: Word and Excel in this process, then every PDF at the
end through one pool of long-lived LibreOffice processes (a start per file would cost more
than the conversion itself)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from jixiao.errors import JixiaoError
from jixiao.model import Evaluation
from jixiao.office import ConverterPool
from jixiao.render.base import FORMATS, PART_LABELS, Format, Part, RenderContext, Renderer
from jixiao.render.registry import renderers_for, word_renderer

Stage = str  # "render" while files are written, "pdf" while LibreOffice converts
Progress = Callable[[Stage, int], None]
_PARTS: tuple[Part, ...] = ("table", "report")


@dataclass(frozen=True)
class Job:
    """One evaluation to render; its files are named ``{stem}-自评表.docx`` and so on."""

    stem: str
    evaluation: Evaluation


@dataclass(frozen=True)
class Output:
    """One file made, or the reason it could not be."""

    job: int
    name: str
    data: bytes | None = None
    error: JixiaoError | None = None


def output_name(stem: str, part: Part, format: Format) -> str:
    return f"{stem}-{PART_LABELS[part]}.{format}"


def parse_formats(to: str) -> list[Format]:
    """``docx``, ``xlsx``, ``pdf``, ``all`` or a comma-separated list of them, in order."""
    names = [name.strip().lower() for name in to.split(",") if name.strip()]
    if "all" in names:
        return list(FORMATS)
    unknown = [name for name in names if name not in FORMATS]
    if unknown or not names:
        raise ValueError(", ".join(unknown) or to)
    return [f for f in FORMATS if f in names]


def render_all(
    jobs: Sequence[Job],
    formats: Iterable[Format],
    context: RenderContext,
    *,
    pool: ConverterPool | None = None,
    progress: Progress | None = None,
) -> list[Output]:
    """Every file of every job, in job order: Word and Excel first, then the PDFs.

    A renderer that fails (a unit's broken template, a PDF LibreOffice rejects) gives an
    :class:`Output` with its error and the rest go on; ``office-missing`` is raised at once,
    since no PDF can be made without LibreOffice.
    """
    wanted = set(formats)
    outputs: list[Output] = []
    words: list[tuple[int, Part, bytes]] = []
    for number, job in enumerate(jobs):
        outputs += _office_files(number, job, wanted, context, words)
        if progress is not None:
            progress("render", 1)
    if "pdf" in wanted and words:
        outputs += _pdfs(jobs, words, pool, progress)
    return outputs


def _office_files(
    number: int,
    job: Job,
    wanted: set[Format],
    context: RenderContext,
    words: list[tuple[int, Part, bytes]],
) -> list[Output]:
    made: list[Output] = []
    for format in ("docx", "xlsx"):
        if format in wanted:
            made += [_run(number, job, r, context) for r in renderers_for(format)]
    if "pdf" in wanted:
        done = {o.name: o.data for o in made}
        for part in _PARTS:
            data = done.get(output_name(job.stem, part, "docx"))
            if data is None:
                word = _run(number, job, word_renderer(part), context)
                if word.error is not None:
                    made.append(_renamed(word, output_name(job.stem, part, "pdf")))
                    continue
                data = word.data
            assert data is not None
            words.append((number, part, data))
    return made


def _run(number: int, job: Job, renderer: Renderer, context: RenderContext) -> Output:
    name = output_name(job.stem, renderer.part, renderer.format)
    try:
        return Output(number, name, data=renderer.make(job.evaluation, context))
    except JixiaoError as error:
        return Output(number, name, error=error)


def _renamed(output: Output, name: str) -> Output:
    return Output(output.job, name, output.data, output.error)


def _pdfs(
    jobs: Sequence[Job],
    words: list[tuple[int, Part, bytes]],
    pool: ConverterPool | None,
    progress: Progress | None,
) -> list[Output]:
    own_pool = pool is None
    pool = pool or ConverterPool()
    tick = None if progress is None else (lambda n: progress("pdf", n))
    try:
        results = pool.convert_many([(data, ".docx") for _, _, data in words], "pdf", tick)
    finally:
        if own_pool:
            pool.close()
    return [
        _pdf_output(number, output_name(jobs[number].stem, part, "pdf"), result)
        for (number, part, _), result in zip(words, results, strict=True)
    ]


def _pdf_output(number: int, name: str, result: bytes | JixiaoError) -> Output:
    if isinstance(result, JixiaoError):
        return Output(number, name, error=result)
    return Output(number, name, data=result)

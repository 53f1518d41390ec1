"""jixiao render FILE… --to docx|xlsx|pdf|all --out DIR: the official files of each evaluation.

Each table in each input gives ``{stem}-自评表.docx``, ``{stem}-自评报告.docx``,
``{stem}-自评表.xlsx`` and the two PDFs. Inputs that cannot be read are reported and skipped;
the command exits 2 if any input or output failed, 0 otherwise.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from jixiao.cli.common import (
    EXIT_OK,
    EXIT_UNREADABLE,
    JsonOption,
    ProfileOption,
    RulesDirOption,
    err,
    fail,
    get_profile,
    out,
    print_json,
    user_errors,
)
from jixiao.errors import JixiaoError, input_error
from jixiao.importers import import_path
from jixiao.pipeline import expand_inputs
from jixiao.render.base import Format, RenderContext
from jixiao.render.errors import render_error
from jixiao.rules import DEFAULT_PROFILE

if TYPE_CHECKING:
    # Loaded when the command runs: the Word and Excel libraries cost every other command.
    from jixiao.render.batch import Job, Output

InputsArgument = Annotated[
    list[Path],
    typer.Argument(help="自评表文件或文件夹 / evaluation files or folders", show_default=False),
]
ToOption = Annotated[
    str, typer.Option("--to", "-t", help="docx、xlsx、pdf 或 all（可用逗号分隔多个）")
]
OutOption = Annotated[
    Path, typer.Option("--out", "-o", help="输出文件夹 / output folder", show_default=False)
]
TemplateOption = Annotated[
    Path | None,
    typer.Option("--template", help="单位自己的报告模板（.docx，Jinja 占位符）/ report template"),
]
WorkersOption = Annotated[
    int | None,
    typer.Option("--jobs", "-j", min=1, help="同时运行的 LibreOffice 个数（默认每核一个）"),
]


def render_command(
    inputs: InputsArgument,
    out_dir: OutOption,
    to: ToOption = "all",
    template: TemplateOption = None,
    profile: ProfileOption = DEFAULT_PROFILE,
    rules_dir: RulesDirOption = None,
    jobs: WorkersOption = None,
    as_json: JsonOption = False,
) -> None:
    """生成自评表和自评报告（Word、Excel、PDF）/ write the official table and report files."""
    formats = _formats(to)
    context = RenderContext(get_profile(profile, rules_dir), _template(template))
    work, unreadable = _read_all(inputs)
    with user_errors():
        out_dir.mkdir(parents=True, exist_ok=True)
        outputs = _render(work, formats, context, jobs, quiet=as_json)
        written = [_write(out_dir, output) for output in outputs]
    failed = unreadable + [o for o in written if isinstance(o, tuple)]
    if as_json:
        print_json([_json(item) for item in [*written, *unreadable]])
    else:
        _print_summary(written, unreadable)
    raise typer.Exit(EXIT_UNREADABLE if failed else EXIT_OK)


def _formats(to: str) -> list[Format]:
    from jixiao.render.batch import parse_formats

    try:
        return parse_formats(to)
    except ValueError as error:
        fail(render_error("render-format-unknown", str(error), str(error)))


def _template(path: Path | None) -> bytes | None:
    if path is None:
        return None
    with user_errors():
        if not path.is_file():
            raise input_error("input-not-found", str(path), str(path))
        return path.read_bytes()
    raise AssertionError("unreachable")  # pragma: no cover


Failed = tuple[str, JixiaoError]


def _read_all(inputs: list[Path]) -> tuple[list[Job], list[Failed]]:
    """The evaluations of every input, and the inputs that could not be read."""
    from jixiao.render.batch import Job

    sources = expand_inputs(inputs)
    if sources.missing:
        fail(input_error("input-not-found", str(sources.missing[0]), str(sources.missing[0])))
    jobs: list[Job] = []
    unreadable: list[Failed] = []
    for file in sources.files:
        try:
            evaluations = import_path(Path(file)).evaluations
        except JixiaoError as error:
            unreadable.append((file, error))
            continue
        stem = Path(file).stem
        many = len(evaluations) > 1
        jobs += [
            Job(f"{stem}-{number}" if many else stem, evaluation)
            for number, evaluation in enumerate(evaluations, start=1)
        ]
    return jobs, unreadable


def _render(
    jobs: list[Job],
    formats: list[Format],
    context: RenderContext,
    workers: int | None,
    *,
    quiet: bool,
) -> list[Output]:
    from jixiao.office import ConverterPool
    from jixiao.render.batch import render_all

    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=quiet or len(jobs) < 2,
        transient=True,
    )
    pool = ConverterPool(workers) if "pdf" in formats else None
    with progress, pool or contextlib.nullcontext():
        tasks = {"render": progress.add_task("生成 Word/Excel", total=len(jobs))}
        if "pdf" in formats:
            tasks["pdf"] = progress.add_task("转换 PDF", total=2 * len(jobs))

        def advance(stage: str, count: int) -> None:
            progress.advance(tasks[stage], count)

        return render_all(jobs, formats, context, pool=pool, progress=advance)


def _write(folder: Path, output: Output) -> Path | Failed:
    if output.error is not None or output.data is None:
        error = output.error or render_error("render-output-unwritable", output.name)
        return output.name, error
    path = folder / output.name
    try:
        path.write_bytes(output.data)
    except OSError as error:
        return output.name, render_error("render-output-unwritable", str(error), str(error))
    return path


def _json(item: Path | Failed) -> dict[str, str]:
    if isinstance(item, Path):
        return {"path": str(item), "status": "ok"}
    name, error = item
    return {"path": name, "status": "failed", "code": error.code, "message": error.message}


def _print_summary(written: list[Path | Failed], unreadable: list[Failed]) -> None:
    table = Table(title="生成的文件 / files written", show_lines=False)
    table.add_column("文件 / file")
    table.add_column("结果 / result")
    for item in [*written, *unreadable]:
        if isinstance(item, Path):
            table.add_row(str(item), "[green]✓[/]")
        else:
            table.add_row(item[0], f"[red]{item[1].one_line()}[/]")
    out.print(table)

"""jixiao import: one file as our JSON, or many files into one dataset.

    jixiao import FILE [-o out.json]                      one file → evaluation JSON
    jixiao import DIR|FILE… --out dataset.jsonl|.csv|.parquet [--check] [--jobs N]
                  [--dask tcp://host:8786] [--no-resume] [--profile P]

The batch form is a thin adapter over :func:`jixiao.pipeline.run_batch`: a progress bar on
stderr fed by its callback, then the summary as tables (or, with ``--json``, exactly
``BatchSummary.json_dict()``). It exits 0 once the batch is done, unreadable files included
(the summary names them), and 2 when it cannot run: no input file, an output it cannot write.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from jixiao.cli import show
from jixiao.cli.common import (
    JsonOption,
    ProfileOption,
    RulesDirOption,
    err,
    fail,
    get_profile,
    one_or_many,
    out,
    print_json,
    read_input,
    user_errors,
)
from jixiao.errors import JixiaoError
from jixiao.model import Evaluation
from jixiao.pipeline import SUFFIXES, BatchProgress, BatchSummary, default_jobs, run_batch
from jixiao.pipeline.errors import batch_error
from jixiao.rules import DEFAULT_PROFILE, Profile

EXIT_INTERRUPTED = 130
SHOWN_FAILED = 20
SHOWN_SLOWEST = 5

InputsArgument = Annotated[
    list[Path],
    typer.Argument(
        help="自评表文件或文件夹 / evaluation files or folders",
        show_default=False,
        metavar="DIR|FILE…",
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--out",
        "--output",
        "-o",
        help="输出：单个文件写 .json；批量写 .jsonl / .csv / .parquet "
        "/ a .json for one file, a .jsonl, .csv or .parquet dataset for a batch",
    ),
]


def import_command(
    inputs: InputsArgument,
    output: OutputOption = None,
    check: Annotated[
        bool, typer.Option("--check", help="同时审核每张表 / also check every table")
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="工作进程数（默认每个 CPU 一个）/ worker processes (default: one per CPU)",
        ),
    ] = None,
    dask: Annotated[
        str | None,
        typer.Option("--dask", help="Dask 调度器地址 / Dask scheduler, e.g. tcp://host:8786"),
    ] = None,
    resume: Annotated[
        bool,
        typer.Option(
            "--resume/--no-resume", help="跳过输出中已有的文件 / skip files already in the output"
        ),
    ] = True,
    profile: ProfileOption = DEFAULT_PROFILE,
    rules_dir: RulesDirOption = None,
    time_limit: Annotated[
        float,
        typer.Option("--time-limit", min=0.1, help="每个文件的时间限制（秒）/ seconds per file"),
    ] = 10.0,
    memory_limit: Annotated[
        int,
        typer.Option("--memory-limit", min=16, help="每个文件的内存限制（MB）/ MB per file"),
    ] = 512,
    plugins: Annotated[
        list[str] | None,
        typer.Option(
            "--plugin",
            help="每个工作进程加载的模块（额外的导入器）/ module every worker loads (importers)",
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """导入自评表：单个文件为 JSON，或批量导入为数据集 / import one file, or a batch."""
    if _is_single_file(inputs, output):
        if check or dask:
            # Said rather than ignored: these options only mean something for a dataset.
            fail(
                JixiaoError(
                    "cli-batch-option",
                    "--check 和 --dask 用于批量导入（--out 为 .jsonl/.csv/.parquet）；"
                    "审核单个文件请用 jixiao check FILE",
                    "--check and --dask are for a batch (--out .jsonl/.csv/.parquet); "
                    "to check one file use jixiao check FILE",
                )
            )
        _import_one(inputs[0], output)
        return
    rules = get_profile(profile, rules_dir) if check else None
    with user_errors():
        if output is None:
            raise batch_error(
                "batch-output-format",
                "请用 --out 指定 dataset.jsonl / .csv / .parquet",
                "give --out dataset.jsonl, .csv or .parquet",
            )
        try:
            summary = _run_with_progress(
                inputs,
                output,
                check=check,
                jobs=jobs,
                dask=dask,
                resume=resume,
                profile=rules,
                time_limit=time_limit,
                memory_limit=memory_limit,
                plugins=plugins or [],
            )
        except KeyboardInterrupt:
            err.print("已中断：再次运行同一命令即可从中断处继续", style="yellow")
            err.print("interrupted: run the same command again to resume", style="dim")
            raise typer.Exit(EXIT_INTERRUPTED) from None
    if as_json:
        print_json(summary.json_dict())
    else:
        print_summary(summary)


def _is_single_file(inputs: list[Path], output: Path | None) -> bool:
    """Today's form: one file (not a folder), written as JSON (or printed)."""
    if len(inputs) != 1 or inputs[0].is_dir():
        return False
    return output is None or output.suffix.lower() not in SUFFIXES


def _import_one(file: Path, output: Path | None) -> None:
    imported = read_input(file)
    data = one_or_many(imported.evaluations, Evaluation.json_dict)
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        count = len(imported.evaluations)
        out.print(Text(f"已导入 {count} 张表 → {output}"))
    if imported.findings:
        err.print(show.findings_table(imported.findings))


# --- the batch, with a progress bar -------------------------------------------------------


class RateColumn(ProgressColumn):
    """Files read per second in this run and the time left at that pace.

    Rich's own speed would count the files skipped as already done, which pass in an instant
    and would promise a far too early end.
    """

    def render(self, task: Task) -> Text:
        processed: int = task.fields.get("processed", 0)
        started: float | None = task.fields.get("started")
        if not processed or started is None or task.total is None:
            return Text("— 文件/秒", style="progress.data.speed")
        rate = processed / max(time.monotonic() - started, 1e-6)
        left = max(0.0, (task.total - task.completed) / rate)
        minutes, seconds = divmod(int(left + 0.5), 60)
        hours, minutes = divmod(minutes, 60)
        return Text(
            f"{rate:,.1f} 文件/秒 · 剩余 {hours}:{minutes:02d}:{seconds:02d}",
            style="progress.data.speed",
        )


class _Bar:
    """The progress bar fed by run_batch's callback: started at the first event (errors that
    stop the batch come before it), redrawn at most ten times a second."""

    EVERY = 0.1

    def __init__(self) -> None:
        self.progress = Progress(
            TextColumn("[bold]导入[/]"),
            BarColumn(),
            MofNCompleteColumn(),
            RateColumn(),
            TimeElapsedColumn(),
            console=err,
        )
        self.task = self.progress.add_task("import", total=None, processed=0, started=None)
        self.started: float | None = None
        self.shown = 0.0

    def __call__(self, event: BatchProgress) -> None:
        now = time.monotonic()
        if not self.progress.live.is_started:
            self.progress.start()
        if self.started is None and event.processed:
            self.started = now
        if now - self.shown < self.EVERY and event.done < event.total:
            return
        self.shown = now
        self.progress.update(
            self.task,
            total=event.total,
            completed=event.done,
            processed=event.processed,
            started=self.started,
        )

    def stop(self) -> None:
        if self.progress.live.is_started:
            self.progress.stop()


def _run_with_progress(
    inputs: list[Path],
    output: Path,
    *,
    check: bool,
    jobs: int | None,
    dask: str | None,
    resume: bool,
    profile: Profile | None,
    time_limit: float,
    memory_limit: int,
    plugins: list[str],
) -> BatchSummary:
    bar = _Bar()
    try:
        return run_batch(
            inputs,
            out=output,
            check=check,
            jobs=jobs or default_jobs(),
            profile=profile,
            resume=resume,
            progress=bar,
            dask_address=dask,
            time_limit=time_limit,
            memory_limit_mb=memory_limit,
            modules=plugins,
        )
    finally:
        bar.stop()


# --- the summary ---------------------------------------------------------------------------


def print_summary(summary: BatchSummary) -> None:
    if summary.processed:
        out.print(_formats_table(summary))
    if summary.processed > 1:
        out.print(_slowest_table(summary))
    if summary.failed:
        out.print(_failed_table(summary))
    out.print(_closing_line(summary))


def _formats_table(summary: BatchSummary) -> Table:
    table = Table(title="批量导入 / batch import", expand=False)
    for column in (
        "格式 format",
        "正常 ok",
        "有问题 findings",
        "无法读取 unreadable",
        "合计 total",
    ):
        table.add_column(column, justify="right" if column[0] != "格" else "left")
    for counts in summary.by_format:
        total = counts.ok + counts.findings + counts.unreadable
        table.add_row(
            Text(counts.format or "—"),
            str(counts.ok),
            str(counts.findings),
            Text(str(counts.unreadable), style="red" if counts.unreadable else ""),
            str(total),
        )
    table.add_section()
    table.add_row(
        Text("合计", style="bold"),
        str(summary.ok),
        str(summary.findings),
        str(summary.unreadable),
        str(summary.processed),
    )
    return table


def _slowest_table(summary: BatchSummary) -> Table:
    table = Table(title="最慢的文件 / slowest files", expand=False)
    table.add_column("秒 s", justify="right")
    table.add_column("格式")
    table.add_column("文件", overflow="fold")
    for slow in summary.slowest[:SHOWN_SLOWEST]:
        table.add_row(f"{slow.seconds:.2f}", Text(slow.format or "—"), Text(slow.path))
    return table


def _failed_table(summary: BatchSummary) -> Table:
    shown = summary.failed[:SHOWN_FAILED]
    more = summary.unreadable - len(shown)
    title = f"无法读取的文件 / unreadable files ({summary.unreadable})"
    table = Table(title=title, caption=f"另有 {more} 个未列出" if more > 0 else None)
    table.add_column("代码", no_wrap=True)
    table.add_column("文件", overflow="fold")
    table.add_column("原因", overflow="fold")
    for failed in shown:
        table.add_row(Text(failed.code, style="red"), Text(failed.path), Text(failed.message))
    return table


def _closing_line(summary: BatchSummary) -> Text:
    rate = f"{summary.files_per_second:,.1f}"
    text = Text.assemble(
        ("完成 ", "bold green"),
        f"{summary.processed} 个文件 {summary.seconds:.1f} 秒（{rate} 文件/秒，"
        f"{summary.workers} 个工作进程）",
    )
    if summary.skipped:
        text.append(f"，跳过已完成 {summary.skipped} 个")
    if summary.unreadable:
        text.append(f"，{summary.unreadable} 个无法读取", style="red")
    text.append(" → " + "、".join(summary.outputs))
    return text

"""jixiao import FILE -o out.json: a published table as our JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from jixiao.cli import show
from jixiao.cli.common import FileArgument, err, one_or_many, out, read_input
from jixiao.model import Evaluation


def import_command(
    file: FileArgument,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="输出 JSON 文件（默认打印）/ JSON file to write"),
    ] = None,
) -> None:
    """导入自评表为 JSON / import an evaluation as JSON."""
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

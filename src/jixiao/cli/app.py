"""The jixiao command line: a thin adapter over the library (docs/cli.md)."""

from __future__ import annotations

from typing import Annotated

import typer

from jixiao import __version__
from jixiao.cli.check_cmd import check_command
from jixiao.cli.common import State
from jixiao.cli.demo_cmd import demo_command
from jixiao.cli.findings_cmd import findings_command
from jixiao.cli.import_cmd import import_command
from jixiao.cli.render_cmd import render_command
from jixiao.cli.schema_cmd import schema_command
from jixiao.cli.score_cmd import score_command

app = typer.Typer(
    name="jixiao",
    help="jixiao 绩效：预算绩效自评表的导入、评分复核与审核 / budget-performance self-evaluation.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("check")(check_command)
app.command("score")(score_command)
app.command("import")(import_command)
app.command("render")(render_command)
app.command("schema")(schema_command)
app.command("findings")(findings_command)
app.command("demo")(demo_command)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"jixiao {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    debug: Annotated[
        bool, typer.Option("--debug", help="出错时显示完整堆栈 / show tracebacks")
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="版本 / version")
    ] = False,
) -> None:
    State.debug = debug


def main() -> None:
    app()

"""What every command shares: reading input, the profile option, errors as one line."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from jixiao.errors import JixiaoError, input_error
from jixiao.importers import ImportResult, import_path
from jixiao.rules import Profile, load_profile

# Exit codes are a contract (docs/cli.md).
EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


class State:
    """Global options, set by the app callback."""

    debug: bool = False


ProfileOption = Annotated[
    str,
    typer.Option(
        "--profile", "-p", help="评分规则（规则名或 .toml 文件）/ rule profile id or file"
    ),
]
RulesDirOption = Annotated[
    list[Path] | None,
    typer.Option("--rules-dir", help="额外的规则目录 / extra folder of rule profiles"),
]
JsonOption = Annotated[
    bool,
    typer.Option("--json", help="输出 JSON（与库函数结果一致）/ print the library result as JSON"),
]
FileArgument = Annotated[
    Path, typer.Argument(help="自评表文件（文本或 JSON）/ the evaluation file", show_default=False)
]


def fail(error: JixiaoError) -> NoReturn:
    """One clear line and exit 2; the traceback only with --debug."""
    if State.debug:
        raise error
    err.print(f"[bold red]错误[/] {escape(error.one_line())}", soft_wrap=True)
    if error.message_en and error.message_en != error.message:
        err.print(f"      {escape(error.message_en)}", style="dim", soft_wrap=True)
    raise typer.Exit(EXIT_UNREADABLE)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn any JixiaoError, and any unexpected failure while reading, into exit 2."""
    try:
        yield
    except JixiaoError as error:
        fail(error)
    except (OSError, UnicodeError) as error:
        fail(input_error("input-unreadable", str(error), str(error)))


def read_input(path: Path) -> ImportResult:
    with user_errors():
        if not path.exists():
            raise input_error("input-not-found", str(path), str(path))
        return import_path(path)


def get_profile(name: str, rules_dirs: list[Path] | None) -> Profile:
    with user_errors():
        return load_profile(name, rules_dirs or ())
    raise AssertionError("unreachable")  # pragma: no cover


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def one_or_many(items: list[Any], to_dict: Callable[[Any], Any]) -> Any:
    """A single table stays a single object; a file with several tables gives an array."""
    dicts = [to_dict(item) for item in items]
    return dicts[0] if len(dicts) == 1 else dicts

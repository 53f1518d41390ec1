"""jixiao demo: check the built-in demo evaluation, to see what jixiao does."""

from __future__ import annotations

from jixiao.cli.check_cmd import print_report
from jixiao.cli.common import JsonOption, out, print_json, user_errors
from jixiao.demo import load_demo
from jixiao.report import check


def demo_command(as_json: JsonOption = False) -> None:
    """演示：审核内置示例自评表 / check the built-in demo evaluation."""
    with user_errors():
        imported = load_demo()
    reports = [check(evaluation) for evaluation in imported.evaluations]
    if as_json:
        print_json([report.json_dict() for report in reports])
        return
    out.rule("jixiao 演示 · 内置示例：区住房和城乡建设局 2023 年部门整体支出绩效自评")
    for report in reports:
        print_report(report)
    out.print("试试 / try: [bold]jixiao check FILE[/]  ·  [bold]jixiao score FILE --json[/]")

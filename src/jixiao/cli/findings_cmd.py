"""jixiao findings: the finding catalogue."""

from __future__ import annotations

from dataclasses import asdict

from rich.table import Table
from rich.text import Text

from jixiao.cli.common import JsonOption, out, print_json
from jixiao.findings import CATALOGUE, SEVERITY_ORDER


def findings_command(as_json: JsonOption = False) -> None:
    """列出全部审核规则 / list every finding code."""
    import jixiao.checks
    import jixiao.importers  # noqa: F401

    types = sorted(CATALOGUE.values(), key=lambda t: (SEVERITY_ORDER[t.severity], t.code))
    if as_json:
        print_json([asdict(finding_type) for finding_type in types])
        return
    table = Table(title=f"审核规则 / finding catalogue ({len(types)})")
    for column in ("代码", "级别", "名称", "说明"):
        table.add_column(column, overflow="fold")
    for finding_type in types:
        table.add_row(
            Text(finding_type.code),
            finding_type.severity.value,
            Text(finding_type.title),
            Text(finding_type.description),
        )
    out.print(table)

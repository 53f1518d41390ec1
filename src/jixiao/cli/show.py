"""Rich views of the library results, for people at a terminal."""

from __future__ import annotations

from decimal import Decimal

from rich.table import Table
from rich.text import Text

from jixiao.findings import Finding, Severity, format_decimal
from jixiao.model import Evaluation
from jixiao.report import CheckReport
from jixiao.scoring import ScoreResult, round2

HALF_CENT = Decimal("0.005")
SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
SEVERITY_ZH = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}


def _num(value: Decimal | None) -> str:
    return "—" if value is None else format_decimal(round2(value))


def heading(evaluation: Evaluation) -> Text:
    kind = "部门整体支出" if evaluation.kind == "department" else "项目支出"
    title = evaluation.project or evaluation.unit or "（未填单位）"
    return Text.assemble((f"{title}", "bold"), f"  {evaluation.year or '—'}年度 {kind}绩效自评表")


def score_table(result: ScoreResult) -> Table:
    table = Table(title="评分复核 / recomputed scores", show_lines=False, expand=False)
    for column in ("行", "指标", "规则", "分值", "自评", "复核", "说明"):
        table.add_column(column, overflow="fold")
    for line in result.lines:
        difference = line.difference
        differs = difference is not None and abs(difference) >= HALF_CENT
        table.add_row(
            Text(line.path),
            Text(line.name),
            Text(line.rule),
            _num(line.weight),
            _num(line.self_score),
            Text(_num(line.recomputed), style="bold red" if differs else ""),
            Text(line.explanation),
        )
    return table


def totals(result: ScoreResult) -> Text:
    return Text.assemble(
        "自评总分 ",
        (_num(result.self_reported), "bold"),
        f"（{result.grade_self_reported or '未填等级'}）  复核总分 ",
        (_num(result.recomputed), "bold"),
        f"（{result.grade_recomputed or '—'}）  差额 {_num(result.difference)}",
    )


def findings_table(findings: list[Finding]) -> Table:
    table = Table(title=f"审核发现 / findings ({len(findings)})", expand=False)
    table.add_column("级别", no_wrap=True)
    table.add_column("代码", no_wrap=True)  # a code is looked up whole, never folded
    table.add_column("位置", overflow="fold")
    table.add_column("说明", overflow="fold")
    for finding in findings:
        table.add_row(
            Text(SEVERITY_ZH[finding.severity], style=SEVERITY_STYLE[finding.severity]),
            Text(finding.code),
            Text(finding.path),
            Text(finding.message),
        )
    return table


def summary(report: CheckReport) -> Text:
    stats = report.stats
    style = "bold red" if stats.errors else ("yellow" if stats.warnings else "green")
    return Text(
        f"错误 {stats.errors} · 警告 {stats.warnings} · 提示 {stats.infos}",
        style=style,
    )

"""jixiao check FILE: score, check and report; exit 1 when any error-severity finding.

``--report out.docx|.xlsx|.html`` also writes the findings report a reviewer sends back to the
unit (a file with several tables gives ``out-1.docx``, ``out-2.docx`` …, one per table).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from jixiao.cli import show
from jixiao.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    FileArgument,
    JsonOption,
    ProfileOption,
    RulesDirOption,
    fail,
    get_profile,
    one_or_many,
    out,
    print_json,
    read_input,
    user_errors,
)
from jixiao.render.errors import render_error
from jixiao.report import CheckReport, check
from jixiao.rules import DEFAULT_PROFILE

REPORT_SUFFIXES = (".docx", ".xlsx", ".html")
ReportOption = Annotated[
    Path | None,
    typer.Option(
        "--report",
        help="另存问题清单（.docx、.xlsx 或 .html）/ also write the findings report",
    ),
]


def check_command(
    file: FileArgument,
    as_json: JsonOption = False,
    profile: ProfileOption = DEFAULT_PROFILE,
    rules_dir: RulesDirOption = None,
    report_file: ReportOption = None,
) -> None:
    """审核自评表：复核评分并列出问题 / score and check an evaluation."""
    if report_file is not None and report_file.suffix.lower() not in REPORT_SUFFIXES:
        fail(render_error("render-report-format", str(report_file), str(report_file)))
    rules = get_profile(profile, rules_dir)
    imported = read_input(file)
    reports = [check(evaluation, rules) for evaluation in imported.evaluations]
    if report_file is not None:
        write_findings_reports(reports, report_file)
    if as_json:
        print_json(one_or_many(reports, CheckReport.json_dict))
    else:
        for report in reports:
            print_report(report)
        if imported.findings:
            out.print(show.findings_table(imported.findings))
    failed = any(not report.valid for report in reports)
    raise typer.Exit(EXIT_FINDINGS if failed else EXIT_OK)


def print_report(report: CheckReport) -> None:
    out.print(show.heading(report.evaluation))
    out.print(show.score_table(report.score))
    out.print(show.totals(report.score))
    out.print(show.findings_table(report.findings))
    out.print(show.summary(report))


def write_findings_reports(reports: list[CheckReport], path: Path) -> list[Path]:
    """One findings report per table, in the format of ``path``'s extension."""
    from jixiao.render.findings_report import findings_docx, findings_html, findings_xlsx

    suffix = path.suffix.lower()
    paths = [path] if len(reports) == 1 else _numbered(path, len(reports))
    with user_errors():
        for report, target in zip(reports, paths, strict=True):
            if suffix == ".html":
                target.write_text(findings_html(report), encoding="utf-8")
            else:
                maker = findings_docx if suffix == ".docx" else findings_xlsx
                target.write_bytes(maker(report))
    return paths


def _numbered(path: Path, count: int) -> list[Path]:
    return [path.with_name(f"{path.stem}-{n}{path.suffix}") for n in range(1, count + 1)]

"""jixiao check FILE: score, check and report; exit 1 when any error-severity finding."""

from __future__ import annotations

import typer

from jixiao.cli import show
from jixiao.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    FileArgument,
    JsonOption,
    ProfileOption,
    RulesDirOption,
    get_profile,
    one_or_many,
    out,
    print_json,
    read_input,
)
from jixiao.report import CheckReport, check
from jixiao.rules import DEFAULT_PROFILE


def check_command(
    file: FileArgument,
    as_json: JsonOption = False,
    profile: ProfileOption = DEFAULT_PROFILE,
    rules_dir: RulesDirOption = None,
) -> None:
    """审核自评表：复核评分并列出问题 / score and check an evaluation."""
    rules = get_profile(profile, rules_dir)
    imported = read_input(file)
    reports = [check(evaluation, rules) for evaluation in imported.evaluations]
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

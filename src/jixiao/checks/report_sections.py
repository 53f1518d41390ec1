"""report-section-missing: a department report lacks one of the six required parts."""

from __future__ import annotations

from collections.abc import Iterator

from jixiao.checks.base import CheckContext, check
from jixiao.checks.narrative import fold_title
from jixiao.findings import Finding, Severity, declare

REPORT_SECTION_MISSING = declare(
    "report-section-missing",
    Severity.WARNING,
    title="自评报告缺少规定的部分",
    title_en="Report part missing",
    description=(
        "部门整体支出绩效自评报告应包括六个部分：基本情况、支出情况、绩效情况、存在的问题及"
        "原因分析、下一步改进措施、自评结果拟应用和公开情况。缺少某一部分，报告就不完整，"
        "财政部门复核时会退回补充。"
    ),
    template="自评报告中没有找到第{number}部分“{section}”，请补上这一部分。",
    template_en="the report has no part {number} ({section})",
    module=__name__,
)


@check(REPORT_SECTION_MISSING)
def check_report_section_missing(ctx: CheckContext) -> Iterator[Finding]:
    evaluation = ctx.evaluation
    report = evaluation.report
    # Project tables have their own outline; a table imported without its report (or a
    # report whose parts could not be told apart) gives nothing to judge.
    if evaluation.kind != "department" or report is None or not report.sections:
        return
    titles = [fold_title(f"{section.heading or ''} {section.title}") for section in report.sections]
    # Folded titles hold no line break, so a word is in one of them when it is in them joined.
    joined = "\n".join(titles)
    for rule in ctx.profile.report.sections:
        if not any(
            word in joined if "\n" not in word else any(word in title for title in titles)
            for word in rule.words
        ):
            yield REPORT_SECTION_MISSING.make(
                "report.sections", number=rule.number, section=rule.name
            )

"""Understanding self-evaluation documents, whatever format they came from.

A document arrives as blocks of prose and tables (:mod:`cells`). Here they are grouped into
evaluations — a title, the tables of one evaluation (split across pages or not), the sign-off
and the report after them — and each group's tables are read by :class:`TableReader`
(:mod:`table_reader`), with the vocabulary of :mod:`layout_words`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from jixiao.findings import Finding
from jixiao.importers.base import (
    TABLE_SKIPPED,
    ImportResult,
    import_error,
)
from jixiao.importers.cells import Block, Cell, Prose, Table
from jixiao.importers.layout_words import (
    ATTACHMENT,
    COLON,
    IDENTITY_KEYS,
    INDICATOR_HEADERS,
    NAME_HEADERS,
    PAREN_NOTE,
    SIGNOFF_FIELDS,
    SIGNOFF_LABELS,
    TITLE_MAX,
    grade_in,
    is_report_title,
    is_table_title,
    kind_of_title,
    may_sign_off,
    year_in,
)
from jixiao.importers.report_sections import parse_report
from jixiao.importers.table_reader import TableReader
from jixiao.model import (
    Evaluation,
    Kind,
    Signoff,
)


def _parse_signoff(lines: Iterable[str]) -> Signoff:
    found: dict[str, str] = {}  # the first value printed for each field
    for line in lines:
        if not may_sign_off(line):
            continue  # most lines
        matches = list(SIGNOFF_LABELS.finditer(line))
        for match, following in zip(matches, [*matches[1:], None], strict=False):
            end = following.start() if following else len(line)
            value = line[match.end() : end].strip().strip("_＿").strip()
            attribute = SIGNOFF_FIELDS[match.group("label")]
            if value and attribute not in found:
                found[attribute] = value
    return Signoff(**found)


@dataclass(slots=True)
class _Group:
    """One evaluation's material: prose before, its tables, prose after."""

    preamble: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    trailer: list[str] = field(default_factory=list)


def _title_at(lines: list[str]) -> int | None:
    """Where the next table's preamble starts in prose between two tables (its title line)."""
    for i, line in enumerate(lines):
        if is_table_title(line.strip()):
            # "附件3" belongs to the title below it, even with blank lines in between.
            before = i - 1
            while before >= 0 and not lines[before].strip():
                before -= 1
            if before >= 0 and ATTACHMENT.match(lines[before].strip()):
                return before
            return i
    return None


def _table_keys(table: Table, rows: int) -> set[str]:
    return {cell.key for row in table.rows[:rows] for cell in row if cell.key}


def _starts_new(table: Table, current: _Group) -> bool:
    """A table without a title before it continues the last evaluation, unless it has its
    own identity (预算部门名称 / 项目名称), or an indicator header after the last one's 总分.
    (Word repeats the header row on the next page, and people do so by hand when they split
    a table: before the 总分 row, an indicator header continues the block.)"""
    if not any(_is_indicator_header_keys(row) for t in current.tables for row in t.rows):
        return False
    if _table_keys(table, 4) & IDENTITY_KEYS:
        return True
    return _is_complete(current) and any(_is_indicator_header_keys(row) for row in table.rows)


def _is_complete(group: _Group) -> bool:
    """Whether the group's tables already hold an indicator block and its 总分 row."""
    rows = [row for table in group.tables for row in table.rows]
    has_total = any(_first_key(row) == "总分" for row in rows)
    return has_total and any(_is_indicator_header_keys(row) for row in rows)


def _first_key(row: list[Cell]) -> str:
    """The key of a row's first filled cell ("" for a blank row)."""
    for cell in row:
        if cell.text:
            return cell.key
    return ""


def _is_indicator_header_keys(row: list[Cell]) -> bool:
    if all(cell.key not in NAME_HEADERS for cell in row):
        return False
    fields = {INDICATOR_HEADERS.get(cell.key) for cell in row} - {None}
    return "name" in fields and len(fields) >= 3


def _split_after_totals(table: Table) -> list[Table]:
    """Two Word tables with only an empty paragraph between them print as one table: cut it
    before an identity row (项目名称, 预算部门名称) that follows a 总分 row."""
    parts: list[list[list[Cell]]] = [[]]
    after_total = False
    for row in table.rows:
        if after_total and any(cell.key in IDENTITY_KEYS for cell in row):
            parts.append([])
            after_total = False
        parts[-1].append(row)
        after_total = after_total or _first_key(row) == "总分"
    if len(parts) == 1:
        return [table]
    last = len(parts) - 1
    return [
        Table(table.index, rows, [], complete=table.complete or i < last)
        for i, rows in enumerate(parts)
    ]


def _group(blocks: list[Block]) -> list[_Group]:
    """Cut the document into evaluations: each starts at a table with a title before it, or
    at a table that has its own identity after one that had indicators. Other tables continue
    the evaluation (Word splits long tables), or once it is complete, are text of its report."""
    groups: list[_Group] = []
    pending: list[str] = []  # prose not yet assigned
    pieces = (_split_after_totals(b) if isinstance(b, Table) else [b] for b in blocks)
    for block in (piece for group in pieces for piece in group):
        if isinstance(block, Prose):
            pending.extend(block.lines)
            continue
        if not groups:
            groups.append(_Group(preamble=pending, tables=[block]))
        else:
            cut = _title_at(pending)
            if cut is not None or _starts_new(block, groups[-1]):
                cut = len(pending) if cut is None else cut
                groups[-1].trailer.extend(pending[:cut])
                groups.append(_Group(preamble=pending[cut:], tables=[block]))
            elif _is_complete(groups[-1]):
                pending.extend(block.as_prose())  # a table inside the report: its text
                continue
            else:
                groups[-1].trailer.extend(pending)
                groups[-1].tables.append(block)
        pending = []
    if groups:
        groups[-1].trailer.extend(pending)
    return groups


def _read_preamble(lines: list[str]) -> tuple[Kind | None, int | None, str | None]:
    """(kind from the title, year, 填报单位 when it names a unit) from the lines before a table."""
    kind: Kind | None = None
    year: int | None = None
    unit: str | None = None
    for raw in lines:
        line = raw.strip()
        if is_table_title(line):
            kind = kind or kind_of_title(line)
        if year is None:
            year = year_in(line) if len(line) <= TITLE_MAX * 2 else None
        if line.startswith("填报单位"):
            # "填报单位：（盖章）   （2023年度）" names no unit; "填报单位：某局（盖章）" does.
            name = PAREN_NOTE.sub("", COLON.split(line, maxsplit=1)[-1]).strip()
            unit = name or None
    return kind, year, unit


def _report_start(lines: list[str]) -> int | None:
    """Where the 自评报告 starts: its title line (with a ``附件2`` line just above it), or
    failing a title, the first ``附件`` line."""
    attachment = None
    for i, raw in enumerate(lines):
        line = raw.strip()
        if is_report_title(line):
            return i - 1 if i > 0 and ATTACHMENT.match(lines[i - 1].strip()) else i
        if attachment is None and ATTACHMENT.match(line):
            attachment = i
    return attachment


def _evaluation_of(group: _Group, name: str, index: int) -> tuple[Evaluation, list[Finding], bool]:
    kind, year, unit = _read_preamble(group.preamble)
    reader = TableReader(name=name, evaluation=index, kind=kind)
    for table in group.tables:
        if reader.state == "done" and reader.has_indicators:
            break  # tables after the 总分 row belong to the report
        reader.feed(table)
    evaluation = reader.finish()
    if evaluation.year is None:
        evaluation.year = year
    if evaluation.unit is None and unit:
        evaluation.unit = unit
    start = _report_start(group.trailer)
    # Most print the sign-off under the table; some print it above, or as the last row.
    signoff_lines = group.preamble + reader.signoff_text + group.trailer[:start]
    evaluation.signoff = _parse_signoff(signoff_lines)
    if start is not None:
        evaluation.report = parse_report("\n".join(group.trailer[start:]))
        if evaluation.grade is None:
            evaluation.grade = grade_in("\n".join(group.trailer[start:]))
    return evaluation, reader.findings, reader.has_indicators


def evaluations_from_blocks(blocks: list[Block], name: str = "") -> ImportResult:
    """Every evaluation in a document of prose and tables; raise when none has indicators."""
    tables = [block for block in blocks if isinstance(block, Table)]
    if not tables:
        raise import_error("import-no-indicators")
    result = ImportResult()
    for group in _group(blocks):
        index = len(result.evaluations)
        evaluation, findings, has_indicators = _evaluation_of(group, name, index)
        if not has_indicators:
            # A file-level finding: the table belongs to no evaluation.
            result.findings.append(
                TABLE_SKIPPED.make("", table=group.tables[0].index + 1, evaluation=None)
            )
            continue
        result.evaluations.append(evaluation)
        result.findings.extend(findings)
    if not result.evaluations:
        raise import_error("import-no-indicators")
    return result

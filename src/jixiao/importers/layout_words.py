"""The words and figures self-evaluation tables are read by, whatever format they came from.

Column headers with their synonyms, row labels, the funds block's labels, sign-off and grade
words, titles, and the reading of a printed amount: the vocabulary :mod:`table_reader` and
:mod:`layout` share.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Literal

from jixiao.model import (
    FundLine,
    Kind,
)

IndicatorField = Literal[
    "level1", "level2", "name", "target", "actual", "weight", "score", "deviation", "sign", "unit"
]

INDICATOR_HEADERS: dict[str, IndicatorField] = {
    "一级指标": "level1",
    "二级指标": "level2",
    "三级指标": "name",
    "指标名称": "name",
    "三级指标名称": "name",
    "年度指标值": "target",
    "年初指标值": "target",
    "指标值": "target",
    "目标值": "target",
    "预期指标值": "target",
    "年度目标值": "target",
    "全年指标值": "target",
    "实际完成值": "actual",
    "全年实际值": "actual",
    "完成值": "actual",
    "全年完成值": "actual",
    "实际值": "actual",
    "全年实际完成值": "actual",
    "分值": "weight",
    "权重": "weight",
    "指标权重": "weight",
    "指标分值": "weight",
    "得分": "score",
    "指标得分": "score",
    "自评得分": "score",
    "偏差原因分析及改进措施": "deviation",
    "未完成原因分析": "deviation",
    "偏差原因": "deviation",
    "偏差原因分析": "deviation",
    "未完成原因分析及改进措施": "deviation",
    "偏差原因及改进措施": "deviation",
    "指标性质": "sign",
    "度量单位": "unit",
    "计量单位": "unit",
}
NAME_HEADERS = frozenset(key for key, name in INDICATOR_HEADERS.items() if name == "name")
# The funds block's header may have a deviation column too, under the same headers.
DEVIATION_HEADERS = frozenset(k for k, name in INDICATOR_HEADERS.items() if name == "deviation")
# Vertical labels of a whole block: a column under them holds nothing.
BLOCK_LABELS = frozenset({"绩效指标", "年度绩效指标", "年度总体目标", "总体目标", "年度绩效目标"})
GOAL_TITLES = frozenset({"年度总体目标", "总体目标", "年度绩效目标"})
GOAL_EXPECTED = frozenset({"预期目标", "年度目标", "预期目标值", "绩效目标"})
GOAL_ACTUAL = frozenset({"实际完成情况", "实际完成", "完成情况", "目标完成情况", "实际完成目标"})
TOTAL_WORDS = frozenset({"总分", "合计", "总计", "合计得分", "总得分"})
# A subtotal row inside the indicator block ("产出指标 | 小计 | | 50 | 48"); "合计" there only
# when it is not the row's first cell (then it is the total row).
SUBTOTAL_WORDS = ("小计", "合计")
# Columns that hold nothing on a subtotal row (its numbers are in 分值 and 得分 only).
NOT_ON_SUBTOTALS: tuple[IndicatorField, ...] = ("target", "actual", "deviation", "sign", "unit")
# Where a second-level label's printed weight goes ("数量指标（20分）"): the model has no field.
LEVEL2_WEIGHT_KEY = "二级指标分值"

FundsField = Literal[
    "requested",
    "initial_budget",
    "full_year_budget",
    "executed",
    "execution_rate",
    "weight",
    "score",
]
# Substring → field, tried in order ("执行率" before "执行数").
FUNDS_HEADERS: tuple[tuple[str, FundsField], ...] = (
    ("预算申请", "requested"),
    ("年初预算", "initial_budget"),
    ("执行率", "execution_rate"),
    ("执行数", "executed"),
    ("实际支出", "executed"),
    ("执行金额", "executed"),
    ("全年预算", "full_year_budget"),
    ("调整后预算", "full_year_budget"),
    ("分值", "weight"),
    ("权重", "weight"),
    ("得分", "score"),
)
BUDGET_FIELDS = frozenset({"initial_budget", "full_year_budget", "executed"})
FUND_LINE_FIELDS = tuple(FundLine.model_fields)
# Row labels of a columnar funds block; the first two are the total row.
FUNDS_TOTAL_ROWS = frozenset({"年度资金总额", "资金总额", "年度资金合计", "合计"})
# Project rows: label word → BySource field filled from the row's full-year budget.
PROJECT_ROWS: tuple[tuple[str, str], ...] = (
    ("当年财政拨款", "current_year_appropriation"),
    ("财政拨款", "current_year_appropriation"),
    ("上年结转", "carried_over"),
    ("其他资金", "other"),
)
# "label：amount" cells: label word → dotted path under funds, tried in order.
PAIR_LABELS: tuple[tuple[str, str], ...] = (
    ("按收入性质", "by_source.total"),
    ("按支出性质", "by_nature.total"),
    ("一般公共预算", "by_source.general_public_budget"),
    ("政府性基金", "by_source.government_fund"),
    ("非税收入", "by_source.special_account_non_tax"),
    ("纳入专户", "by_source.special_account_non_tax"),
    ("当年财政拨款", "by_source.current_year_appropriation"),
    ("上年结转", "by_source.carried_over"),
    ("其他资金", "by_source.other"),
    ("基本支出", "by_nature.basic"),
    ("项目支出", "by_nature.project"),
)
PAIR_LABEL_MAX = 20

HeaderField = Literal["unit", "project", "department", "implementing_unit", "year", "grade"]
HEADER_FIELDS: dict[str, HeaderField] = {
    "预算部门名称": "unit",
    "部门名称": "unit",
    "预算单位名称": "unit",
    "单位名称": "unit",
    "项目名称": "project",
    "主管部门": "department",
    "主管部门及代码": "department",
    "实施单位": "implementing_unit",
    "项目实施单位": "implementing_unit",
    "年度": "year",
    "评价年度": "year",
    "自评等级": "grade",
    "评价等级": "grade",
    "绩效等级": "grade",
    "自评结果": "grade",
}
IDENTITY_KEYS = frozenset(k for k, v in HEADER_FIELDS.items() if v in ("unit", "project"))

_NUMBER_WITH_UNIT = re.compile(r"(?P<num>[+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:万元|分|%)?")
# Besides runs of dashes and slashes, the words people type into a cell to say "nothing".
_BLANK_WORDS = frozenset({"无", "空"})
# A level label with its printed weight: "产出指标（50分）", "数量指标(20)".
LEVEL_WEIGHT = re.compile(r"^(?P<name>.+?)[(（](?P<weight>\d+(?:\.\d+)?)分?[)）]$")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_BARE_YEAR = re.compile(r"(?:19|20)\d{2}")
_GRADE = re.compile(
    r"(?:等级|级别|等次)\s*(?:为|是|评定为|确定为|[:：])\s*[“\"「『]?\s*"
    r"(?P<grade>优秀|良好|中等|较差|优|良|中|差)"
)
_GRADE_NAMES = {"优秀": "优", "良好": "良", "中等": "中", "较差": "差"}
_GRADE_CELL = re.compile(
    r"(?:(?:自评|评价|绩效)?(?:等级|级别)[:：]?)?(?P<grade>优秀|良好|中等|较差|优|良|中|差)"
)
SIGNOFF_LABELS = re.compile(
    r"(?P<label>填报人|填表人|联系电话|联系方式|填报日期|填表日期|单位负责人签字|单位负责人|负责人签字)"
    r"\s*(?:[（(][^）)]{0,6}[）)])?\s*[:：]"
)
SIGNOFF_FIELDS = {
    "填报人": "filler",
    "填表人": "filler",
    "联系电话": "phone",
    "联系方式": "phone",
    "填报日期": "date",
    "填表日期": "date",
    "单位负责人签字": "head",
    "单位负责人": "head",
    "负责人签字": "head",
}
ATTACHMENT = re.compile(r"^附件\s*\d*\s*[:：]?$")
TITLE_MAX = 60
COLON = re.compile(r"[:：]")
PAREN_NOTE = re.compile(r"[（(][^）)]*[）)]")


def may_sign_off(text: str) -> bool:
    """Every sign-off label holds one of these: a cheap test before the regex (spelled out,
    not any() over a tuple: this runs for every row)."""
    return "填" in text or "联系" in text or "负责人" in text


def is_table_title(line: str) -> bool:
    return len(line) <= TITLE_MAX and "自评表" in line and "。" not in line


def is_report_title(line: str) -> bool:
    return (
        len(line) <= TITLE_MAX
        and ("自评报告" in line or "评价报告" in line or "绩效报告" in line)
        and not line.endswith(("。", "；"))
    )


def kind_of_title(line: str) -> Kind | None:
    if "项目" in line:
        return "project"
    if "部门" in line or "整体" in line or "单位" in line:
        return "department"
    return None


def grade_in(text: str) -> str | None:
    """The last grade the text states ("自评级别为优", "评价等级为“良”")."""
    found = None
    for match in _GRADE.finditer(text):
        found = match.group("grade")
    return _GRADE_NAMES.get(found, found) if found else None


def grade_of_cell(text: str) -> str | None:
    """A cell that is only a grade ("优", "良好", "自评等级：优")."""
    match = _GRADE_CELL.fullmatch(text)
    return _GRADE_NAMES.get(match["grade"], match["grade"]) if match else None


def year_in(text: str) -> int | None:
    """ "（2023年度）", "2023年" or a bare "2023"."""
    match = _YEAR.search(text)
    if match:
        return int(match.group(1))
    bare = text.strip()
    return int(bare) if _BARE_YEAR.fullmatch(bare) else None


class _Unreadable(ValueError):
    pass


class Words:
    """What :func:`amount_of` returns for a cell of words (a probe needs no exception)."""


_WORDS = Words()
# Most amount cells are plain ASCII numbers: nothing to fold.
_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


def parse_amount(text: str) -> Decimal | None:
    """A money or score cell: Decimal exactly as printed; None for blank, "—", "/".

    Accepts a trailing 万元, 分 or % ("10分" → 10, "100%" → 100) and thousands separators.
    Raises ``ValueError`` for words.
    """
    value = amount_of(text)
    if isinstance(value, Words):
        raise _Unreadable(text)
    return value


@lru_cache(maxsize=4096)  # a cell is probed more than once ("is it words?", then its amount)
def amount_of(text: str) -> Decimal | Words | None:
    if _PLAIN_NUMBER.fullmatch(text):
        return Decimal(text)
    folded = "".join(unicodedata.normalize("NFKC", text).split()).replace(",", "")
    if folded in _BLANK_WORDS or not folded.strip("-—/\\"):
        return None
    match = _NUMBER_WITH_UNIT.fullmatch(folded)
    if match is None:
        return _WORDS
    try:
        return Decimal(match.group("num"))
    except InvalidOperation:  # pragma: no cover - the regex admits numbers only
        return _WORDS

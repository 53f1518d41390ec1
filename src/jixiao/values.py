"""Read target and actual values as a person reads them.

"≥90%", "19户", "5025.23万元", "实现县城公共供水普及率达到90%以上", "9月前", "及时" each become a
:class:`ParsedValue`: comparator, number, unit, or a date, or qualitative text. The direction
an indicator is scored in (positive, reverse, equal, qualitative) is inferred separately by
:func:`infer_direction`, because it depends on the indicator as well as on the value.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from functools import lru_cache

from pydantic import BaseModel, ConfigDict


class Comparator(StrEnum):
    GE = ">="
    GT = ">"
    LE = "<="
    LT = "<"
    EQ = "="


class ValueKind(StrEnum):
    QUANTITATIVE = "quantitative"
    DATE = "date"
    QUALITATIVE = "qualitative"
    EMPTY = "empty"


class Direction(StrEnum):
    POSITIVE = "positive"
    REVERSE = "reverse"
    EQUAL = "equal"
    QUALITATIVE = "qualitative"


class ParsedValue(BaseModel):
    """What a value text means. ``number`` is a month for dates ("9月前" -> 9, ``<=``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: ValueKind
    comparator: Comparator | None = None
    number: Decimal | None = None
    upper: Decimal | None = None
    unit: str | None = None
    approximate: bool = False

    @property
    def is_quantitative(self) -> bool:
        return self.kind in (ValueKind.QUANTITATIVE, ValueKind.DATE) and self.number is not None


# Full-width and look-alike signs that NFKC leaves alone.
_SIGN_MAP = str.maketrans(
    {
        "≧": "≥",
        "≦": "≤",
        "﹦": "=",
        "＝": "=",
        "＞": ">",
        "＜": "<",
        "﹥": ">",
        "﹤": "<",
        "⩾": "≥",
        "⩽": "≤",
        "～": "~",
        "—": "-",
        "－": "-",
        "–": "-",
        "“": '"',
        "”": '"',
        "‘": "'",
        "’": "'",
        "「": '"',
        "」": '"',
        "《": '"',
        "》": '"',
    }
)

# Longest first, so "万元" wins over "元" and "个工作日" over "个".
_UNIT_WORDS = """
% ‰ 亿元 万元 千元 元 户 名 人次 人 个工作日 工作日 个月 个 公里 千米
km 平方公里 平方米 万平方米 万平米 平米 ㎡ 米 m 亩 公顷 栋 幢 次 项 件
天 日 月 年 小时 分钟 分 所 家 座 台 套 辆 万吨 吨 起 处 条 册 本 场
期 批 宗 间 张 篇 份 位 例 张床 床 棵 株 立方米 万立方米 千瓦 度 小区 村
校 支 课时 学时 万人次 万人 万户 万册 万份 万元/年 元/人 元/户 倍 kg
公斤 千克 盏 根 块 册次 人/次 门 届 组 班
"""
UNITS: tuple[str, ...] = tuple(sorted(_UNIT_WORDS.split(), key=len, reverse=True))

# Money units, as factors to 万元.
MONEY_FACTORS: dict[str, Decimal] = {
    "亿元": Decimal(10000),
    "万元": Decimal(1),
    "千元": Decimal("0.1"),
    "元": Decimal("0.0001"),
}

# Units that mean the same thing when comparing target and actual.
_UNIT_FAMILY: dict[str, str] = {
    "名": "人",
    "人": "人",
    "公里": "km",
    "千米": "km",
    "km": "km",
    "平方米": "㎡",
    "平米": "㎡",
    "㎡": "㎡",
    "幢": "栋",
    "栋": "栋",
    "日": "天",
    "天": "天",
    "工作日": "工作日",
    "个工作日": "工作日",
    "公斤": "kg",
    "千克": "kg",
    "kg": "kg",
}

_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
_UNIT_RE = "|".join(re.escape(u) for u in UNITS)
_NUMBER_UNIT = re.compile(rf"(?P<num>(?<![\d.])-?{_NUM})\s*(?P<unit>{_UNIT_RE})?")
_QUOTED = re.compile(r'"[^"]*"|\'[^\']*\'')
_SYMBOL = re.compile(r"(≥|>=|=>|≤|<=|=<|>|<|=)\s*$")
_SYMBOL_MAP: dict[str, Comparator] = {
    "≥": Comparator.GE,
    ">=": Comparator.GE,
    "=>": Comparator.GE,
    "≤": Comparator.LE,
    "<=": Comparator.LE,
    "=<": Comparator.LE,
    ">": Comparator.GT,
    "<": Comparator.LT,
    "=": Comparator.EQ,
}
# Words before the number.
_PREFIX_WORDS: tuple[tuple[str, Comparator], ...] = (
    ("不低于", Comparator.GE),
    ("不少于", Comparator.GE),
    ("不小于", Comparator.GE),
    ("大于等于", Comparator.GE),
    ("大于或等于", Comparator.GE),
    ("至少", Comparator.GE),
    ("高于", Comparator.GT),
    ("大于", Comparator.GT),
    ("多于", Comparator.GT),
    ("超过", Comparator.GT),
    ("不高于", Comparator.LE),
    ("不超过", Comparator.LE),
    ("不大于", Comparator.LE),
    ("不多于", Comparator.LE),
    ("小于等于", Comparator.LE),
    ("小于或等于", Comparator.LE),
    ("最多", Comparator.LE),
    ("控制在", Comparator.LE),
    ("低于", Comparator.LT),
    ("小于", Comparator.LT),
    ("少于", Comparator.LT),
    ("等于", Comparator.EQ),
    ("达到", Comparator.GE),
    ("达", Comparator.GE),
)
# Words after the number (and its unit).
_SUFFIX_WORDS: tuple[tuple[str, Comparator], ...] = (
    ("及以上", Comparator.GE),
    ("以上", Comparator.GE),
    ("或以上", Comparator.GE),
    ("以内", Comparator.LE),
    ("之内", Comparator.LE),
    ("内", Comparator.LE),
    ("及以下", Comparator.LE),
    ("以下", Comparator.LT),
    ("之前", Comparator.LE),
    ("前", Comparator.LE),
    ("底前", Comparator.LE),
)
_DATE = re.compile(
    r"(?:(?P<year>\d{4})\s*年)?\s*(?P<month>\d{1,2})\s*月(?:\s*(?P<day>\d{1,2})\s*[日号])?"
    r"\s*(?P<suffix>底前|底|末前|末|前|之前|以前|内|中旬前|上旬前|下旬前)"
)
_APPROX = re.compile(r"约|左右|大约|近|余")


def normalize(text: str) -> str:
    """Fold full-width forms, look-alike signs and spaces the way a reader ignores them."""
    folded = unicodedata.normalize("NFKC", text).translate(_SIGN_MAP)
    return " ".join(folded.split())


def _to_decimal(raw: str) -> Decimal | None:
    try:
        return Decimal(raw.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the regex admits only numbers
        return None


def _prefix_comparator(before: str) -> Comparator | None:
    before = before.rstrip()
    match = _SYMBOL.search(before)
    if match:
        return _SYMBOL_MAP[match.group(1)]
    # The word nearest the number wins; "不超过" beats the "超过" inside it.
    window = before[-14:]
    best: tuple[int, int, Comparator] | None = None
    for word, comparator in _PREFIX_WORDS:
        at = window.rfind(word)
        if at < 0 or any(ch.isdigit() for ch in window[at + len(word) :]):
            continue
        key = (at + len(word), len(word), comparator)
        if best is None or key[:2] > best[:2]:
            best = key
    return best[2] if best else None


def _suffix_comparator(after: str) -> Comparator | None:
    after = after.lstrip()
    for word, comparator in _SUFFIX_WORDS:
        if after.startswith(word):
            return comparator
    return None


def _parse_date(text: str) -> ParsedValue | None:
    match = _DATE.search(text)
    if not match:
        return None
    month = int(match.group("month"))
    if not 1 <= month <= 12:
        return None
    number = Decimal(month)
    day = match.group("day")
    if day is not None:
        number += Decimal(int(day)) / Decimal(100)
    return ParsedValue(kind=ValueKind.DATE, comparator=Comparator.LE, number=number, unit="月")


def _parse_range(text: str) -> ParsedValue | None:
    match = re.fullmatch(
        rf"(?P<a>{_NUM})\s*(?P<ua>{_UNIT_RE})?\s*[-~至到]\s*(?P<b>{_NUM})\s*(?P<ub>{_UNIT_RE})?",
        text,
    )
    if not match:
        return None
    unit = match.group("ub") or match.group("ua")
    return ParsedValue(
        kind=ValueKind.QUANTITATIVE,
        comparator=Comparator.GE,
        number=_to_decimal(match.group("a")),
        upper=_to_decimal(match.group("b")),
        unit=unit,
    )


@lru_cache(maxsize=65536)
def parse_value(text: str | None) -> ParsedValue:
    """Parse one printed target or actual value."""
    if text is None or not normalize(text):
        return ParsedValue(kind=ValueKind.EMPTY)
    clean = normalize(text)
    date = _parse_date(clean)
    if date is not None:
        return date
    ranged = _parse_range(clean)
    if ranged is not None:
        return ranged
    # Numbers inside quotes name a standard ("8个100%"); they are not measurements.
    unquoted = _QUOTED.sub(" ", clean)
    matches = list(_NUMBER_UNIT.finditer(unquoted))
    if len(matches) != 1:
        return ParsedValue(kind=ValueKind.QUALITATIVE)
    match = matches[0]
    before, after = unquoted[: match.start()], unquoted[match.end() :]
    comparator = _prefix_comparator(before) or _suffix_comparator(after)
    return ParsedValue(
        kind=ValueKind.QUANTITATIVE,
        comparator=comparator,
        number=_to_decimal(match.group("num")),
        unit=match.group("unit"),
        approximate=bool(_APPROX.search(before + after[:2])),
    )


def unit_family(unit: str | None) -> str | None:
    """A key under which interchangeable units ("名" and "人") compare equal."""
    if unit is None:
        return None
    if unit in MONEY_FACTORS:
        return "万元"
    return _UNIT_FAMILY.get(unit, unit)


def in_unit(number: Decimal, unit: str | None) -> Decimal:
    """``number`` of ``unit`` in its family's base unit (money in 万元)."""
    factor = MONEY_FACTORS.get(unit) if unit else None
    return number if factor is None else number * factor


def in_common_unit(value: ParsedValue) -> Decimal | None:
    """The value's number in the family's base unit, for comparisons."""
    return None if value.number is None else in_unit(value.number, value.unit)


def comparable(target: ParsedValue, actual: ParsedValue) -> bool:
    """True when the two values can be compared as numbers."""
    if not (target.is_quantitative and actual.is_quantitative):
        return False
    if target.unit is None or actual.unit is None:
        return True
    return unit_family(target.unit) == unit_family(actual.unit)


_MEASURED_KINDS = (ValueKind.QUANTITATIVE, ValueKind.DATE)
# The direction a comparator states outright.
_DIRECTION_OF_COMPARATOR: dict[Comparator | None, Direction] = {
    Comparator.GE: Direction.POSITIVE,
    Comparator.GT: Direction.POSITIVE,
    Comparator.LE: Direction.REVERSE,
    Comparator.LT: Direction.REVERSE,
    Comparator.EQ: Direction.EQUAL,
}


def infer_direction(
    target: ParsedValue,
    *,
    name: str = "",
    level2: str | None = None,
    reverse_keywords: tuple[str, ...] = (),
) -> Direction:
    """Which way is better: from the comparator first, then from what the indicator measures."""
    kind = target.kind
    if target.number is None or kind not in _MEASURED_KINDS:
        return Direction.QUALITATIVE
    if kind is ValueKind.DATE:
        return Direction.REVERSE
    stated = _DIRECTION_OF_COMPARATOR.get(target.comparator)
    if stated is not None:
        return stated
    pattern = words_pattern(reverse_keywords)
    if pattern is not None and pattern.search(f"{level2 or ''} {name}"):
        return Direction.REVERSE
    return Direction.POSITIVE


@lru_cache(maxsize=256)
def words_pattern(words: tuple[str, ...]) -> re.Pattern[str] | None:
    """One compiled alternation for a word list of a profile (None for an empty list)."""
    if not words:
        return None
    return re.compile("|".join(re.escape(word) for word in sorted(words, key=len, reverse=True)))

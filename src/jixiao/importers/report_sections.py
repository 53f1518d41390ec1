"""Split the text of a 自评报告 into its numbered top-level parts.

The parts are numbered ``一、`` … ``六、``, but Word's automatic numbering comes out as digits in
the text form, so one report may mix ``1、`` and ``二、``. Numbered lines also open lists inside
a part (``一、科学合理地编制…`` inside part 5). Telling them apart by the numeral style fails on
such mixed reports, so the rule is by sequence: a numbered line is the next part only when its
number is the current part's number plus one and it does not continue a list already open in
the current part. ``（一）`` and ``一是`` are never parts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jixiao.model import Report, ReportSection
from jixiao.model.trusted import trusted

_CHINESE_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
# "一、" / "12、" / "3." / "3．" at the start of a line; the separator must not start a decimal
# ("1.53公里…" is a sentence) and "（一）" or "一是" never match.
_NUMBERED = re.compile(
    r"^(?P<num>[一二三四五六七八九十]{1,3}|\d{1,2})\s*[、.．](?!\d)\s*(?P<rest>.*)$"
)
# The characters a numbered line can start with, besides the digits ``\d`` matches.
_NUMERALS = frozenset("一二三四五六七八九十")
_ATTACHMENT = re.compile(r"^附件\s*\d*\s*[:：]?$")
_TITLE_WORDS = ("报告", "情况说明")
_TITLE_MAX = 60
_SENTENCE_END = ("。", "；", ";")
_HEADING_MAX = 30


def chinese_number(text: str) -> int | None:
    """一 … 九十九 as an int; None for anything else."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, units = text.partition("十")
        high = _CHINESE_DIGITS.get(tens, -1) if tens else 1
        low = _CHINESE_DIGITS.get(units, -1) if units else 0
        if high < 1 or low < 0:
            return None
        return high * 10 + low
    if len(text) == 1:
        return _CHINESE_DIGITS.get(text)
    return None


@dataclass
class _Part:
    number: int
    heading: str
    title: str
    body: list[str] = field(default_factory=list)
    # The numbered list open inside this part: numeral style, last number, and whether its
    # items read like headings (short, no full stop).
    open_list: tuple[bool, int, bool] | None = None


def _is_title(line: str) -> bool:
    return (
        len(line) <= _TITLE_MAX
        and any(word in line for word in _TITLE_WORDS)
        and not line.endswith(_SENTENCE_END)
    )


def _split_title(lines: list[str]) -> tuple[str | None, list[str]]:
    """Leading ``附件2`` lines are dropped; a short first line naming a report is the title."""
    start = 0
    while start < len(lines) and (not lines[start] or _ATTACHMENT.match(lines[start])):
        start += 1
    if start < len(lines) and _is_title(lines[start]) and not _NUMBERED.match(lines[start]):
        return lines[start], lines[start + 1 :]
    return None, lines[start:]


def _looks_like_heading(line: str) -> bool:
    return len(line) <= _HEADING_MAX and "。" not in line


def _continues_list(current: _Part | None, number: int, digits: bool) -> bool:
    if current is None or current.open_list is None:
        return False
    list_digits, last, _ = current.open_list
    return list_digits == digits and number == last + 1


def _classify(line: str, current: _Part | None) -> tuple[str, int, bool, str]:
    """("part" | "item" | "text", number, digit style, title) for one stripped line."""
    first = line[:1]
    if not (first.isdecimal() or first in _NUMERALS):
        return "text", 0, False, ""  # most lines: no number to match
    match = _NUMBERED.match(line)
    number = chinese_number(match.group("num")) if match else None
    if match is None or number is None:
        return "text", 0, False, ""
    digits = match.group("num").isdigit()
    is_next_part = number == (current.number + 1 if current else 1)
    if _continues_list(current, number, digits):
        # Both readings fit ("二、" after a list "一、" inside part 1): a heading-like line
        # after list items that are sentences is the next part.
        assert current is not None
        assert current.open_list is not None
        if not (is_next_part and _looks_like_heading(line) and not current.open_list[2]):
            return "item", number, digits, ""
    if is_next_part:
        return "part", number, digits, match.group("rest").strip()
    if current is not None and number == 1:
        return "item", number, digits, ""
    return "text", number, digits, ""


def parse_report(text: str) -> Report:
    """The report's title, the text before the first part, and the parts in order."""
    lines = [line.strip() for line in text.split("\n")]
    title, body = _split_title(lines)
    preamble: list[str] = []
    parts: list[_Part] = []
    current: _Part | None = None
    for line in body:
        if not line:
            continue
        kind, number, digits, heading_title = _classify(line, current)
        if kind == "part":
            current = _Part(number=number, heading=line, title=heading_title)
            parts.append(current)
            continue
        if kind == "item" and current is not None:
            heading_like = _looks_like_heading(line)
            if current.open_list is not None and number > 1:
                heading_like = heading_like and current.open_list[2]
            current.open_list = (digits, number, heading_like)
        if current is None:
            preamble.append(line)
        else:
            current.body.append(line)
    # Every value is already of its field's type: built without validating it again.
    return trusted(
        Report,
        {
            "title": title,
            "preamble": "\n".join(preamble),
            "sections": [
                trusted(
                    ReportSection,
                    {
                        "number": part.number,
                        "title": part.title,
                        "text": "\n".join(part.body),
                        "heading": part.heading,
                    },
                )
                for part in parts
            ],
        },
    )

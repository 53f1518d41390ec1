"""Word's automatic numbering: the "一、" or "1." a reader sees but the text does not hold.

A numbered paragraph names a list (``w:numPr/w:numId``) and a level in it (``w:ilvl``), in its
own properties or through its paragraph style. ``word/numbering.xml`` maps the list to an
abstract definition (``w:num`` → ``w:abstractNumId`` → ``w:abstractNum``) whose levels give a
number format, a start value and a label template (``w:lvlText``: "%1、", "（%2）", "%1.%2").
:class:`Numbering` replays Word's counting paragraph by paragraph, in document order:

- lists that share an abstract definition share their counters, as in Word; a list with a
  ``w:lvlOverride/w:startOverride`` starts that level again where it is first used, and a
  ``w:lvlOverride/w:lvl`` replaces the level's definition for that list only;
- using a level restarts the levels below it (or as ``w:lvlRestart`` says);
- ``w:numId`` 0, or a list or level with no definition, means no number; bullets give no label
  (their glyph is a private-use picture character, not text).

The label ends with a space when Word puts a tab or a space after it, as a tab reads elsewhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

_LEVELS = 9
_MAX_START = 32767  # Word's own ceiling; a larger start is a broken or hostile file
_MAX_STYLE_DEPTH = 16  # w:basedOn chains longer than this are loops or hostile
_PLACEHOLDER = re.compile(r"%([1-9])")
_FALSE = frozenset({"0", "false", "off"})


@dataclass(frozen=True, slots=True)
class _Level:
    fmt: str
    text: str
    start: int
    suffix: str
    restart: int  # this level restarts when a level with a smaller index than this is used
    legal: bool  # w:isLgl: every number in the label as decimal


@dataclass(slots=True)
class _List:
    """One abstract definition's counters (None until the level is first used)."""

    levels: dict[int, _Level]
    counters: list[int | None] = field(default_factory=lambda: [None] * _LEVELS)


@dataclass(slots=True)
class _Instance:
    """One ``w:num``: its abstract list, its own level overrides and start overrides."""

    shared: _List
    levels: dict[int, _Level]
    starts: dict[int, int]


class Numbering:
    """The numbering definitions of one document and the counters of one pass over it."""

    def __init__(self, numbering: etree._Element, styles: etree._Element | None = None) -> None:
        self._ns = f"{{{etree.QName(numbering).namespace or ''}}}"
        q = self._q
        self._val_name = q("val")
        # The names label() looks for in every paragraph.
        self._p_pr, self._num_pr, self._p_style = q("pPr"), q("numPr"), q("pStyle")
        self._num_id, self._ilvl = q("numId"), q("ilvl")
        self._instances = self._read_instances(numbering)
        self._style_numbers = {} if styles is None else self._read_styles(styles)
        self._default_style = self._find_default_style(styles)

    # reading the definitions

    def _q(self, local: str) -> str:
        return self._ns + local

    def _val(self, element: etree._Element | None) -> str | None:
        return None if element is None else element.get(self._val_name)

    def _int(self, element: etree._Element | None, default: int) -> int:
        try:
            return int(self._val(element) or "")
        except ValueError:
            return default

    def _read_level(self, lvl: etree._Element, index: int) -> _Level:
        q = self._q
        legal = _child(lvl, q("isLgl"))
        return _Level(
            fmt=self._val(_child(lvl, q("numFmt"))) or "decimal",
            text=self._val(_child(lvl, q("lvlText"))) or "",
            start=min(max(self._int(_child(lvl, q("start")), 0), 0), _MAX_START),
            suffix=self._val(_child(lvl, q("suff"))) or "tab",
            # w:lvlRestart names (1-based) the deepest level whose use restarts this one;
            # 0 never restarts; without it, any level above restarts it.
            restart=self._int(_child(lvl, q("lvlRestart")), index),
            legal=legal is not None and (self._val(legal) or "true").lower() not in _FALSE,
        )

    def _read_levels(self, parent: etree._Element) -> dict[int, _Level]:
        levels: dict[int, _Level] = {}
        for lvl in parent.iterchildren(self._q("lvl")):
            index = self._int_attr(lvl, "ilvl")
            if index is not None:
                levels.setdefault(index, self._read_level(lvl, index))
        return levels

    def _int_attr(self, element: etree._Element, name: str) -> int | None:
        try:
            index = int(element.get(self._q(name)) or "")
        except ValueError:
            return None
        return index if 0 <= index < _LEVELS else None

    def _read_instances(self, root: etree._Element) -> dict[str, _Instance]:
        q = self._q
        lists = {
            abstract.get(q("abstractNumId")): _List(self._read_levels(abstract))
            for abstract in root.iterchildren(q("abstractNum"))
        }
        instances: dict[str, _Instance] = {}
        for num in root.iterchildren(q("num")):
            shared = lists.get(self._val(_child(num, q("abstractNumId"))))
            num_id = num.get(q("numId"))
            if shared is None or num_id is None:
                continue  # a list with no definition numbers nothing
            levels: dict[int, _Level] = {}
            starts: dict[int, int] = {}
            for override in num.iterchildren(q("lvlOverride")):
                index = self._int_attr(override, "ilvl")
                if index is None:
                    continue
                levels.update((index, level) for level in self._read_levels(override).values())
                start = _child(override, q("startOverride"))
                if start is not None:
                    starts[index] = min(max(self._int(start, 0), 0), _MAX_START)
            instances[num_id] = _Instance(shared, levels, starts)
        return instances

    def _read_styles(self, styles: etree._Element) -> dict[str, tuple[str | None, str | None]]:
        """Each paragraph style's numbering (numId, ilvl), inherited along ``w:basedOn``."""
        q = self._q
        own: dict[str, tuple[str | None, str | None, str | None]] = {}
        for style in styles.iterchildren(q("style")):
            style_id = style.get(q("styleId"))
            if style_id is None or style.get(q("type"), "paragraph") != "paragraph":
                continue
            # (As find("w:pPr/w:numPr") reads it: the first numPr of any pPr.)
            num_pr = next(
                (n for ppr in style.iterchildren(q("pPr")) for n in ppr.iterchildren(q("numPr"))),
                None,
            )
            num_id = ilvl = None
            if num_pr is not None:
                num_id = self._val(_child(num_pr, q("numId")))
                ilvl = self._val(_child(num_pr, q("ilvl")))
            own[style_id] = (num_id, ilvl, self._val(_child(style, q("basedOn"))))
        resolved: dict[str, tuple[str | None, str | None]] = {}
        for style_id in own:
            num_id = ilvl = None
            current: str | None = style_id
            for _ in range(_MAX_STYLE_DEPTH):
                if current is None or current not in own:
                    break
                style_num, style_ilvl, current_base = own[current]
                num_id = num_id if num_id is not None else style_num
                ilvl = ilvl if ilvl is not None else style_ilvl
                current = current_base
            if num_id is not None:
                resolved[style_id] = (num_id, ilvl)
        return resolved

    def _find_default_style(self, styles: etree._Element | None) -> str | None:
        if styles is None:
            return None
        q = self._q
        for style in styles.iterchildren(q("style")):
            default = (style.get(q("default")) or "").lower() in ("1", "true", "on")
            if default and style.get(q("type")) == "paragraph":
                return style.get(q("styleId"))
        return None

    # counting

    def label(self, paragraph: etree._Element) -> str:
        """The label Word shows before ``paragraph`` ("" for none), advancing the counters.

        Call once per paragraph, in document order.
        """
        ppr = _child(paragraph, self._p_pr)
        num_pr = None if ppr is None else _child(ppr, self._num_pr)
        num_id = ilvl = None
        if self._style_numbers:  # (no style numbers: no need to know the paragraph's style)
            style_id = self._val(None if ppr is None else _child(ppr, self._p_style))
            style = style_id or self._default_style or ""
            num_id, ilvl = self._style_numbers.get(style, (None, None))
        if num_pr is None and num_id is None:
            return ""  # the common case: an unnumbered paragraph
        if num_pr is not None:
            num_id = self._val(_child(num_pr, self._num_id)) or num_id
            ilvl = self._val(_child(num_pr, self._ilvl)) or ilvl
        # numId 0 switches numbering off, even a definition a writer gave that id.
        instance = None if num_id == "0" else self._instances.get(num_id or "")
        if instance is None:  # or a list with no definition
            return ""
        try:
            level = int(ilvl or "0")
        except ValueError:
            level = 0
        if not 0 <= level < _LEVELS:
            return ""
        return self._advance(instance, level)

    def _advance(self, instance: _Instance, level: int) -> str:
        definitions = instance.shared.levels | instance.levels
        definition = definitions.get(level)
        if definition is None:
            return ""
        counters = instance.shared.counters
        if level in instance.starts:
            # A start override takes effect where its list is first used at that level.
            counters[level] = instance.starts.pop(level)
        elif counters[level] is None:
            counters[level] = definition.start
        else:
            counters[level] = (counters[level] or 0) + 1
        for lower in range(level + 1, _LEVELS):
            below = definitions.get(lower)
            if below is None or level < below.restart:
                counters[lower] = None
        if definition.fmt == "bullet":
            return ""
        return _render(definition, definitions, counters) + _SUFFIXES.get(definition.suffix, " ")


_SUFFIXES = {"tab": " ", "space": " ", "nothing": ""}


def _child(parent: etree._Element, tag: str) -> etree._Element | None:
    """``parent.find(tag)``, the first child named ``tag``, without ElementPath (four times
    slower, and this runs for every paragraph). Properties come first in their parent, so the
    first child is most often the one."""
    if len(parent) and (first := parent[0]).tag == tag:
        return first
    return next(parent.iterchildren(tag), None)


def _render(definition: _Level, definitions: dict[int, _Level], counters: list[int | None]) -> str:
    def number(match: re.Match[str]) -> str:
        index = int(match.group(1)) - 1
        level = definitions.get(index)
        if level is None:
            return ""
        value = counters[index]
        value = level.start if value is None else value
        return str(value) if definition.legal else format_number(value, level.fmt)

    return _PLACEHOLDER.sub(number, definition.text)


# --- number formats -----------------------------------------------------------------------------

_CHINESE_DIGITS = "〇一二三四五六七八九"
_CHINESE_UNITS = ("千", "百", "十", "")
_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_LEGAL_UNITS = ("仟", "佰", "拾", "")
_LEGAL_TRADITIONAL_DIGITS = "零壹貳參肆伍陸柒捌玖"
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip
# First code point of 1..20 in the enclosed forms Unicode has.
_ENCLOSED = {
    "decimalEnclosedCircle": 0x2460,  # ①
    "decimalEnclosedCircleChinese": 0x2460,
    "decimalEnclosedParen": 0x2474,  # ⑴
    "decimalEnclosedFullstop": 0x2488,  # ⒈
}
_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def _counting(value: int, digits: str, units: tuple[str, ...]) -> str:
    """1 … 9999 counted in Chinese: 十一, 二十, 一百零一, 一千零十."""
    if value == 0:
        return digits[0]
    if 10 <= value < 20:
        return units[2] + (digits[value % 10] if value % 10 else "")  # 十一, not 一十一
    parts: list[str] = []
    gap = False
    for place, unit in zip((1000, 100, 10, 1), units, strict=True):
        digit = value // place % 10
        if digit == 0:
            gap = bool(parts)
            continue
        if gap:
            parts.append("零")  # for the skipped places, in every style (〇 is zero alone)
            gap = False
        parts.append(digits[digit] + unit)
    return "".join(parts)


def _letters(value: int, first: str) -> str:
    # Word counts A … Z, AA … ZZ, AAA …: the letter repeats, it does not carry.
    return chr(ord(first) + (value - 1) % 26) * ((value - 1) // 26 + 1)


def _roman(value: int) -> str:
    parts: list[str] = []
    for amount, numeral in _ROMAN:
        count, value = divmod(value, amount)
        parts.append(numeral * count)
    return "".join(parts)


def format_number(value: int, fmt: str) -> str:
    """``value`` in the ``w:numFmt`` named ``fmt``; decimal for a format not known here or a
    value the format cannot show, as Word falls back."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting",
               "taiwaneseCounting") and 0 <= value < 10000:  # fmt: skip
        return _counting(value, _CHINESE_DIGITS, _CHINESE_UNITS)
    if fmt == "chineseLegalSimplified" and 0 <= value < 10000:
        return _counting(value, _LEGAL_DIGITS, _LEGAL_UNITS)
    if fmt == "ideographLegalTraditional" and 0 <= value < 10000:
        return _counting(value, _LEGAL_TRADITIONAL_DIGITS, _LEGAL_UNITS)
    if fmt in ("ideographDigital", "japaneseDigitalTenThousand") and value >= 0:
        return "".join(_CHINESE_DIGITS[int(digit)] for digit in str(value))
    if fmt == "ideographTraditional" and value > 0:
        return _HEAVENLY_STEMS[(value - 1) % 10]
    if fmt == "ideographZodiac" and value > 0:
        return _EARTHLY_BRANCHES[(value - 1) % 12]
    if fmt in ("upperLetter", "lowerLetter") and 0 < value <= _MAX_START:
        return _letters(value, "A" if fmt == "upperLetter" else "a")
    if fmt in ("upperRoman", "lowerRoman") and 0 < value < 4000:
        roman = _roman(value)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt in _ENCLOSED and 1 <= value <= 20:
        return chr(_ENCLOSED[fmt] + value - 1)
    if fmt == "decimalFullWidth":
        return str(value).translate(_FULL_WIDTH)
    if fmt == "decimalZero" and value < 10:
        return f"0{value}"
    if fmt == "none":
        return ""
    return str(value)

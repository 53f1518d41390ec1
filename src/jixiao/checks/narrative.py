"""Shared reading of the free text: report clauses, numbers with units, the words naming them.

Not a check (no ``@check`` here). Several checks compare what the 自评报告 says with the table
or with itself; they share one reading of it, made once per document and cached in
``ctx.cache`` (:func:`narrative`):

- the report's text joined once, so a word is looked for in the whole report with one C-level
  search, and its paragraphs (made when a check first looks into one), each cut into clauses
  (at "，" "。" "；") by one C-level split;
- every number with a unit in a paragraph ("1007.91万元", "229名", "81.06%", "22户") as a
  :class:`Quantity`, with its *label* (the words right before it in its clause: "人员经费")
  and whether it is a measurement or a limit ("19%以内") or a rough figure ("约80万元");
- the clauses that name something (:meth:`Narrative.clauses_naming`), found by C-level
  substring search and bisection into the clause index, never by a Python loop over clauses;
- shares ("人员经费817.05万元，占基本支出的81.06%") with the amount they are a share of.

Quantities are worked out per paragraph, on first use: a check about the 支出情况 part never
pays for the numbers of the 绩效情况 part. The report is read as printed; the patterns accept
full-width and half-width forms alike ("，" and ","), because folding a whole report with NFKC
costs more than all the checks together.

:func:`document_texts` is the other shared reading: every free-text field of the document
joined once, so the privacy checks scan the document with one regex each.
"""

from __future__ import annotations

import re
import string
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from itertools import accumulate, repeat
from operator import add
from typing import NamedTuple

from jixiao.checks.base import CheckContext
from jixiao.model import Evaluation, Report
from jixiao.rules import Profile
from jixiao.values import MONEY_FACTORS, UNITS, normalize, unit_family

# The unit family of money: amounts in 元, 万元 and 亿元 compare in 万元.
MONEY = "万元"
_HALF = Decimal("0.5")
_ONE = Decimal(1)

_NARRATIVE_KEY = "narrative.report"
_TEXTS_KEY = "narrative.document_texts"

_UNIT_RE = "|".join(re.escape(unit) for unit in UNITS)
# Words printed right after a figure, and right before it, that make it a limit or a rough
# figure rather than a measurement.
_NOT_MEASURED_AFTER = (
    "及以上", "或以上", "以上", "及以下", "以下", "以内", "之内", "内", "左右", "余", "多",
)  # fmt: skip
_NOT_MEASURED_BEFORE = (
    "≥", "≤", ">", "<", "=>", "=<", "≧", "≦", "＞", "＜", "不低于", "不少于", "不小于",
    "不高于", "不超过", "不大于", "不多于", "至少", "最多", "控制在", "低于", "高于", "少于",
    "小于", "大于", "超过", "约", "近", "大约", "逾",
)  # fmt: skip
# A number with a unit, and a limit or rough word after it. Starting with the digits (no
# look-behind) lets the regex engine skip text quickly. Groups: number, unit, word after.
_QUANTITY = re.compile(
    r"([0-9０-９]+(?:,[0-9]{3})*(?:[.．][0-9０-９]+)?)\s?"
    rf"({_UNIT_RE}|％)(?![A-Za-z])"
    rf"(?:\s?({'|'.join(_NOT_MEASURED_AFTER)}))?"
)
# The same words as sets, to tell most figures apart with one lookup ("人员经费" ends in 费,
# no word before a figure ends so).
_NOT_MEASURED_AFTER_SET = frozenset(_NOT_MEASURED_AFTER)
_NOT_MEASURED_BEFORE_ENDS = frozenset(word[-1] for word in _NOT_MEASURED_BEFORE)
# A number right after one of these is part of a longer code ("GB18918", "A3栋").
_GLUED = frozenset("0123456789０１２３４５６７８９.．") | frozenset(string.ascii_letters)
# Before a figure, a comma too may make it part of another ("1,229名").
_GLUED_OR_COMMA = _GLUED | {","}
_FAMILIES = {unit: unit_family(unit) or unit for unit in UNITS} | {"％": "%"}
# The units of each family: a clause holding none of them has no quantity of the family.
_FAMILY_UNITS: dict[str, tuple[str, ...]] = {}
for _unit, _family in _FAMILIES.items():
    _FAMILY_UNITS.setdefault(_family, ())
    _FAMILY_UNITS[_family] += (_unit,)
# Clause ends, kept by the split; all but the commas also end a sentence. Every ASCII comma
# counts: a thousands separator is rare in these reports and look-arounds cost a third more.
_CLAUSE_SPLIT = re.compile(r"([。；;！!？?，,])")
_NOT_SENTENCE_END = ",，"
# A value printed as a limit ("≥90%", "达到90%以上", "9月底前"), found anywhere in it.
_BOUND_ANYWHERE = re.compile(
    r"[≥≤><]|不低于|不少于|不小于|不高于|不超过|不大于|不多于|至少|最多|控制在|以上|以下|以内|之内"
    r"|月(?:[0-9]{1,2}[日号])?(?:底|末|中旬|上旬|下旬)?(?:以前|之前|前|内)"
)
# "占基本支出的81.06%": the words after 占 name the base; "占比" names none.
_SHARE_WORD = "占"
_SHARE = re.compile(
    r"占(?!比)(?P<base>[^占]{2,}?)的?(?:比重|比例|比)?(?:为|是|达到|高达|达|约为|约)?$"
)
# "分别占…" pairs several amounts with several shares: the nearest amount is not the part.
_RESPECTIVELY = "分别"
# Punctuation and spaces a reader skips when comparing two sentences.
_SKIPPED = re.compile(r"[\s,.;:!?、。\"'()\[\]【】-]")
_FULL_WIDTH_DIGITS = "０１２３４５６７８９"
_DIGIT_FOLD = str.maketrans("０１２３４５６７８９", "0123456789")


@dataclass(slots=True, eq=False)
class Clause:
    """A clause (between "，" "。" "；") of the report.

    ``sentence`` tells clauses of one sentence (up to "。" or "；") from the others.
    """

    section: int | None
    paragraph: int
    sentence: tuple[int, int]
    text: str

    @property
    def path(self) -> str:
        return section_path(self.section)


class Paragraph:
    """One line of a report section. Its clauses and quantities are found on first use.

    ``parts`` alternates clause text and the one-character delimiter after it; ``offsets``
    holds where each part starts, so the clause around any position is one bisection away.
    ``start`` is where the paragraph begins in the report's joined text (:attr:`Narrative.text`).
    """

    __slots__ = (
        "_clauses",
        "_index",
        "_quantities",
        "_sentences",
        "number",
        "section",
        "start",
        "text",
    )

    def __init__(self, section: int | None, number: int, text: str, start: int = 0) -> None:
        # Most paragraphs are never looked into: what a check asks of one is made on demand.
        self.section = section
        self.number = number
        self.text = text
        self.start = start
        self._index: tuple[list[int], list[str]] | None = None
        self._sentences: list[int] | None = None
        self._quantities: list[Quantity] | None = None
        self._clauses: dict[int, Clause] | None = None

    def clause_index(self) -> tuple[list[int], list[str]]:
        """Where each part starts, and the parts: clause, delimiter, clause, …"""
        index = self._index
        if index is None:
            parts = _CLAUSE_SPLIT.split(self.text)
            index = self._index = (list(accumulate(map(len, parts), initial=0)), parts)
        return index

    def clause_text(self, part: int) -> str:
        return self.clause_index()[1][part].strip()

    def rest_of_sentence(self, part: int) -> Iterator[int]:
        """The clause parts after ``part`` up to the end of its sentence (commas only)."""
        parts = self.clause_index()[1]
        while part + 2 < len(parts) and parts[part + 1] in _NOT_SENTENCE_END:
            part += 2
            yield part

    def rest_quantities(self, part: int, family: str) -> list[Quantity]:
        """The quantities of one unit family in the clauses after ``part`` up to the end of
        its sentence; the rest of the sentence is read only when it holds a unit of them."""
        following = list(self.rest_of_sentence(part))
        if not following:
            return []
        offsets = self.clause_index()[0]
        rest = self.text[offsets[following[0]] : offsets[following[-1] + 1]]
        if not has_any(rest, _FAMILY_UNITS.get(family, ())):
            return []
        return [q for clause in following for q in self.clause_quantities(clause, family)]

    def clauses_text(self, first: int, last: int) -> str:
        """The text from clause part ``first`` to clause part ``last``, delimiters included."""
        offsets = self.clause_index()[0]
        return self.text[offsets[first] : offsets[last + 1]].strip()

    def clause(self, part: int) -> Clause:
        clauses = self._clauses
        if clauses is None:
            clauses = self._clauses = {}
        clause = clauses.get(part)
        if clause is None:
            sentence = (self.number, self._sentence_of(part))
            clause = Clause(self.section, self.number, sentence, self.clause_text(part))
            clauses[part] = clause
        return clause

    @property
    def quantities(self) -> list[Quantity]:
        """Every number with a unit in the paragraph, in order, labelled."""
        if self._quantities is None:
            self._quantities = self._read(0, len(self.text))
        return self._quantities

    def clause_quantities(self, part: int, family: str) -> list[Quantity]:
        """The quantities of one unit family in one clause, without reading the rest of the
        paragraph or making objects for figures of other units. Not kept: no check asks twice
        for one clause and family."""
        if self._quantities is not None:
            return [q for q in self._quantities if q.part == part and q.family == family]
        offsets, parts = self._index or self.clause_index()
        clause = parts[part]
        if not has_any(clause, _FAMILY_UNITS.get(family, ())):
            return []  # no unit of the family, so no figure of it
        start = offsets[part]
        return self._read(start, start + len(clause), family)

    def states_figure(
        self, part: int, family: str, figures: tuple[str, ...], plan_words: tuple[str, ...]
    ) -> bool:
        """True when the clause states one of the figures ("229名") as a result, just as
        :meth:`clause_quantities` would read it, without making any quantity: most clauses
        naming an indicator repeat its figure as printed. False means "not sure", not "no":
        anything this does not settle cheaply (a figure glued to other digits, a word before
        it that may make it a limit or a plan) is left to the full reading."""
        if self._quantities is not None:
            return False  # the full reading is made already, and cheap to filter
        offsets, parts = self._index or self.clause_index()
        clause = parts[part]
        for figure in figures:
            at = clause.find(figure)
            if at >= 0 and self._states_at(clause, offsets[part], at, figure, family, plan_words):
                return True
        return False

    def _states_at(
        self,
        clause: str,
        start: int,
        at: int,
        figure: str,
        family: str,
        plan_words: tuple[str, ...],
    ) -> bool:
        """The figure at ``at`` of the clause (which starts at ``start`` in the paragraph) is
        one measured quantity of the family, and no plan word comes before it."""
        text = self.text
        where = start + at
        # A digit, point, letter or comma before it may make it part of another figure.
        if where and text[where - 1] in _GLUED_OR_COMMA:
            return False
        found = _QUANTITY.match(text, where, start + len(clause))
        if found is None:
            return False
        raw, unit, after = found.group(1, 2, 3)
        if _FAMILIES[unit] != family or after in _NOT_MEASURED_AFTER_SET:
            return False
        if f"{raw}{'%' if unit == '％' else unit}" != figure:
            return False
        # Its label is the end of the words before it: a word there may make it a limit.
        before = clause[:at]
        return before.rstrip()[-1:] not in _NOT_MEASURED_BEFORE_ENDS and not has_any(
            before, plan_words
        )

    def _read(self, start: int, end: int, family: str | None = None) -> list[Quantity]:
        # The hot loop of the report checks: what they ask of most quantities is worked out
        # here, once, with C-level string calls.
        text = self.text
        offsets: list[int] | None = None  # the clause index, made at the first figure
        found: list[Quantity] = []
        previous_end = start
        colons = ":" in text or "：" in text  # most paragraphs have none to look for
        for match in _QUANTITY.finditer(text, start, end):
            at, match_end = match.span()
            if at and text[at - 1] in _GLUED:
                continue
            printed, raw, unit, after = match.group(0, 1, 2, 3)
            if family is not None and _FAMILIES[unit] != family:
                previous_end = match_end
                continue
            if offsets is None:
                offsets = (self._index or self.clause_index())[0]
            part = bisect_right(offsets, at) - 1
            # The label starts after the clause start, the previous number or a colon
            # ("其中基本支出：人员经费 817.05万元" is labelled 人员经费).
            label_start = offsets[part]
            if previous_end > label_start:
                label_start = previous_end
            if colons:
                colon = max(text.rfind(":", label_start, at), text.rfind("：", label_start, at))
                if colon >= 0:
                    label_start = colon + 1
            label = text[label_start:at].strip()
            found.append(Quantity(printed, raw, unit, after, at, label, self, part, previous_end))
            previous_end = match_end
        return found

    def _sentence_of(self, part: int) -> int:
        """How many sentence ends ("。", "；", not "，") come before the clause part."""
        sentences = self._sentences
        if sentences is None:
            sentences = self._sentences = []
            count = 0
            for delimiter in self.clause_index()[1][1::2]:
                sentences.append(count)
                count += delimiter not in _NOT_SENTENCE_END
            sentences.append(count)
        return sentences[part // 2]


class Quantity:
    """A number with a unit as the report prints it, and the words that name it.

    ``label`` is the text right before it in its clause (after a colon or an earlier number);
    ``lead`` is all text since the previous number of the paragraph (it keeps "其中").
    ``measured`` is False for a limit ("19%以内") or a rough figure ("约80万元").
    """

    __slots__ = (
        "_common",
        "_lead_start",
        "_number",
        "_places",
        "_raw",
        "_rounding",
        "family",
        "label",
        "measured",
        "paragraph",
        "part",
        "printed",
        "start",
        "unit",
    )

    def __init__(
        self,
        printed: str,
        raw: str,
        unit: str,
        after: str | None,
        start: int,
        label: str,
        paragraph: Paragraph,
        part: int,
        lead_start: int,
    ) -> None:
        self.printed = printed
        self.unit = "%" if unit == "％" else unit
        self.family = _FAMILIES[unit]
        self.start = start
        self.label = label
        self.measured = after not in _NOT_MEASURED_AFTER_SET and not (
            label[-1:] in _NOT_MEASURED_BEFORE_ENDS and label.endswith(_NOT_MEASURED_BEFORE)
        )
        self.paragraph = paragraph
        self.part = part
        self._raw = raw
        self._lead_start = lead_start
        self._number: Decimal | None = None
        self._common: Decimal | None = None
        self._rounding: Decimal | None = None
        self._places = -1

    @property
    def _ascii(self) -> str:
        raw = self._raw
        return raw if raw.isascii() else unicodedata.normalize("NFKC", raw)

    @property
    def number(self) -> Decimal:
        if self._number is None:  # asked of most quantities, by several checks
            self._number = Decimal(self._ascii.replace(",", ""))
        return self._number

    @property
    def figure(self) -> str:
        """Number and unit as printed, without the space or word between or after: "176户"."""
        return f"{self._raw}{self.unit}"

    @property
    def places(self) -> int:
        """Decimal places as printed: 2 for "81.06%"."""
        if self._places < 0:
            self._places = len(self._ascii.partition(".")[2])
        return self._places

    @property
    def common(self) -> Decimal:
        """The number in its family's base unit (money in 万元)."""
        if self._common is None:
            self._common = self.number * MONEY_FACTORS.get(self.unit, _ONE)
        return self._common

    @property
    def rounding(self) -> Decimal:
        """Half a unit of the last printed place, in the family's base unit: what rounding to
        the printed places may hide (±0.005 for "81.06%")."""
        if self._rounding is None:
            factor = MONEY_FACTORS.get(self.unit, _ONE)
            self._rounding = _HALF.scaleb(-self.places) * factor
        return self._rounding

    @property
    def order(self) -> tuple[int, int]:
        """Where it stands in the report: earlier quantities sort first."""
        return self.paragraph.number, self.start

    @property
    def lead(self) -> str:
        return self.paragraph.text[self._lead_start : self.start]

    @property
    def clause(self) -> Clause:
        return self.paragraph.clause(self.part)

    def __repr__(self) -> str:
        return f"Quantity({self.printed!r}, label={self.label!r})"


@dataclass(frozen=True, slots=True)
class Share:
    """A printed share, the amount it is a share of, and the words naming the base."""

    share: Quantity
    part: Quantity
    base: str


class SectionText(NamedTuple):
    """One part of the report as printed; ``section`` is None for text before the first part.

    ``title`` is folded (full-width forms, spaces) for matching words against it.
    """

    section: int | None
    title: str
    text: str


class Narrative:
    """The report of one document, read once and shared by the report checks.

    ``text`` is every non-empty line of the report joined by newlines, so a word is looked for
    in the whole report with one C-level search; ``starts`` says where each line begins in it.
    Each line is a :class:`Paragraph`, made when a check first looks into it.
    """

    __slots__ = (
        "_made",
        "_section_lines",
        "_spending",
        "_texts",
        "line_sections",
        "sections",
        "starts",
        "text",
    )

    def __init__(
        self,
        sections: tuple[SectionText, ...],
        texts: list[str],
        line_sections: list[int | None],
        section_lines: dict[int | None, range],
    ) -> None:
        self.sections = sections
        self._texts = texts  # every paragraph, in order
        self.line_sections = line_sections  # and the part each one is in
        # The lines of each part: a part's lines follow one another.
        self._section_lines = section_lines
        self._made: list[Paragraph | None] = [None] * len(texts)
        self._spending: tuple[Profile, list[Paragraph]] | None = None
        self.text = "\n".join(texts)
        ends = accumulate(map(add, map(len, texts), repeat(1, len(texts))), initial=0)
        self.starts = list(ends)[:-1]

    def paragraph(self, number: int) -> Paragraph:
        made = self._made[number]
        if made is None:
            text, section = self._texts[number], self.line_sections[number]
            made = Paragraph(section, number, text, self.starts[number])
            self._made[number] = made
        return made

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        return tuple(self.paragraph(number) for number in range(len(self._texts)))

    def in_sections(self, sections: Iterable[int | None]) -> list[Paragraph]:
        """The paragraphs of the parts, in report order."""
        found = [self._section_lines[section] for section in set(sections)]
        found.sort(key=_first_line)
        return [self.paragraph(number) for lines in found for number in lines]

    def spending(self, profile: Profile) -> list[Paragraph]:
        """The paragraphs of the part stating spending (支出情况, by the words of the profile's
        ``spending_section``), or every paragraph when no part is titled so."""
        if self._spending is not None and self._spending[0] is profile:
            return list(self._spending[1])  # two checks ask, with the one profile
        words = _spending_words(profile)
        titled = [s.section for s in self.sections if has_any(s.title, words)]
        found = self.in_sections(titled) if titled else list(self.paragraphs)
        self._spending = (profile, found)
        return list(found)

    def clauses_naming(self, keys: tuple[str, ...]) -> Iterator[tuple[Paragraph, int]]:
        """(paragraph, clause part) of every clause holding all the keys, in report order.

        Only the first key is looked for in the whole report (in C, by its first character):
        every word looked for in the whole report is one more scan of it, which is most of
        the cost. At each hit the other keys are looked for in its line first; a line without
        them all is skipped at once, unsplit. Only in a line holding them all is the clause
        around the hit found (one bisection) and looked into. No key holds a clause delimiter
        or a line break, so a hit never spans two clauses.
        """
        if "" in keys:  # an empty key is in every clause
            keys = tuple(key for key in keys if key)
        if not keys:
            yield from self._every_clause()
            return
        text, starts, lines, made = self.text, self.starts, self._texts, self._made
        find, startswith = text.find, text.startswith
        first, others = keys[0], keys[1:]
        # CPython finds one character in Chinese text five times as fast as a longer word.
        lead = first[0]
        holding = -1  # the last line found to hold all the keys: its other hits need no look
        at = find(lead)
        while at >= 0:
            if not startswith(first, at):
                at = find(lead, at + 1)
                continue
            number = bisect_right(starts, at) - 1
            start = starts[number]
            if number != holding:
                line = lines[number]
                if not all_in(others, line):
                    at = find(lead, start + len(line))
                    continue
                holding = number
            paragraph = made[number] or self.paragraph(number)
            offsets, parts = paragraph._index or paragraph.clause_index()
            part = bisect_right(offsets, at - start) - 1
            if all_in(others, parts[part]):
                yield paragraph, part
            at = find(lead, start + offsets[part + 1])

    def _every_clause(self) -> Iterator[tuple[Paragraph, int]]:
        for number in range(len(self.starts)):
            paragraph = self.paragraph(number)
            yield from ((paragraph, part) for part in range(0, len(paragraph.clause_index()[1]), 2))


# The words titling the spending part, per profile: (the profile, its words) by id(profile).
_SPENDING_WORDS: dict[int, tuple[Profile, tuple[str, ...]]] = {}


def _spending_words(profile: Profile) -> tuple[str, ...]:
    """The words of the profile's ``spending_section`` rule, worked out once per profile."""
    known = _SPENDING_WORDS.get(id(profile))
    if known is not None and known[0] is profile:
        return known[1]
    report = profile.report
    words = tuple(
        word
        for rule in report.sections
        if rule.number == report.spending_section
        for word in rule.words
    )
    if len(_SPENDING_WORDS) > 64:  # profiles made on the fly (tests, edits) come and go
        _SPENDING_WORDS.clear()
    _SPENDING_WORDS[id(profile)] = (profile, words)
    return words


def shares_in(paragraphs: Iterable[Paragraph]) -> Iterator[Share]:
    """Every "占…的N%" of the paragraphs, with the amount before it in the same sentence."""
    for paragraph in paragraphs:
        if _SHARE_WORD in paragraph.text:
            yield from _paragraph_shares(paragraph)


def _paragraph_shares(paragraph: Paragraph) -> Iterator[Share]:
    quantities = paragraph.quantities
    for at, share in enumerate(quantities):
        if share.family != "%" or _SHARE_WORD not in share.label:
            continue
        if _RESPECTIVELY in share.lead:
            continue
        found = _SHARE.search(share.label)
        part = None if found is None else _amount_before(quantities, at)
        if found is not None and part is not None:
            yield Share(share, part, found.group("base").replace(" ", ""))


def _amount_before(quantities: list[Quantity], at: int) -> Quantity | None:
    """The nearest earlier quantity of the same sentence that is not itself a share."""
    # All in one paragraph: the sentence index within it tells sentences apart.
    sentence_of = quantities[at].paragraph._sentence_of
    sentence = sentence_of(quantities[at].part)
    for earlier in reversed(quantities[:at]):
        if sentence_of(earlier.part) != sentence:
            return None
        if earlier.family != "%":
            return earlier
    return None


def has_any(text: str, words: tuple[str, ...]) -> bool:
    """True when the text holds one of the words (a plain loop: faster than any() here)."""
    for word in words:  # noqa: SIM110 - a loop beats any() on this hot path
        if word in text:
            return True
    return False


def all_in(words: tuple[str, ...], text: str) -> bool:
    """True when the text holds every one of the words (a plain loop, as :func:`has_any`)."""
    for word in words:  # noqa: SIM110 - a loop beats all() on this hot path
        if word not in text:
            return False
    return True


def section_path(section: int | None) -> str:
    return "report.preamble" if section is None else f"report.sections[{section}].text"


@lru_cache(maxsize=16384)
def bound_marker(text: str) -> str | None:
    """The limit sign or word a printed value carries ("≥" in "≥90%", "以上" in
    "达到90%以上", "月底前" in "9月底前"), or None for a plain figure ("达到95%")."""
    found = _BOUND_ANYWHERE.search(normalize(text))
    return None if found is None else found.group()


@lru_cache(maxsize=4096)
def fold_title(title: str) -> str:
    """A section title folded for matching words (titles repeat from report to report)."""
    return normalize(title)


@lru_cache(maxsize=65536)
def words_only(text: str) -> str:
    """The text folded, without punctuation and spaces: what a reader compares."""
    if text.isalnum() and unicodedata.is_normalized("NFKC", text):
        # "229人次": no space, sign or punctuation to drop and nothing to fold, as most
        # names and many values are; the quick checks are cheaper than folding.
        return text
    return _SKIPPED.sub("", normalize(text))


def same_sentence(first: str, second: str) -> bool:
    """Equal after folding full-width forms and dropping punctuation and spaces; never for ""."""
    folded = words_only(first)
    return bool(folded) and folded == words_only(second)


def narrative(ctx: CheckContext) -> Narrative:
    """The report read once per document, shared by every check through ``ctx.cache``."""
    cached = ctx.cache.get(_NARRATIVE_KEY)
    if isinstance(cached, Narrative):
        return cached
    result = read_report(ctx.evaluation.report)
    ctx.cache[_NARRATIVE_KEY] = result
    return result


def read_report(report: Report | None) -> Narrative:
    """Cut a report into sections and lines; the rest is read when a check asks."""
    if report is None:
        return Narrative((), [], [], {})
    parts: list[tuple[int | None, str, str]] = [(None, report.title or "", report.preamble)]
    parts += [(n, s.heading or s.title, s.text) for n, s in enumerate(report.sections)]
    sections = tuple(
        SectionText(section, fold_title(title), text) for section, title, text in parts
    )
    texts: list[str] = []
    line_sections: list[int | None] = []
    section_lines: dict[int | None, range] = {}
    for section, _, text in parts:
        lines = text.splitlines()
        if "" in lines:  # blank lines between paragraphs
            lines = [line for line in lines if line]
        section_lines[section] = range(len(texts), len(texts) + len(lines))
        texts += lines
        line_sections += [section] * len(lines)
    return Narrative(sections, texts, line_sections, section_lines)


def _first_line(lines: range) -> int:
    return lines.start


class DocumentTexts:
    """Every free-text field of a document joined by newlines, with where each one starts.

    Where a field sits is kept as (list name, index, field) and turned into a path and plain
    words only for the rare field a privacy check points at.
    """

    __slots__ = ("_evaluation", "_texts", "joined")

    def __init__(self, evaluation: Evaluation) -> None:
        texts = _texts_of(evaluation)
        joined = "\n".join(texts)
        # Folding full-width digits keeps every offset; NFKC would not. One C-level search per
        # digit is cheaper than one regex pass over the document.
        if any(digit in joined for digit in _FULL_WIDTH_DIGITS):
            joined = joined.translate(_DIGIT_FOLD)
        self.joined = joined
        self._texts = texts
        self._evaluation = evaluation

    def locate(self, offset: int) -> tuple[str, str]:
        """The path and a plain-words place ("联系电话") of the field holding ``offset``."""
        where: list[tuple[str, int, str]] = []
        _collect_texts(self._evaluation, [], where)  # the same walk, this time with places
        starts = list(accumulate((len(text) + 1 for text in self._texts), initial=0))
        owner, index, name = where[bisect_right(starts, offset) - 1]
        return _describe(self._evaluation, owner, index, name)


def document_texts(ctx: CheckContext) -> DocumentTexts:
    """All text meant for publication, read once per document and shared through the cache."""
    cached = ctx.cache.get(_TEXTS_KEY)
    if isinstance(cached, DocumentTexts):
        return cached
    result = DocumentTexts(ctx.evaluation)
    ctx.cache[_TEXTS_KEY] = result
    return result


_DOCUMENT_FIELDS = ("unit", "department", "project", "implementing_unit")
_SIGNOFF_FIELDS = ("filler", "phone", "date", "head")
_GOAL_FIELDS = ("expected", "actual")
_REPORT_FIELDS = ("title", "preamble")
_PLACES = {
    "unit": "单位名称",
    "department": "主管部门",
    "project": "项目名称",
    "implementing_unit": "实施单位",
    "filler": "填报人",
    "phone": "联系电话",
    "date": "填报日期",
    "head": "单位负责人",
    "expected": "年度总体目标",
    "actual": "年度总体目标完成情况",
}


def _texts_of(evaluation: Evaluation) -> list[str]:
    """Every non-empty free-text field, in the order of :func:`_collect_texts`, read the quick
    way: this runs on every document, the walk that also says where each field sits only for
    the rare field a check reports."""
    texts = [
        value
        for value in (
            evaluation.unit,
            evaluation.department,
            evaluation.project,
            evaluation.implementing_unit,
        )
        if value
    ]
    for goal in evaluation.goals:
        texts += [value for value in (goal.expected, goal.actual) if value]
    add = texts.append
    for indicator in evaluation.indicators:
        add(indicator.name)
        target, actual, reason = indicator.target, indicator.actual, indicator.deviation_reason
        if target is not None:
            add(target.text)
        if actual is not None:
            add(actual.text)
        if reason:
            add(reason)
        if indicator.extra:
            texts += indicator.extra.values()
    signoff = evaluation.signoff
    texts += [
        value for value in (signoff.filler, signoff.phone, signoff.date, signoff.head) if value
    ]
    if evaluation.extra:
        texts += evaluation.extra.values()
    report = evaluation.report
    if report is not None:
        texts += [value for value in (report.title, report.preamble) if value]
        for section in report.sections:
            add(section.title)
            if section.heading:
                add(section.heading)
            if section.text:
                add(section.text)
    return texts


def _collect_texts(
    evaluation: Evaluation, texts: list[str], where: list[tuple[str, int, str]]
) -> None:
    """Append every non-empty free-text field to ``texts`` in document order, and where it sits
    as (list name, index, field) to ``where``."""

    def add(value: str | None, owner: str, index: int, name: str) -> None:
        if value:
            texts.append(value)
            where.append((owner, index, name))

    for name in _DOCUMENT_FIELDS:
        add(getattr(evaluation, name), "", 0, name)
    for index, goal in enumerate(evaluation.goals):
        for name in _GOAL_FIELDS:
            add(getattr(goal, name), "goals", index, name)
    for index, indicator in enumerate(evaluation.indicators):
        # The name is kept even when empty: the quick walk keeps it too.
        texts.append(indicator.name)
        where.append(("indicators", index, "name"))
        for name, measured in (("target", indicator.target), ("actual", indicator.actual)):
            if measured is not None:
                texts.append(measured.text)
                where.append(("indicators", index, name))
        add(indicator.deviation_reason, "indicators", index, "deviation_reason")
        for key, value in indicator.extra.items():
            texts.append(value)
            where.append(("indicators", index, f"extra.{key}"))
    for name in _SIGNOFF_FIELDS:
        add(getattr(evaluation.signoff, name), "signoff", 0, name)
    for key, value in evaluation.extra.items():
        texts.append(value)
        where.append(("", 0, f"extra.{key}"))
    report = evaluation.report
    if report is None:
        return
    for name in _REPORT_FIELDS:
        add(getattr(report, name), "report", 0, name)
    for index, section in enumerate(report.sections):
        texts.append(section.title)
        where.append(("report.sections", index, "title"))
        add(section.heading, "report.sections", index, "heading")
        add(section.text, "report.sections", index, "text")


def _describe(evaluation: Evaluation, owner: str, index: int, name: str) -> tuple[str, str]:
    """A field's path and where it is in plain words."""
    if owner == "indicators":
        return f"indicators[{index}].{name}", f"指标“{evaluation.indicators[index].name}”"
    if owner == "report.sections" and evaluation.report is not None:
        title = evaluation.report.sections[index].title
        return f"report.sections[{index}].{name}", f"自评报告“{title}”部分"
    if owner == "report":
        return f"report.{name}", "自评报告"
    if owner == "goals":
        return f"goals[{index}].{name}", _PLACES[name]
    if owner == "signoff":
        return f"signoff.{name}", _PLACES[name]
    return name, _PLACES.get(name, name.removeprefix("extra."))

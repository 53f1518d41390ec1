"""Shared reading of the free text: report clauses, numbers with units, the words naming them.

Not a check (no ``@check`` here). Several checks compare what the 自评报告 says with the table
or with itself; they share one reading of it, made once per document and cached in
``ctx.cache`` (:func:`narrative`):

- the report's paragraphs, each cut into clauses (at "，" "。" "；") by one C-level split;
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
from itertools import accumulate

from jixiao.checks.base import CheckContext
from jixiao.model import Evaluation, Report
from jixiao.rules import Profile
from jixiao.values import MONEY_FACTORS, UNITS, normalize, unit_family

# The unit family of money: amounts in 元, 万元 and 亿元 compare in 万元.
MONEY = "万元"

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
# A number right after one of these is part of a longer code ("GB18918", "A3栋").
_GLUED = frozenset("0123456789０１２３４５６７８９.．") | frozenset(string.ascii_letters)
_FAMILIES = {unit: unit_family(unit) or unit for unit in UNITS} | {"％": "%"}
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
_FULL_WIDTH_DIGIT = re.compile("[０-９]")
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
    """

    __slots__ = (
        "_by_clause",
        "_clauses",
        "_offsets",
        "_parts",
        "_quantities",
        "_sentences",
        "number",
        "section",
        "text",
    )

    def __init__(self, section: int | None, number: int, text: str) -> None:
        self.section = section
        self.number = number
        self.text = text
        self._parts: list[str] = []
        self._offsets: list[int] = []
        self._sentences: list[int] = []
        self._quantities: list[Quantity] | None = None
        self._by_clause: dict[tuple[int, str], list[Quantity]] = {}
        self._clauses: dict[int, Clause] = {}

    def _split(self) -> list[int]:
        if not self._parts:
            self._parts = _CLAUSE_SPLIT.split(self.text)
            self._offsets = list(accumulate(map(len, self._parts), initial=0))
        return self._offsets

    def clause_index(self) -> tuple[list[int], list[str]]:
        """Where each part starts, and the parts: clause, delimiter, clause, …"""
        return self._split(), self._parts

    def clause_text(self, part: int) -> str:
        self._split()
        return self._parts[part].strip()

    def rest_of_sentence(self, part: int) -> Iterator[int]:
        """The clause parts after ``part`` up to the end of its sentence (commas only)."""
        self._split()
        parts = self._parts
        while part + 2 < len(parts) and parts[part + 1] in _NOT_SENTENCE_END:
            part += 2
            yield part

    def clauses_text(self, first: int, last: int) -> str:
        """The text from clause part ``first`` to clause part ``last``, delimiters included."""
        offsets = self._split()
        return self.text[offsets[first] : offsets[last + 1]].strip()

    def clause(self, part: int) -> Clause:
        clause = self._clauses.get(part)
        if clause is None:
            sentence = (self.number, self._sentence_of(part))
            clause = Clause(self.section, self.number, sentence, self.clause_text(part))
            self._clauses[part] = clause
        return clause

    @property
    def quantities(self) -> list[Quantity]:
        """Every number with a unit in the paragraph, in order, labelled."""
        if self._quantities is None:
            self._quantities = self._read(0, len(self.text))
        return self._quantities

    def clause_quantities(self, part: int, family: str) -> list[Quantity]:
        """The quantities of one unit family in one clause, without reading the rest of the
        paragraph or making objects for figures of other units."""
        key = (part, family)
        found = self._by_clause.get(key)
        if found is None:
            if self._quantities is not None:
                found = [q for q in self._quantities if q.part == part and q.family == family]
            else:
                start = self._split()[part]
                found = self._read(start, start + len(self._parts[part]), family)
            self._by_clause[key] = found
        return found

    def _read(self, start: int, end: int, family: str | None = None) -> list[Quantity]:
        # The hot loop of the report checks: what they ask of most quantities is worked out
        # here, once, with C-level string calls.
        text, offsets = self.text, self._split()
        found: list[Quantity] = []
        previous_end = start
        for match in _QUANTITY.finditer(text, start, end):
            at, match_end = match.span()
            if at and text[at - 1] in _GLUED:
                continue
            if family is not None and _FAMILIES[match.group(2)] != family:
                previous_end = match_end
                continue
            part = bisect_right(offsets, at) - 1
            # The label starts after the clause start, the previous number or a colon
            # ("其中基本支出：人员经费 817.05万元" is labelled 人员经费).
            label_start = max(offsets[part], previous_end)
            colon = max(text.rfind(":", label_start, at), text.rfind("：", label_start, at))
            label = text[(colon + 1 if colon >= 0 else label_start) : at].strip()
            found.append(Quantity(match, at, label, self, part, previous_end))
            previous_end = match_end
        return found

    def _sentence_of(self, part: int) -> int:
        """How many sentence ends ("。", "；", not "，") come before the clause part."""
        if not self._sentences:
            count = 0
            for delimiter in self._parts[1::2]:
                self._sentences.append(count)
                count += delimiter not in _NOT_SENTENCE_END
            self._sentences.append(count)
        return self._sentences[part // 2]


class Quantity:
    """A number with a unit as the report prints it, and the words that name it.

    ``label`` is the text right before it in its clause (after a colon or an earlier number);
    ``lead`` is all text since the previous number of the paragraph (it keeps "其中").
    ``measured`` is False for a limit ("19%以内") or a rough figure ("约80万元").
    """

    __slots__ = (
        "_common",
        "_lead_start",
        "_raw",
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
        match: re.Match[str],
        start: int,
        label: str,
        paragraph: Paragraph,
        part: int,
        lead_start: int,
    ) -> None:
        self.printed, raw, unit, after = match.group(0, 1, 2, 3)
        self.unit = "%" if unit == "％" else unit
        self.family = _FAMILIES[unit]
        self.start = start
        self.label = label
        self.measured = after not in _NOT_MEASURED_AFTER and not label.endswith(
            _NOT_MEASURED_BEFORE
        )
        self.paragraph = paragraph
        self.part = part
        self._raw = raw
        self._lead_start = lead_start
        self._common: Decimal | None = None

    @property
    def _ascii(self) -> str:
        raw = self._raw
        return raw if raw.isascii() else unicodedata.normalize("NFKC", raw)

    @property
    def number(self) -> Decimal:
        return Decimal(self._ascii.replace(",", ""))

    @property
    def places(self) -> int:
        """Decimal places as printed: 2 for "81.06%"."""
        return len(self._ascii.partition(".")[2])

    @property
    def common(self) -> Decimal:
        """The number in its family's base unit (money in 万元)."""
        if self._common is None:
            self._common = self.number * MONEY_FACTORS.get(self.unit, Decimal(1))
        return self._common

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


@dataclass(frozen=True, slots=True)
class SectionText:
    """One part of the report as printed; ``section`` is None for text before the first part.

    ``title`` is folded (full-width forms, spaces) for matching words against it.
    """

    section: int | None
    title: str
    text: str


class Narrative:
    """The report of one document, read once and shared by the report checks."""

    __slots__ = ("paragraphs", "sections")

    def __init__(self, sections: tuple[SectionText, ...], paragraphs: tuple[Paragraph, ...]):
        self.sections = sections
        self.paragraphs = paragraphs

    def in_sections(self, sections: Iterable[int | None]) -> list[Paragraph]:
        wanted = set(sections)
        return [paragraph for paragraph in self.paragraphs if paragraph.section in wanted]

    def spending(self, profile: Profile) -> list[Paragraph]:
        """The paragraphs of the part stating spending (支出情况, by the words of the profile's
        ``spending_section``), or every paragraph when no part is titled so."""
        words = [
            word
            for rule in profile.report.sections
            if rule.number == profile.report.spending_section
            for word in rule.words
        ]
        titled = [s.section for s in self.sections if any(word in s.title for word in words)]
        return self.in_sections(titled) if titled else list(self.paragraphs)

    def clauses_naming(self, keys: tuple[str, ...]) -> Iterator[tuple[Paragraph, int]]:
        """(paragraph, clause part) of every clause holding all the keys.

        The text is searched (in C) for the longest key, likely the rarest; each hit is placed
        in the clause index by bisection and the other keys are looked for in that clause.
        """
        first = max(reversed(keys), key=len)
        others = [key for key in keys if key is not first]
        for paragraph in self.paragraphs:
            text = paragraph.text
            at = text.find(first)
            if at < 0:
                continue
            offsets, parts = paragraph.clause_index()
            while at >= 0:
                part = bisect_right(offsets, at) - 1
                clause = parts[part]
                if all(key in clause for key in others):
                    yield paragraph, part
                at = text.find(first, offsets[part + 1])


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
    sentence = quantities[at].clause.sentence
    for earlier in reversed(quantities[:at]):
        if earlier.clause.sentence != sentence:
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
    """Cut a report into sections and paragraphs; the rest is read when a check asks."""
    if report is None:
        return Narrative((), ())
    parts: list[tuple[int | None, str, str]] = [(None, report.title or "", report.preamble)]
    parts += [(n, s.heading or s.title, s.text) for n, s in enumerate(report.sections)]
    sections = tuple(
        SectionText(section, fold_title(title), text) for section, title, text in parts
    )
    paragraphs = tuple(
        Paragraph(section, number, line)
        for number, (section, line) in enumerate(
            (section, line) for section, _, text in parts for line in text.splitlines() if line
        )
    )
    return Narrative(sections, paragraphs)


class DocumentTexts:
    """Every free-text field of a document joined by newlines, with where each one starts.

    Where a field sits is kept as (list name, index, field) and turned into a path and plain
    words only for the rare field a privacy check points at.
    """

    __slots__ = ("_evaluation", "_starts", "_where", "joined")

    def __init__(self, evaluation: Evaluation) -> None:
        texts: list[str] = []
        where: list[tuple[str, int, str]] = []
        for place, text in _text_fields(evaluation):
            texts.append(text)
            where.append(place)
        joined = "\n".join(texts)
        # Folding full-width digits keeps every offset; NFKC would not.
        if _FULL_WIDTH_DIGIT.search(joined):
            joined = joined.translate(_DIGIT_FOLD)
        self.joined = joined
        self._starts = list(accumulate((len(text) + 1 for text in texts), initial=0))
        self._where = where
        self._evaluation = evaluation

    def locate(self, offset: int) -> tuple[str, str]:
        """The path and a plain-words place ("联系电话") of the field holding ``offset``."""
        owner, index, name = self._where[bisect_right(self._starts, offset) - 1]
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


def _text_fields(evaluation: Evaluation) -> Iterator[tuple[tuple[str, int, str], str]]:
    """((list name, index, field), text) of every non-empty free-text field."""
    for name in _DOCUMENT_FIELDS:
        if value := getattr(evaluation, name):
            yield ("", 0, name), value
    for index, goal in enumerate(evaluation.goals):
        if goal.expected:
            yield ("goals", index, "expected"), goal.expected
        if goal.actual:
            yield ("goals", index, "actual"), goal.actual
    for index, indicator in enumerate(evaluation.indicators):
        yield ("indicators", index, "name"), indicator.name
        if indicator.target is not None:
            yield ("indicators", index, "target"), indicator.target.text
        if indicator.actual is not None:
            yield ("indicators", index, "actual"), indicator.actual.text
        if indicator.deviation_reason:
            yield ("indicators", index, "deviation_reason"), indicator.deviation_reason
        for key, value in indicator.extra.items():
            yield ("indicators", index, f"extra.{key}"), value
    for name in _SIGNOFF_FIELDS:
        if value := getattr(evaluation.signoff, name):
            yield ("signoff", 0, name), value
    for key, value in evaluation.extra.items():
        yield ("", 0, f"extra.{key}"), value
    report = evaluation.report
    if report is not None:
        if report.title:
            yield ("report", 0, "title"), report.title
        if report.preamble:
            yield ("report", 0, "preamble"), report.preamble
        for index, section in enumerate(report.sections):
            yield ("report.sections", index, "title"), section.title
            if section.heading:
                yield ("report.sections", index, "heading"), section.heading
            if section.text:
                yield ("report.sections", index, "text"), section.text


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

"""report-arithmetic: shares and sums the report prints do not follow from its own amounts."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import ROUND_HALF_UP, Decimal

from jixiao.checks.base import CheckContext, check
from jixiao.checks.narrative import MONEY, Paragraph, Quantity, Share, has_any, narrative, shares_in
from jixiao.findings import Finding, Severity, declare, format_decimal
from jixiao.rules import Profile

REPORT_ARITHMETIC = declare(
    "report-arithmetic",
    Severity.WARNING,
    title="报告中的比例或合计算不拢",
    title_en="Report shares or sums do not add up",
    description=(
        "自评报告中写的比例与它自己列出的金额对不上（如“人员经费817.05万元，占基本支出的"
        "81.06%”要用基本支出1007.91万元来验算），或者“其中”列出的各项加起来不等于总数。"
        "四舍五入造成的最后一位差异不算；超出的说明报告里有数字写错。"
    ),
    template="报告中的数字算不拢：{detail}。请核对报告中的金额和比例。",
    template_en="report arithmetic: {detail_en}",
    module=__name__,
)

HUNDRED = Decimal(100)


@check(REPORT_ARITHMETIC)
def check_report_arithmetic(ctx: CheckContext) -> Iterator[Finding]:
    profile = ctx.profile
    paragraphs = narrative(ctx).spending(profile)
    checked_wholes: set[tuple[int, int]] = set()
    groups: dict[tuple[int, int], tuple[Quantity, list[Share]]] = {}
    for share in shares_in(paragraphs):
        base = _base_of(share, paragraphs)
        if base is None:
            continue
        groups.setdefault(base.order, (base, []))[1].append(share)
        finding = _share_finding(share, base, profile)
        if finding is not None:
            yield finding
    # Parts whose shares of one base add up to 100% are meant to be the whole of it.
    for base, shares in groups.values():
        if base.family != MONEY or len(shares) < 2:
            continue
        printed = sum((share.share.number for share in shares), Decimal(0))
        if abs(printed - HUNDRED) <= profile.tolerance.share * len(shares):
            checked_wholes.add(base.order)
            finding = _sum_finding(base, [share.part for share in shares], profile)
            if finding is not None:
                yield finding
    for whole, parts in _listed_parts(paragraphs, profile):
        if whole.order not in checked_wholes:
            finding = _list_finding(whole, parts, profile)
            if finding is not None:
                yield finding


def _base_of(share: Share, paragraphs: list[Paragraph]) -> Quantity | None:
    """The latest amount of the part's section, before the part, whose label names the base."""
    part = share.part
    # "基本支出1007.91万元，占基本支出的100%" is the base itself, not a part of it.
    if share.base in part.label:
        return None
    base: Quantity | None = None
    section, number = part.paragraph.section, part.paragraph.number
    for paragraph in paragraphs:
        if paragraph.section != section:
            continue
        if paragraph.number > number:
            break
        if share.base not in paragraph.text.replace(" ", ""):
            continue  # no label in it can name the base
        own = paragraph.number == number  # only there can a candidate come after the part
        for candidate in paragraph.quantities:
            if own and candidate.start >= part.start:
                break
            if (
                candidate.family == part.family
                and candidate.measured
                and share.base in candidate.label.replace(" ", "")
                and candidate.common > 0
            ):
                base = candidate
    return base


def _share_finding(share: Share, base: Quantity, profile: Profile) -> Finding | None:
    printed = share.share
    exact = share.part.common / base.common * HUNDRED
    shown = exact.quantize(Decimal(1).scaleb(-printed.places), rounding=ROUND_HALF_UP)
    if abs(shown - printed.number) <= profile.tolerance.share:
        return None
    computed = format_decimal(shown) + "%"
    return REPORT_ARITHMETIC.make(
        printed.clause.path,
        kind="share",
        part=_quote(share.part),
        base=_quote(base),
        printed=printed.printed,
        computed=computed,
        detail=(
            f"“{_quote(share.part)}”占“{_quote(base)}”应为{computed}，报告写的是{printed.printed}"
        ),
        detail_en=f"{share.part.printed} of {base.printed} is {computed}, not {printed.printed}",
    )


def _sum_finding(whole: Quantity, parts: Sequence[Quantity], profile: Profile) -> Finding | None:
    total = sum((part.common for part in parts), Decimal(0))
    difference = total - whole.common
    if abs(difference) <= profile.tolerance.money_per_part * len(parts):
        return None
    shown_total = format_decimal(total, 2)
    shown_parts = "＋".join(part.printed for part in parts)
    more_or_less = "多" if difference > 0 else "少"
    return REPORT_ARITHMETIC.make(
        whole.clause.path,
        kind="parts",
        whole=_quote(whole),
        parts=[part.printed for part in parts],
        sum=shown_total,
        difference=format_decimal(abs(difference), 2),
        detail=(
            f"“{_quote(whole)}”的各分项 {shown_parts}＝{shown_total}万元，"
            f"比总数{more_or_less}{format_decimal(abs(difference), 2)}万元"
        ),
        detail_en=f"the parts of {whole.printed} add up to {shown_total}",
    )


def _listed_parts(
    paragraphs: list[Paragraph], profile: Profile
) -> Iterator[tuple[Quantity, list[Quantity]]]:
    """Each "A万元，其中B万元…C万元…" list of a paragraph: the amount before 其中 and the
    amounts after it, up to the next list or the next named whole (基本支出, 项目支出)."""
    labels = profile.report.labels
    markers, wholes = labels.list_markers, labels.basic + labels.project
    for paragraph in paragraphs:
        if not has_any(paragraph.text, markers):
            continue
        amounts = [q for q in paragraph.quantities if q.family == MONEY and q.measured]
        for at, amount in enumerate(amounts):
            if at == 0 or not has_any(amount.lead, markers):
                continue
            parts = [amount]
            for following in amounts[at + 1 :]:
                if has_any(following.lead, markers) or has_any(following.label, wholes):
                    break
                parts.append(following)
            yield amounts[at - 1], parts


def _list_finding(whole: Quantity, parts: list[Quantity], profile: Profile) -> Finding | None:
    """A list may stop short of its whole ("其中人员经费…"): only a list that closes with a
    catch-all part ("其他支出") claims to be complete, unless some first parts already add up."""
    if len(parts) < 2:
        return None
    tolerance = profile.tolerance.money_per_part
    running = Decimal(0)
    for count, part in enumerate(parts, start=1):
        running += part.common
        if abs(running - whole.common) <= tolerance * count:
            return None
    catch_all = profile.report.labels.catch_all
    for count, part in enumerate(parts[1:], start=2):
        if has_any(part.label, catch_all):
            return _sum_finding(whole, parts[:count], profile)
    return None


def _quote(quantity: Quantity) -> str:
    """How to show an amount: its clause when short, else its label and figure."""
    text = quantity.clause.text
    return text if len(text) <= 40 else f"{quantity.label}{quantity.printed}"

"""privacy-id-number: a resident identity card number in a document meant for publication."""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from datetime import date

from jixiao.checks.base import CheckContext, check
from jixiao.checks.narrative import document_texts
from jixiao.findings import Finding, Severity, declare

PRIVACY_ID_NUMBER = declare(
    "privacy-id-number",
    Severity.ERROR,
    title="公开文件中有居民身份证号码",
    title_en="Resident ID number in a published document",
    description=(
        "自评表或自评报告中出现了18位居民身份证号码。身份证号属于个人敏感信息，依法不得在"
        "政府网站公开；公开前必须删除。"
    ),
    template="{place}中有居民身份证号码 {masked}，公开前必须删除。",
    template_en="resident ID number {masked} in {field}: remove it before publication",
    module=__name__,
)

# 6-digit region, birth date 18xx–20xx, 3-digit sequence, check character. No look-behind,
# so the regex engine skips text fast; the characters around a hit are checked in Python.
_ID = re.compile(
    r"[1-9][0-9]{5}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]"
)
_GLUED = frozenset(string.digits + string.ascii_letters)
# GB 11643-1999: weights of the first 17 digits, and the check character by sum mod 11.
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


# An ID number starts with 17 ASCII digits in a row. Whether a text has such a run at all is
# told by C-level byte calls (every other character made a space, then one search) four times
# faster than the regex scans text, and most documents have none.
_ONLY_DIGITS = bytes(ord("0") if byte in b"0123456789" else ord(" ") for byte in range(256))
_SEVENTEEN_DIGITS = b"0" * 17


def may_hold_id_number(text: str) -> bool:
    """False when the text has no run of 17 ASCII digits, so no ID number."""
    # One byte per character ("?" for any other than ASCII), so runs stay as they are.
    return _SEVENTEEN_DIGITS in text.encode("ascii", "replace").translate(_ONLY_DIGITS)


@check(PRIVACY_ID_NUMBER)
def check_privacy_id_number(ctx: CheckContext) -> Iterator[Finding]:
    texts = document_texts(ctx)
    joined = texts.joined
    if not may_hold_id_number(joined):
        return
    for match in _ID.finditer(joined):
        number, start, end = match.group(), match.start(), match.end()
        # Part of a longer run of digits or letters: an account or a code, not an ID.
        if (start and joined[start - 1] in _GLUED) or (end < len(joined) and joined[end] in _GLUED):
            continue
        if is_id_number(number):
            path, place = texts.locate(match.start())
            yield PRIVACY_ID_NUMBER.make(path, place=place, field=path, masked=mask_id(number))


def is_id_number(number: str, today: date | None = None) -> bool:
    """A valid check character and a birth date that has happened (GB 11643)."""
    if len(number) != 18 or not number[:17].isdigit():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(number, _WEIGHTS, strict=False))
    if _CHECK[total % 11] != number[17].upper():
        return False
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return date(1900, 1, 1) <= born <= (today or date.today())


def mask_id(number: str) -> str:
    """430221********123X: region and last four kept, the birth date hidden."""
    return f"{number[:6]}{'*' * 8}{number[-4:]}"

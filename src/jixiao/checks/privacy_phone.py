"""privacy-phone: a personal mobile number in a document meant for publication."""

from __future__ import annotations

import re
from collections.abc import Iterator

from jixiao.checks.base import CheckContext, check
from jixiao.checks.narrative import document_texts
from jixiao.findings import Finding, Severity, declare

PRIVACY_PHONE = declare(
    "privacy-phone",
    Severity.WARNING,
    title="公开文件中有个人手机号码",
    title_en="Personal mobile number in a published document",
    description=(
        "自评表和自评报告要在政府网站公开，不应登载个人手机号码等个人信息。联系电话应填写"
        "单位办公电话（如0731-23123456）；公开前删去或遮盖个人手机号。"
    ),
    template="{place}中有个人手机号码 {masked}；自评表和报告要公开，请改为单位办公电话。",
    template_en="personal mobile number {masked} in {field}: use the office landline",
    module=__name__,
)

# Eleven digits 1[3-9]…, maybe grouped 3-4-4. The pattern starts with a literal so the regex
# engine skips text fast; the digits around it are checked in Python, for the few hits.
_MOBILE = re.compile(r"1[3-9][0-9](?:[- ]?[0-9]{4}){2}")
# A country code before it ("+86 136…", "86136…") is allowed; any other digit is not.
_COUNTRY_CODE = re.compile(r"(?:^|[^0-9])\+?86[- ]?$")
_DIGITS = frozenset("0123456789")
# An amount ("13507420851元", "13507420851.5") is not a phone number.
_AMOUNT_AFTER = frozenset("元万亿千%％.．")


@check(PRIVACY_PHONE)
def check_privacy_phone(ctx: CheckContext) -> Iterator[Finding]:
    texts = document_texts(ctx)
    joined = texts.joined
    for match in _MOBILE.finditer(joined):
        if not is_mobile_at(joined, match.start(), match.end()):
            continue
        path, place = texts.locate(match.start())
        yield PRIVACY_PHONE.make(path, place=place, field=path, masked=mask_mobile(match.group()))


def is_mobile_at(text: str, start: int, end: int) -> bool:
    """Not part of a longer run of digits (a landline "0731-23123456", an ID number) and not
    an amount."""
    if end < len(text) and (text[end] in _DIGITS or text[end] in _AMOUNT_AFTER):
        return False
    if start and text[start - 1] in ".．":
        return False
    if start and text[start - 1] in _DIGITS:
        return _COUNTRY_CODE.search(text, max(0, start - 5), start) is not None
    return True


def mask_mobile(number: str) -> str:
    """136****0851: enough to recognise the number, not enough to call it."""
    digits = re.sub(r"[^0-9]", "", number)
    return f"{digits[:3]}****{digits[-4:]}"

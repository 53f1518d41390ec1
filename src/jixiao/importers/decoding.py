"""Bytes to text, the way Chinese offices save their files.

Order of trust: a byte-order mark, then UTF-16 told by where its NUL bytes stand (some
exporters write it without a mark), then strict UTF-8, then GB18030 (a superset of GBK and
GB2312, which Windows in a Chinese locale writes by default). Binary junk is refused before any
decoding is tried, because GB18030 accepts many byte sequences that are not text at all.
"""

from __future__ import annotations

import codecs
import re

from jixiao.importers.base import import_error

# (mark, codec) — UTF-32 is not looked for: no office tool writes it, and its LE mark starts
# with the UTF-16 LE mark, which would then have to be checked second.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_FALLBACKS: tuple[str, ...] = ("utf-8", "gb18030")

# C0 controls other than \t \n \v \f \r, plus DEL. Text files hold next to none of them.
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1f\x7f]")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# A share above this is binary. Word's text export may leave a few cell marks (\x07) behind,
# so a small share is tolerated; random bytes carry about 11 %.
_MAX_CONTROL_SHARE = 0.05
# The share of NUL bytes on one side (odd or even offsets) that says UTF-16 without a mark.
_ONE_SIDE = 0.9
_MIN_NULS = 8
# What a table's text is made of: ASCII, CJK punctuation, ideographs, full-width forms.
_TABLE_CHARS = re.compile("[\t\n\r\x20-\x7e\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
_UTF16_PROBE = 2048  # enough characters to hold line ends; the parity test runs on every head
# Looking at the start is enough to tell text from binary and keeps big files cheap.
_PROBE = 8192


def _split_bom(data: bytes) -> tuple[str | None, bytes]:
    for mark, codec in _BOMS:
        if data.startswith(mark):
            return codec, data[len(mark) :]
    return None, data


def _split_mark(data: bytes) -> tuple[str | None, bytes]:
    """The codec a byte-order mark names (the mark cut off), or UTF-16 recognised without one."""
    codec, body = _split_bom(data)
    return (codec, body) if codec is not None else (_utf16_without_mark(data), data)


def _utf16_without_mark(data: bytes) -> str | None:
    """``utf-16-le`` / ``utf-16-be`` for UTF-16 text saved without a byte-order mark.

    Every ASCII character (digits, tabs, line ends: a table has many) carries a NUL byte
    beside its code, so nearly all NULs stand at odd offsets (little-endian) or at even ones
    (big-endian); a few CJK characters (一 is U+4E00) add NULs on the other side. Binary data
    scatters them more evenly, and other text has none. Decoded, a table's text is nearly all
    Chinese, ASCII and full-width signs, where binary decodes to a third CJK at most."""
    probe = data[:_UTF16_PROBE]
    probe = probe[: len(probe) - len(probe) % 2]
    nuls = probe.count(0)
    if nuls < max(_MIN_NULS, len(probe) // 20):  # few ASCII characters: not a table's text
        return None
    codec = None
    if probe[1::2].count(0) >= _ONE_SIDE * nuls:
        codec = "utf-16-le"
    elif probe[0::2].count(0) >= _ONE_SIDE * nuls:
        codec = "utf-16-be"
    if codec is None:
        return None
    sample = probe.decode(codec, errors="replace")
    readable = len(_TABLE_CHARS.findall(sample))
    return codec if "\n" in sample and readable >= _ONE_SIDE * len(sample) else None


def looks_binary(data: bytes) -> bool:
    """True for bytes no text importer should try: NUL bytes or many control bytes."""
    probe = data[:_PROBE]
    if b"\x00" in probe:
        return True
    return len(_CONTROL_BYTES.findall(probe)) > _MAX_CONTROL_SHARE * max(len(probe), 1)


def normalize_newlines(text: str) -> str:
    """\\r\\n and lone \\r (old Mac, some exporters) become \\n."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode_strict(data: bytes) -> str | None:
    for codec in _FALLBACKS:
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    return None


def decode(data: bytes) -> str:
    """The text of ``data`` with \\n line ends; raise ``import-binary`` or ``import-encoding``."""
    codec, body = _split_mark(data)
    if codec is not None:
        try:
            text = body.decode(codec)
        except UnicodeDecodeError as exc:
            raise import_error("import-encoding") from exc
    else:
        if looks_binary(body):
            raise import_error("import-binary")
        decoded = _decode_strict(body)
        if decoded is None:
            raise import_error("import-encoding")
        text = decoded
    probe = text[:_PROBE]
    if len(_CONTROL_CHARS.findall(probe)) > _MAX_CONTROL_SHARE * max(len(probe), 1):
        raise import_error("import-binary")
    return normalize_newlines(text)


def decode_head(head: bytes) -> str | None:
    """Best-effort text of the first bytes of a file, for sniffing; None when not text.

    The head may end in the middle of a multi-byte character, so incremental decoders are
    used: they keep an unfinished tail instead of failing on it.
    """
    codec, body = _split_mark(head)
    if codec is None and looks_binary(body):
        return None
    for name in (codec,) if codec else _FALLBACKS:
        decoder = codecs.getincrementaldecoder(name)()
        try:
            return normalize_newlines(decoder.decode(body, final=False))
        except UnicodeDecodeError:
            continue
    return None

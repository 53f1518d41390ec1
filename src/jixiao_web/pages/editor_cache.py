"""The edit page's editor, rendered once per version and language, kept in the shared cache.

A version never changes once saved, and the editor shows nothing but the version (its values,
recomputed scores, findings and justifications), the profile's level choices and the words
of the language: it is rendered without the request, so nothing of the user or the session
can leak into it. The one per-request piece, the CSRF input, is put in where the template left
its marker. Rendering the editor is most of the page's cost (a 15-line table is ~80 KB of
HTML); served from the cache the page costs a few queries. It is kept compressed (~10 KB):
reading and inflating that costs less than reading the 80 KB, and it stays UTF-8 bytes to the
response, never decoded and encoded again.

The key holds a revision of everything else the HTML depends on (templates, template tags,
presenters, translations, rule profiles, the core's version), so a deploy that changes any
of them never serves an editor rendered by the code before it.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from django.core.cache import cache
from django.utils import translation

import jixiao
import jixiao_web
from jixiao_web.evaluations.models import Document
from jixiao_web.pages.templatetags.jixiao_chrome import csrf_input

CSRF_MARKER = b"<!--csrf-->"  # literal template text: typed values are escaped, never a match
EDITOR_SLOT = "<!--editor-->"  # where the page puts the editor's bytes
TIMEOUT_SECONDS = 7 * 24 * 60 * 60  # an edit page not opened for a week is rendered afresh

_WEB = Path(jixiao_web.__file__).parent
_CORE = Path(jixiao.__file__).parent
# Where the editor's HTML comes from, besides the version itself.
_SOURCES = (
    (_WEB / "templates", "*.html"),
    (_WEB / "pages", "*.py"),
    (_WEB / "services", "*.py"),
    (_WEB / "locale", "*.mo"),
    (_CORE / "rules", "*.toml"),
)


@lru_cache(maxsize=1)
def revision() -> str:
    """A digest of the code and data the editor is rendered with, worked out once a process."""
    digest = hashlib.sha256(jixiao.__version__.encode())
    for folder, pattern in _SOURCES:
        for path in sorted(folder.rglob(pattern)):
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def editor_key(document: Document, just_saved: bool) -> str:
    """The key of the document's current version: its number, and the time it was saved, as a
    restored database (or a rolled-back test) may number a different version alike."""
    language = translation.get_language() or "zh-hans"
    saved = int(document.updated_at.timestamp() * 1_000_000)
    return (
        f"editor:{revision()}:{document.pk}:{document.version}:{saved}:{language}:{int(just_saved)}"
    )


def cached_editor(document: Document, just_saved: bool, render: Callable[[], str]) -> bytes:
    """The editor of the current version as UTF-8: from the cache, or rendered by ``render``."""
    key = editor_key(document, just_saved)
    packed = cache.get(key)
    if isinstance(packed, bytes):
        return zlib.decompress(packed)
    html = render().encode()
    cache.set(key, zlib.compress(html, 6), TIMEOUT_SECONDS)
    return html


def with_csrf(html: bytes, token: str) -> bytes:
    """The editor with the request's CSRF input in the form (as ``{% csrf_token %}`` would);
    ``token`` is the request's masked token (``get_token``)."""
    return html.replace(CSRF_MARKER, csrf_input(token).encode(), 1)


def page_with_editor(page: str, editor: bytes) -> bytes:
    """The page, rendered with :data:`EDITOR_SLOT` for the editor, with the editor put in."""
    before, slot, after = page.partition(EDITOR_SLOT)
    if not slot:
        raise ValueError("the page has no editor slot")
    return b"".join((before.encode(), editor, after.encode()))

"""The language a page speaks: 简体中文, or English when the user chose it with the switch.

Django's own LocaleMiddleware also follows the browser's Accept-Language, so every English
browser (and every headless test browser, which says en-US) would get English unasked. The
forms and the people are Chinese, so here only an explicit choice counts: the cookie Django's
``set_language`` view writes. Without it the page is ``LANGUAGE_CODE`` (zh-hans).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers


def chosen_language(code: str | None) -> str:
    """The supported language for a cookie's value; the default for anything else."""
    if not code:
        return str(settings.LANGUAGE_CODE)
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return str(settings.LANGUAGE_CODE)


def in_english() -> bool:
    """Whether the active language is English (the core's ``*_en`` texts are then shown)."""
    return (translation.get_language() or "").startswith("en")


class ChosenLanguageMiddleware:
    """Activates the chosen language for one request, and only for that request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = chosen_language(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response

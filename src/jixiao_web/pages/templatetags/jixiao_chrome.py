"""The header every page carries: brand, menu, who is signed in, the language switch.

One tag, made in Python: written as template markup, its dozen URL, translation and
condition nodes cost more than the rest of a cached edit page's shell together. Every value
is escaped by ``format_html``.
"""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.http import HttpRequest
from django.urls import get_script_prefix, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from jixiao_web.pages.templatetags.jixiao_dashboard import sees_dashboard

register = template.Library()

LANGUAGES = (("zh-hans", "zh-Hans", "中文"), ("en", "en", "English"))


@lru_cache(maxsize=64)
def _url(name: str, prefix: str) -> str:
    """A URL without arguments; the same for every request under one script prefix."""
    del prefix  # part of the cache key: reverse() reads it itself
    return reverse(name)


def url(name: str) -> str:
    return _url(name, get_script_prefix())


@register.simple_tag(takes_context=True)
def top_bar(context: template.Context) -> SafeString:
    request: HttpRequest = context["request"]
    token = str(context.get("csrf_token", ""))
    signed_in = request.user.is_authenticated
    return format_html(
        '<header class="top">\n  <a class="brand" href="{}">{}</a>\n  <nav>{}</nav>\n'
        '  <div class="who">{}{}</div>\n</header>',
        url("home"),
        _("预算绩效自评"),
        _menu(request, signed_in),
        _who(request, token) if signed_in else _log_in(),
        _language_switch(request, token),
    )


def _menu(request: HttpRequest, signed_in: bool) -> SafeString:
    links = []
    if signed_in:
        links.append((url("documents"), _("我的自评表")))
        if sees_dashboard(request):
            links.append((url("dashboard"), _("概览")))
    links.append((url("portal"), _("公开栏")))
    return format_html_join(" ", '<a href="{}">{}</a>', links)


def csrf_input(token: str) -> SafeString:
    """The hidden field ``{% csrf_token %}`` writes, for a request's masked token."""
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)


def _who(request: HttpRequest, token: str) -> SafeString:
    return format_html(
        '{} <form method="post" action="{}" class="inline">{}'
        '<button type="submit" class="link">{}</button></form>',
        request.user.get_username(),
        url("logout"),
        csrf_input(token),
        _("退出"),
    )


def _log_in() -> SafeString:
    return format_html('<a href="{}">{}</a>', url("login"), _("登录"))


def _language_switch(request: HttpRequest, token: str) -> SafeString:
    back = ""
    if request.method == "GET":  # after switching, the same page again
        back = format_html('<input type="hidden" name="next" value="{}">', request.get_full_path())
    current = get_language()
    buttons = format_html_join(
        " / ",
        '<button type="submit" name="language" value="{}" class="link" lang="{}"{}>{}</button>',
        (
            (code, lang, mark_safe(' aria-pressed="true"' if code == current else ""), label)
            for code, lang, label in LANGUAGES
        ),
    )
    return format_html(
        ' <form method="post" action="{}" class="inline language">{}{}{}</form>',
        url("set_language"),
        csrf_input(token),
        back,
        buttons,
    )

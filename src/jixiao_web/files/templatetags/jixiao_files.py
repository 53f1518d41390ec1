"""``{% files_box as box %}``: the files box of the document in the page's context."""

from __future__ import annotations

from typing import Any

from django import template
from django.contrib.auth.models import AnonymousUser

from jixiao_web.files.panel import FilesPanel, files_panel
from jixiao_web.services.policy import Actor, actor_from_request

register = template.Library()


@register.simple_tag(takes_context=True)
def files_box(context: template.Context, upload: bool = True) -> FilesPanel:
    """Reads ``document``, on a version page ``shown`` (the version on the page), and
    ``public`` on the portal's page, which shows everyone what the public gets."""
    shown: Any = context.get("shown")
    number = None if shown is None else int(shown.number)
    public = bool(context.get("public"))
    who = Actor(user=AnonymousUser()) if public else actor_from_request(context["request"])
    return files_panel(who, context["document"], number, upload and shown is None)

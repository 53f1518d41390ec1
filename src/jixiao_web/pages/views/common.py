"""What every page view shares: the actor, and service failures as clear pages."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jixiao_web.services.errors import ServiceError
from jixiao_web.services.policy import Actor, actor_from_request

View = Callable[..., HttpResponse]


def actor(request: HttpRequest) -> Actor:
    return actor_from_request(request)


def failure_page(request: HttpRequest, error: ServiceError) -> HttpResponse:
    context = {"error": error, "findings": error.detail.get("findings", [])}
    return render(request, "jixiao_web/failure.html", context, status=error.status)


def shows_service_errors(view: View) -> View:
    """A refused act becomes a page that says why (403, 409, 422 …), never a server error."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except ServiceError as error:
            return failure_page(request, error)

    return wrapped

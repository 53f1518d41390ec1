"""The dashboard (概览): one year of the reviewer's units at a glance, tables and charts."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jixiao_web.pages.views.common import actor, shows_service_errors
from jixiao_web.services.dashboard import dashboard


@login_required
@shows_service_errors
def overview(request: HttpRequest) -> HttpResponse:
    data = dashboard(actor(request), request.GET.get("year", ""))
    return render(request, "jixiao_web/dashboard.html", {"data": data})

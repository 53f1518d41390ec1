"""Starting a new document: blank, from last year's indicators, or from an uploaded file."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jixiao_web.pages.views.common import actor
from jixiao_web.services import policy, starting
from jixiao_web.services.documents import Saved, create_document
from jixiao_web.services.errors import InvalidInput, ServiceError


def _page(request: HttpRequest, error: ServiceError | None = None) -> HttpResponse:
    context = {
        "units": policy.editable_units(actor(request)),
        "error": error,
        "year": request.POST.get("year") or date.today().year - 1,
        "chosen_unit": request.POST.get("unit", ""),
        "chosen_start": request.POST.get("start", "blank"),
    }
    return render(request, "jixiao_web/new.html", context, status=400 if error else 200)


@login_required
def new_document(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _page(request)
    try:
        saved = _start(request)
    except ServiceError as error:
        return _page(request, error)
    return redirect("edit", pk=saved[0].document.pk)


def _start(request: HttpRequest) -> list[Saved]:
    who = actor(request)
    unit_id, year = _int(request.POST.get("unit")), _int(request.POST.get("year"))
    unit = policy.editable_units(who).filter(pk=unit_id).first() if unit_id else None
    if unit is None or year is None:
        raise InvalidInput(_("请选择单位并填写年度"))
    start = request.POST.get("start", "blank")
    if start == "previous":
        return [starting.start_from_previous(who, unit, year)]
    if start == "upload":
        upload = request.FILES.get("file")
        if upload is None:
            raise InvalidInput(_("请选择要导入的文件"))
        with transaction.atomic():  # a file of several tables is imported whole or not at all
            return starting.start_from_upload(who, unit, year, upload.read(), upload.name or "")
    return [create_document(who, unit, starting.blank(unit, year))]


def _int(text: str | None) -> int | None:
    return int(text) if text and text.strip().isdigit() else None

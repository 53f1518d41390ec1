"""Lists: the documents a user may see, and the public portal of published ones.

Both are paged (50 a page), filtered and sorted from the query string (services/listing.py);
a page costs the same few queries however many documents there are: the rows with their unit,
their count, and the years for the year filter.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from jixiao_web.evaluations.models import Document, State
from jixiao_web.pages.views.common import actor
from jixiao_web.services import listing, policy


def home(request: HttpRequest) -> HttpResponse:
    return redirect("documents" if request.user.is_authenticated else "portal")


@login_required
def documents(request: HttpRequest) -> HttpResponse:
    who = actor(request)
    visible = policy.visible_documents(who)
    chosen = listing.read_listing(request.GET)
    context = {
        **_paged(request, visible, chosen, public=False),
        "states": State.choices,
        # Reviewers look for tables still carrying errors; a unit's own people see theirs anyway.
        "offers_error_filter": who.is_superuser or bool(policy.units_of(who, policy.SUBTREE_ROLES)),
    }
    return render(request, "jixiao_web/documents.html", context)


def portal(request: HttpRequest) -> HttpResponse:
    published = Document.objects.filter(state=State.PUBLISHED)
    chosen = listing.read_listing(request.GET, public=True)
    context = _paged(request, published, chosen, public=True)
    return render(request, "jixiao_web/portal.html", context)


def _paged(
    request: HttpRequest, documents: QuerySet[Document], chosen: listing.Listing, *, public: bool
) -> dict[str, Any]:
    rows = chosen.apply(documents.select_related("unit"))
    # get_page, not page: a page number that is not one, or past the end, still shows a page.
    page = Paginator(rows, listing.PER_PAGE).get_page(request.GET.get("page"))
    return {
        "page": page,
        "documents": page.object_list,
        "page_numbers": page.paginator.get_elided_page_range(page.number),
        "listing": chosen,
        "query": chosen.query_string(),
        "years": _year_choices(documents, chosen),
        "sorts": listing.sort_choices(public),
    }


def _year_choices(documents: QuerySet[Document], chosen: listing.Listing) -> list[int]:
    # A year asked for that has no documents stays selected, so the form says what is shown.
    years = set(listing.years_of(documents))
    if chosen.year is not None:
        years.add(chosen.year)
    return sorted(years, reverse=True)

"""Which documents a list shows, in what order: the filters and sorts of the list page, the
public portal and the API.

A query string is read leniently: a value that cannot be used (``year=x``, ``sort=unknown``)
is dropped, as if it had not been given, so a hand-edited or stale link still answers with a
list. The filters narrow a queryset the caller has already limited to what the reader may see;
they never widen it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Case, F, FloatField, IntegerField, OrderBy, QuerySet, Value, When
from django.db.models.functions import Cast, NullIf
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from jixiao_web.evaluations.models import Document, State

PER_PAGE = 50
UNIT_TEXT_MAX = 100  # longer than any unit name; keeps a pasted essay out of the query
# After the chosen key, the usual order, then the id: every page has a stable order.
TIE_BREAK = ("-year", "unit__name", "kind", "project", "pk")
TRUTHY = frozenset({"1", "true", "on", "yes"})


def _number(field: str) -> Cast:
    # Scores are stored as text ("" when unknown); ordered as numbers, the unknown ones last.
    return Cast(NullIf(F(field), Value("")), output_field=FloatField())


def _workflow_position() -> Case:
    steps = [When(state=state, then=Value(index)) for index, state in enumerate(State.values)]
    return Case(*steps, output_field=IntegerField())


SORT_LABELS: dict[str, StrOrPromise] = {
    "unit": _("单位"),
    "year": _("年度"),
    "score": _("自评得分"),
    "recomputed": _("复算得分"),
    "state": _("状态"),
    "updated": _("最后修改"),
}
PUBLIC_SORTS = ("unit", "year", "score", "recomputed", "updated")
ALL_SORTS = tuple(SORT_LABELS)


def _sort_expression(key: str) -> F | Cast | Case:
    if key == "score":
        return _number("score")
    if key == "recomputed":
        return _number("score_recomputed")
    if key == "state":
        return _workflow_position()
    return F({"unit": "unit__name", "year": "year", "updated": "updated_at"}[key])


@dataclass(frozen=True)
class Listing:
    """The filters and the sort of one list request, each already checked."""

    year: int | None = None
    state: str = ""
    unit: str = ""
    with_errors: bool = False
    sort: str = ""  # a key of SORT_LABELS, with "-" in front for descending; "" the usual

    def apply(self, documents: QuerySet[Document]) -> QuerySet[Document]:
        if self.year is not None:
            documents = documents.filter(year=self.year)
        if self.state:
            documents = documents.filter(state=self.state)
        if self.unit:
            documents = documents.filter(unit__name__icontains=self.unit)
        if self.with_errors:
            documents = documents.filter(errors__gt=0)
        return documents.order_by(*self._ordering())

    def _ordering(self) -> list[OrderBy | str]:
        if not self.sort:
            return list(TIE_BREAK)
        key = self.sort.removeprefix("-")
        expression = _sort_expression(key)
        first = (
            expression.desc(nulls_last=True)
            if self.sort.startswith("-")
            else expression.asc(nulls_last=True)
        )
        return [first, *TIE_BREAK]

    def query_string(self) -> str:
        """The filters and sort as URL parameters (without the page), for links that keep them."""
        pairs = {
            "year": "" if self.year is None else str(self.year),
            "state": self.state,
            "unit": self.unit,
            "errors": "1" if self.with_errors else "",
            "sort": self.sort,
        }
        return urlencode({name: value for name, value in pairs.items() if value})


def read_listing(params: Mapping[str, str], *, public: bool = False) -> Listing:
    """The listing a query string asks for. The public portal knows no state and no error
    filter: it lists published documents, and their findings are not public."""
    sorts = PUBLIC_SORTS if public else ALL_SORTS
    sort = params.get("sort", "")
    return Listing(
        year=read_year(params.get("year", "")),
        state="" if public else _known(params.get("state", ""), State.values),
        unit=params.get("unit", "").strip()[:UNIT_TEXT_MAX],
        with_errors=not public and params.get("errors", "").lower() in TRUTHY,
        sort=sort if sort.removeprefix("-") in sorts else "",
    )


def read_year(text: str) -> int | None:
    text = text.strip()
    return int(text) if len(text) == 4 and text.isascii() and text.isdigit() else None


def _known(value: str, allowed: list[str]) -> str:
    return value if value in allowed else ""


def is_known_sort(sort: str) -> bool:
    return sort.removeprefix("-") in ALL_SORTS


def sort_choices(public: bool = False) -> list[tuple[str, StrOrPromise]]:
    """(value, label) of every sort a list offers: each key up (↑) and down (↓)."""
    keys = PUBLIC_SORTS if public else ALL_SORTS
    return [
        (f"{sign}{key}", format_lazy("{} {}", SORT_LABELS[key], arrow))
        for key in keys
        for sign, arrow in (("", "↑"), ("-", "↓"))
    ]


def years_of(documents: QuerySet[Document]) -> list[int]:
    """The years the documents cover, newest first: the choices of the year filter."""
    return list(documents.order_by("-year").values_list("year", flat=True).distinct())

"""The dashboard (概览) of one year for a reviewer: workflow states, scores, grades, the widest
gaps between self-reported and recomputed totals, the most frequent finding codes, and the
averages per 主管部门.

It reads the summary columns of ``Document`` (state, score, score_recomputed, grade) and, for
the finding codes, only the stored check JSON of each current version: four queries in all,
however many documents there are. Scores are text ("" when unknown); an unknown score is left
out of every count and average, never taken as 0. Averages are Decimal, rounded half up to 0.01.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db.models import F, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

import jixiao.checks  # noqa: F401  (declares the finding codes in jixiao.CATALOGUE)
from jixiao import CATALOGUE
from jixiao_web.evaluations.models import Document, State, Version
from jixiao_web.language import in_english
from jixiao_web.orgs.models import OrgUnit, UnitKind
from jixiao_web.services import listing, policy
from jixiao_web.services.errors import NotAllowed
from jixiao_web.services.policy import Actor

TOP = 10
CENT = Decimal("0.01")
# Histogram bins by lower bound; the last takes 90 to 100 (and anything above).
BINS = (Decimal(0), Decimal(60), Decimal(70), Decimal(80), Decimal(90))
BIN_LABELS = ("<60", "60–70", "70–80", "80–90", "≥90")
GRADES = ("优", "良", "中", "差")


@dataclass(frozen=True)
class Unit:
    id: int
    name: str
    kind: str
    parent_id: int | None


def may_see_dashboard(actor: Actor) -> bool:
    """The dashboard is for reviewers (主管部门审核, 财政复核, 管理员): a unit's own people
    follow their tables on the list page."""
    return actor.is_superuser or bool(policy.units_of(actor, policy.SUBTREE_ROLES))


def dashboard(actor: Actor, year_text: str = "") -> dict[str, Any]:
    """The dashboard of the year asked for (default: the latest with documents in scope)."""
    if not may_see_dashboard(actor):
        raise NotAllowed(_("概览仅供主管部门审核、财政复核和管理员查看"))
    scope = policy.readable_unit_ids(actor)
    in_scope = Document.objects.filter(unit_id__in=scope)
    years = listing.years_of(in_scope)
    year = _chosen_year(year_text, years)
    of_year = in_scope.none() if year is None else in_scope.filter(year=year)
    documents = list(of_year.select_related("unit").order_by("pk"))
    units = _units(scope)
    return {
        "year": year,
        "years": years,
        "total": len(documents),
        "states": _states(documents),
        "not_started": _not_started(units, documents),
        "grades": _grades(documents),
        "scores": _score_summary(documents),
        "histogram": _histogram(documents),
        "gaps": _gaps(documents),
        "codes": _codes(_check_jsons(of_year)),
        "departments": _departments(units, documents),
    }


def _chosen_year(text: str, years: list[int]) -> int | None:
    asked = listing.read_year(text)
    if asked is not None:
        return asked
    return years[0] if years else None


def _units(scope: Iterable[int]) -> dict[int, Unit]:
    rows = OrgUnit.objects.filter(id__in=list(scope)).values_list("id", "name", "kind", "parent")
    return {row[0]: Unit(*row) for row in rows}


def _number(text: str) -> Decimal | None:
    try:
        return Decimal(text) if text else None
    except InvalidOperation:
        return None


def _shown(value: Decimal | None) -> str | None:
    # 四舍五入, as the tables are rounded by hand, not banker's rounding.
    return None if value is None else str(value.quantize(CENT, rounding=ROUND_HALF_UP))


def _average(values: list[Decimal]) -> str | None:
    return _shown(sum(values, Decimal(0)) / len(values)) if values else None


def _states(documents: list[Document]) -> list[dict[str, Any]]:
    counts = Counter(document.state for document in documents)
    return [
        {"state": value, "label": str(label), "count": counts[value]}
        for value, label in State.choices
    ]


def _not_started(units: Mapping[int, Unit], documents: list[Document]) -> list[dict[str, Any]]:
    started = {document.unit_id for document in documents}
    waiting = [u for u in units.values() if u.kind != UnitKind.FINANCE and u.id not in started]
    return [{"id": unit.id, "name": unit.name} for unit in sorted(waiting, key=lambda u: u.name)]


def _grades(documents: list[Document]) -> list[dict[str, Any]]:
    counts = Counter(document.grade for document in documents if document.grade)
    known = [grade for grade in GRADES if grade in counts]
    others = sorted(grade for grade in counts if grade not in GRADES)
    return [
        {"grade": grade, "label": pgettext("grade", grade) if grade in GRADES else grade,
         "count": counts[grade]}
        for grade in known + others
    ]  # fmt: skip


def _score_summary(documents: list[Document]) -> dict[str, Any]:
    summary: dict[str, Any] = {}
    for key, field in (("self", "score"), ("recomputed", "score_recomputed")):
        values = [v for d in documents if (v := _number(getattr(d, field))) is not None]
        summary[key] = {"count": len(values), "average": _average(values)}
    return summary


def _bin(value: Decimal) -> int:
    return max(index for index, low in enumerate(BINS) if value >= low or index == 0)


def _histogram(documents: list[Document]) -> list[dict[str, Any]]:
    counts: dict[str, list[int]] = {"self": [0] * len(BINS), "recomputed": [0] * len(BINS)}
    for document in documents:
        for key, text in (("self", document.score), ("recomputed", document.score_recomputed)):
            value = _number(text)
            if value is not None:
                counts[key][_bin(value)] += 1
    return [
        {"bin": label, "self": counts["self"][index], "recomputed": counts["recomputed"][index]}
        for index, label in enumerate(BIN_LABELS)
    ]


def _gaps(documents: list[Document]) -> list[dict[str, Any]]:
    """The documents whose self-reported total is furthest above the recomputed one."""
    rows = []
    for document in documents:
        reported, recomputed = _number(document.score), _number(document.score_recomputed)
        if reported is not None and recomputed is not None and reported > recomputed:
            rows.append((reported - recomputed, document, reported, recomputed))
    rows.sort(key=lambda row: (-row[0], row[1].unit.name, row[1].pk))
    return [
        {"document": document.pk, "unit": document.unit.name, "subject": _subject(document),
         "self": _shown(reported), "recomputed": _shown(recomputed), "gap": _shown(gap)}
        for gap, document, reported, recomputed in rows[:TOP]
    ]  # fmt: skip


def _subject(document: Document) -> str:
    return document.project or str(document.get_kind_display())


def _check_jsons(documents: QuerySet[Document]) -> list[str]:
    current = Version.objects.filter(document__in=documents, number=F("document__version"))
    return list(current.values_list("check_json", flat=True))


def _codes(check_jsons: list[str]) -> list[dict[str, Any]]:
    """The finding codes of the current versions, most documents first, then most findings."""
    findings: Counter[str] = Counter()
    documents: Counter[str] = Counter()
    for text in check_jsons:
        codes = [finding["code"] for finding in json.loads(text).get("findings", [])]
        findings.update(codes)
        documents.update(set(codes))
    ranked = sorted(findings, key=lambda code: (-documents[code], -findings[code], code))
    return [_code_row(code, findings[code], documents[code]) for code in ranked[:TOP]]


def _code_row(code: str, findings: int, documents: int) -> dict[str, Any]:
    declared = CATALOGUE.get(code)
    title = "" if declared is None else (declared.title_en if in_english() else declared.title)
    severity = "" if declared is None else str(declared.severity)
    return {"code": code, "title": title, "severity": severity,
            "findings": findings, "documents": documents}  # fmt: skip


def _department_of(units: Mapping[int, Unit], unit_id: int) -> Unit | None:
    seen: set[int] = set()
    current = units.get(unit_id)
    while current is not None and current.id not in seen:
        if current.kind == UnitKind.DEPARTMENT:
            return current
        seen.add(current.id)
        current = units.get(current.parent_id) if current.parent_id is not None else None
    return None


def _departments(units: Mapping[int, Unit], documents: list[Document]) -> list[dict[str, Any]]:
    """Per 主管部门 (its own tables and those of the units under it): the average scores."""
    grouped: dict[str, list[Document]] = {}
    for document in documents:
        department = _department_of(units, document.unit_id)
        if department is not None:
            grouped.setdefault(department.name, []).append(document)
    return [
        {"name": name, "documents": len(members), **_averages(members)}
        for name, members in sorted(grouped.items())
    ]


def _averages(documents: list[Document]) -> dict[str, Any]:
    summary = _score_summary(documents)
    return {
        "self_count": summary["self"]["count"],
        "self_average": summary["self"]["average"],
        "recomputed_count": summary["recomputed"]["count"],
        "recomputed_average": summary["recomputed"]["average"],
    }

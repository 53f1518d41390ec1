"""Starting a document: blank, from last year's indicators, or from an uploaded file."""

from __future__ import annotations

from django.utils.translation import gettext as _

from jixiao import Evaluation, JixiaoError
from jixiao.importers import import_bytes
from jixiao.model.evaluation import Goal, Indicator, Report, ReportSection, Signoff
from jixiao_web.evaluations.models import Document, Kind
from jixiao_web.evaluations.notes import AppNote
from jixiao_web.language import in_english
from jixiao_web.orgs.models import OrgUnit
from jixiao_web.services import policy
from jixiao_web.services.checking import profile
from jixiao_web.services.documents import Saved, create_document, current_version, load_evaluation
from jixiao_web.services.errors import InvalidInput, NotAllowed
from jixiao_web.services.policy import Actor

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def blank(unit: OrgUnit, year: int) -> Evaluation:
    """An empty department table with the report's parts named by the rule profile."""
    sections = [
        ReportSection(number=rule.number, title=rule.name) for rule in profile().report.sections
    ]
    return Evaluation(unit=unit.name, year=year, goals=[Goal()], report=Report(sections=sections))


def from_previous(previous: Evaluation, year: int) -> Evaluation:
    """Last year's table as this year's start: the same indicators and targets, no results."""
    return Evaluation(
        kind=previous.kind, unit=previous.unit, department=previous.department,
        project=previous.project, implementing_unit=previous.implementing_unit, year=year,
        goals=[Goal(expected=goal.expected) for goal in previous.goals] or [Goal()],
        indicators=[_without_results(row) for row in previous.indicators],
        declared_level1_weights=dict(previous.declared_level1_weights),
        total=previous.total.model_copy(update={"score": None}),
        signoff=Signoff(filler=previous.signoff.filler, phone=previous.signoff.phone),
        report=_empty_report(previous.report),
    )  # fmt: skip


def _without_results(row: Indicator) -> Indicator:
    return row.model_copy(update={"actual": None, "score": None, "deviation_reason": None})


def _empty_report(report: Report | None) -> Report | None:
    if report is None:
        return None
    sections = [ReportSection(number=s.number, title=s.title) for s in report.sections]
    return Report(title=report.title, sections=sections)


def previous_document(unit: OrgUnit, year: int) -> Document | None:
    """The unit's latest department table before ``year``."""
    return (
        Document.objects.filter(unit=unit, kind=Kind.DEPARTMENT, year__lt=year)
        .order_by("-year")
        .first()
    )


def start_from_previous(actor: Actor, unit: OrgUnit, year: int) -> Saved:
    previous = previous_document(unit, year)
    if previous is None or not policy.can_read(actor, previous):
        raise InvalidInput(
            _("%(unit)s 没有 %(year)d 年以前的自评表可以沿用") % {"unit": unit.name, "year": year}
        )
    evaluation = from_previous(load_evaluation(current_version(previous)), year)
    return create_document(
        actor, unit, evaluation, AppNote("carried-over", {"year": str(previous.year)})
    )


def start_from_upload(
    actor: Actor, unit: OrgUnit, year: int, data: bytes, name: str
) -> list[Saved]:
    """One document per table in the file; the importer's own message when it cannot read it."""
    if not policy.can_create_in(actor, unit.pk):
        raise NotAllowed(_("您无权为该单位新建自评表"))
    if len(data) > MAX_UPLOAD_BYTES:
        raise InvalidInput(_("文件超过 20 MB，无法导入"))
    try:
        imported = import_bytes(data, name)
    except JixiaoError as error:
        reason = error.message_en if in_english() else error.message
        raise InvalidInput(
            _("无法读取文件“%(name)s”：%(reason)s") % {"name": name, "reason": reason},
            code=error.code,
        ) from None
    if not imported.evaluations:
        raise InvalidInput(_("文件“%(name)s”中没有找到绩效自评表") % {"name": name})
    saved = []
    for evaluation in imported.evaluations:
        evaluation.year = evaluation.year or year
        saved.append(create_document(actor, unit, evaluation, AppNote("imported", {"name": name})))
    return saved

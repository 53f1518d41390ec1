"""Creating documents and saving versions, with optimistic locking.

Every save names the version it was based on. The document's version number is compared and
set in one ``UPDATE … WHERE version = n AND state = 'draft'``: of two saves based on the same
version exactly one changes a row; the other gets :class:`Conflict`, never a silent overwrite.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from django.db import DEFAULT_DB_ALIAS, IntegrityError, connection, transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from jixiao import CheckReport, Evaluation
from jixiao_web.evaluations.models import Document, Kind, SeenVersion, State, Version
from jixiao_web.evaluations.notes import AppNote
from jixiao_web.orgs.models import OrgUnit
from jixiao_web.services import audit, policy
from jixiao_web.services.checking import check_evaluation, report_json
from jixiao_web.services.errors import Conflict, InvalidInput, Locked, NotAllowed
from jixiao_web.services.policy import Actor


@dataclass(frozen=True)
class Saved:
    document: Document
    version: Version
    report: CheckReport


def readable_document(actor: Actor, document_id: int) -> Document:
    """The document, or NotAllowed when it is not the actor's to see (or does not exist)."""
    document = _document_and_unit(document_id)
    if document is None or not policy.can_read(actor, document):
        raise NotAllowed(_("您无权查看此文档，或文档不存在"))
    return document


def _document_and_unit(document_id: int) -> Document | None:
    """The document with its unit (the page title names it), in one plain query: every
    document page asks for it first, and the ORM took three times as long to build the joined
    query as SQLite to answer it. The rows become model instances as the ORM makes them
    (``raw`` converts each column; ``from_db`` leaves the unit's other fields deferred)."""
    found = list(Document.objects.raw(_document_sql(), [document_id]))
    if not found:
        return None
    document = found[0]
    values = [document.unit_id, *(getattr(document, f"unit_{name}") for name in _UNIT_COLUMNS)]
    document.unit = OrgUnit.from_db(DEFAULT_DB_ALIAS, ["id", *_UNIT_COLUMNS], values)
    return document


_UNIT_COLUMNS = ("name", "kind", "parent_id")


@cache
def _document_sql() -> str:
    quote = connection.ops.quote_name
    documents, units = Document._meta, OrgUnit._meta
    unit_columns = ", ".join(f"u.{quote(name)} AS unit_{name}" for name in _UNIT_COLUMNS)
    return (
        f"SELECT d.*, {unit_columns} FROM {quote(documents.db_table)} d "
        f"JOIN {quote(units.db_table)} u "
        f"ON u.{quote(units.pk.column)} = d.{quote(documents.get_field('unit').column)} "
        f"WHERE d.{quote(documents.pk.column)} = %s"
    )


def insider_document(actor: Actor, document_id: int) -> Document:
    """The document, for those who work on or review its unit (versions, changes, findings);
    NotAllowed for everyone else, a published document included."""
    document = readable_document(actor, document_id)
    if not policy.is_insider(actor, document):
        raise NotAllowed(_("您无权查看此文档，或文档不存在"))
    return document


def editable_document(actor: Actor, document_id: int) -> Document:
    """The document if the actor may change it now: Locked outside 草稿, NotAllowed otherwise."""
    document = readable_document(actor, document_id)
    if not policy.can_edit(actor, document):
        if document.state != State.DRAFT:
            raise Locked(
                _("文档处于“%(state)s”状态，只有草稿可以修改")
                % {"state": document.get_state_display()}
            )
        raise NotAllowed(_("您无权修改此文档"))
    return document


def current_version(document: Document) -> Version:
    return get_object_or_404(Version, document=document, number=document.version)


def version_of(document: Document, number: int) -> Version:
    return get_object_or_404(Version, document=document, number=number)


def mark_seen(actor: Actor, document: Document) -> int | None:
    """Note that the actor has seen the current version; the version seen before, if any."""
    if not actor.is_authenticated:
        return None
    mark, created = SeenVersion.objects.get_or_create(
        user=actor.user, document=document, defaults={"number": document.version}
    )
    if created:
        return None
    if mark.number != document.version:
        SeenVersion.objects.filter(pk=mark.pk).update(number=document.version)
    return mark.number


def load_evaluation(version: Version) -> Evaluation:
    return Evaluation.model_validate_json(version.evaluation_json)


def _shown(value: Decimal | None) -> str:
    # For the list page only; the version keeps the full report.
    return "" if value is None else str(value.quantize(Decimal("0.01")))


def _summary(report: CheckReport) -> dict[str, object]:
    score = report.score
    return {
        "score": "" if score.self_reported is None else str(score.self_reported),
        "score_recomputed": _shown(score.recomputed),
        "grade": score.grade_recomputed or "",
        "errors": report.stats.errors,
        "warnings": report.stats.warnings,
    }


def create_document(
    actor: Actor, unit: OrgUnit, evaluation: Evaluation, note: str | AppNote = ""
) -> Saved:
    """A new draft with its first version; the subject comes from the evaluation."""
    if not policy.can_create_in(actor, unit.pk):
        raise NotAllowed(_("您无权为该单位新建自评表"))
    if evaluation.year is None:
        raise InvalidInput(_("自评表缺少年度，无法建档"))
    report = check_evaluation(evaluation)
    kind = Kind(evaluation.kind)
    project = (evaluation.project or "") if kind == Kind.PROJECT else ""
    with transaction.atomic():
        try:
            with transaction.atomic():  # a savepoint: the unique constraint decides, race-free
                document = Document.objects.create(
                    unit=unit,
                    year=evaluation.year,
                    kind=kind,
                    project=project,
                    version=1,
                    **_summary(report),
                )
        except IntegrityError:
            raise InvalidInput(
                _("%(unit)s %(year)d 年的这份自评表已经存在")
                % {"unit": unit.name, "year": evaluation.year}
            ) from None
        note = note or AppNote("created")
        version = _write_version(actor, document, 1, evaluation, report, note)
        audit.record(actor, "create", document, version=1, note=_text(note))
    return Saved(document, version, report)


def save_version(
    actor: Actor, document_id: int, evaluation: Evaluation, based_on: int, note: str = ""
) -> Saved:
    """Save a new version of a draft, if ``based_on`` is still the current version."""
    document = editable_document(actor, document_id)
    report = check_evaluation(evaluation)  # before the transaction: keep the write lock short
    number = based_on + 1
    with transaction.atomic():
        changed = Document.objects.filter(
            pk=document.pk, version=based_on, state=State.DRAFT
        ).update(version=number, updated_at=timezone.now(), **_summary(report))
        if changed == 0:
            _raise_why_not_saved(document.pk, based_on)
        document.refresh_from_db()
        version = _write_version(actor, document, number, evaluation, report, note)
        audit.record(actor, "save", document, version=number, based_on=based_on)
    return Saved(document, version, report)


def _raise_why_not_saved(document_id: int, based_on: int) -> None:
    state, current = Document.objects.values_list("state", "version").get(pk=document_id)
    if state != State.DRAFT:
        raise Locked(
            _("文档已处于“%(state)s”状态，只有草稿可以修改") % {"state": State(state).label}
        )
    raise Conflict(based_on=based_on, current=current)


def _write_version(
    actor: Actor,
    document: Document,
    number: int,
    evaluation: Evaluation,
    report: CheckReport,
    note: str | AppNote,
) -> Version:
    return Version.objects.create(
        document=document,
        number=number,
        evaluation_json=evaluation.model_dump_json(),
        check_json=report_json(report),
        author=actor.user if actor.is_authenticated else None,
        note=_text(note)[:200],
        note_code=note.code if isinstance(note, AppNote) else "",
        note_args=note.args if isinstance(note, AppNote) else {},
    )


def _text(note: str | AppNote) -> str:
    """The note as stored for the admin, the API and the audit log: an app note in Chinese."""
    return note.chinese() if isinstance(note, AppNote) else note

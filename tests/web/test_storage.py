"""Documents, versions and the audit log as stored: exact amounts, append-only history."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import IntegrityError

from jixiao import Evaluation
from jixiao.model.evaluation import Justification
from jixiao_web.audit.models import AppendOnlyError, AuditLog
from jixiao_web.evaluations.models import Document, Version
from jixiao_web.services.documents import create_document, load_evaluation

SIXTEEN_DIGITS = Decimal("12345678901234.56")


def test_a_sixteen_digit_amount_comes_back_from_the_database_with_every_digit(
    org: dict[str, Any], admin: Any, clean_evaluation: Evaluation
) -> None:
    clean_evaluation.funds.executed = SIXTEEN_DIGITS
    saved = create_document(admin.actor, org["A"], clean_evaluation)

    stored = Version.objects.get(pk=saved.version.pk)

    assert load_evaluation(stored).funds.executed == SIXTEEN_DIGITS
    assert str(load_evaluation(stored).funds.executed) == "12345678901234.56"


def test_the_stored_json_is_exactly_the_cores_serialisation(
    org: dict[str, Any], admin: Any, clean_evaluation: Evaluation
) -> None:
    saved = create_document(admin.actor, org["A"], clean_evaluation)

    assert (
        Version.objects.get(pk=saved.version.pk).evaluation_json
        == clean_evaluation.model_dump_json()
    )


def test_justifications_travel_inside_the_stored_evaluation(
    org: dict[str, Any], admin: Any, clean_evaluation: Evaluation
) -> None:
    clean_evaluation.justifications.append(
        Justification(code="target-vague", path="indicators[0].target", text="按文件表述")
    )
    saved = create_document(admin.actor, org["A"], clean_evaluation)

    assert load_evaluation(saved.version).justifications[0].text == "按文件表述"


def test_a_version_caches_the_check_report_without_the_evaluation(
    org: dict[str, Any], admin: Any, clean_evaluation: Evaluation
) -> None:
    saved = create_document(admin.actor, org["A"], clean_evaluation)

    assert '"findings"' in saved.version.check_json
    assert '"evaluation"' not in saved.version.check_json
    assert saved.document.errors == 0


def test_one_unit_has_one_document_per_year_and_kind(draft_a: Document) -> None:
    with pytest.raises(IntegrityError):
        Document.objects.create(unit=draft_a.unit, year=draft_a.year, kind=draft_a.kind)


def test_an_audit_entry_cannot_be_changed(draft_a: Document) -> None:
    entry = AuditLog.objects.first()
    assert entry is not None
    entry.action = "forged"

    with pytest.raises(AppendOnlyError):
        entry.save()


def test_an_audit_entry_cannot_be_deleted_one_by_one_or_in_bulk(draft_a: Document) -> None:
    entry = AuditLog.objects.first()
    assert entry is not None

    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditLog.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditLog.objects.update(action="forged")
    assert AuditLog.objects.filter(action="create").exists()


def test_the_migrations_match_the_models(db: None) -> None:
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)

"""Every save is a version; a stale save is a conflict, never a silent overwrite."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from jixiao import Evaluation
from jixiao_web.audit.models import AuditLog
from jixiao_web.evaluations.models import Document, Version
from jixiao_web.services.diff import diff_json, label
from jixiao_web.services.documents import current_version, load_evaluation, save_version
from jixiao_web.services.errors import Conflict, Locked, NotAllowed


def edited(document: Document, **changes: Any) -> Evaluation:
    evaluation = load_evaluation(current_version(document))
    for name, value in changes.items():
        setattr(evaluation.indicators[0], name, value)
    return evaluation


def test_a_save_adds_a_version_and_moves_the_documents_number(
    filler_a: Any, draft_a: Document
) -> None:
    saved = save_version(filler_a.actor, draft_a.pk, edited(draft_a, score=Decimal(4)), based_on=1)

    assert (saved.version.number, saved.document.version) == (2, 2)
    assert load_evaluation(saved.version).indicators[0].score == Decimal(4)
    assert Version.objects.filter(document=draft_a).count() == 2
    assert AuditLog.objects.filter(action="save", object_id=str(draft_a.pk)).count() == 1


def test_the_second_of_two_saves_based_on_the_same_version_is_a_conflict(
    filler_a: Any, admin: Any, draft_a: Document
) -> None:
    save_version(filler_a.actor, draft_a.pk, edited(draft_a, score=Decimal(4)), based_on=1)

    with pytest.raises(Conflict) as conflict:
        save_version(admin.actor, draft_a.pk, edited(draft_a, score=Decimal(3)), based_on=1)

    assert (conflict.value.based_on, conflict.value.current) == (1, 2)
    draft_a.refresh_from_db()
    assert draft_a.version == 2
    assert load_evaluation(current_version(draft_a)).indicators[0].score == Decimal(4)


@pytest.mark.parametrize("state", ["submitted", "signed", "reviewed", "published"])
def test_nobody_saves_outside_the_draft_state_not_even_the_admin(
    state: str, admin: Any, draft_a: Document, advance: Any
) -> None:
    advance(draft_a, state)

    with pytest.raises(Locked):
        save_version(admin.actor, draft_a.pk, edited(draft_a, score=Decimal(1)), based_on=1)
    assert Version.objects.filter(document=draft_a).count() == 1


@pytest.mark.parametrize("persona", ["filler_b", "head_a", "supervisor", "finance"])
def test_only_the_units_filler_or_an_admin_saves(
    persona: str, request: pytest.FixtureRequest, draft_a: Document
) -> None:
    who = request.getfixturevalue(persona)

    with pytest.raises(NotAllowed):
        save_version(who.actor, draft_a.pk, edited(draft_a, score=Decimal(1)), based_on=1)


def test_the_diff_names_each_changed_field_with_its_old_and_new_value(
    filler_a: Any, draft_a: Document
) -> None:
    old = current_version(draft_a).evaluation_json
    evaluation = edited(draft_a, score=Decimal("4.5"))
    evaluation.indicators[0].target.text = "≥20户"  # type: ignore[union-attr]

    rows = diff_json(old, evaluation.model_dump_json())

    by_path = {row.path: row for row in rows}
    assert set(by_path) == {"indicators[0].score", "indicators[0].target.text"}
    assert (by_path["indicators[0].score"].old, by_path["indicators[0].score"].new) == ("5", "4.5")
    assert by_path["indicators[0].target.text"].label == "绩效指标 第1行 · 年度指标值"


def test_an_added_indicator_line_shows_as_new_fields(draft_a: Document) -> None:
    evaluation = load_evaluation(current_version(draft_a))
    evaluation.indicators.append(evaluation.indicators[0].model_copy())

    rows = diff_json(current_version(draft_a).evaluation_json, evaluation.model_dump_json())

    added = [
        row for row in rows if row.path.startswith(f"indicators[{len(evaluation.indicators) - 1}]")
    ]
    assert added
    assert all(row.old is None for row in added)


def test_a_path_reads_as_the_paper_forms_words() -> None:
    assert label("funds.by_source.general_public_budget") == "资金 · 按收入性质分 · 一般公共预算"


def test_the_changes_page_shows_what_changed_between_two_versions(
    filler_a: Any, draft_a: Document
) -> None:
    save_version(filler_a.actor, draft_a.pk, edited(draft_a, score=Decimal("4.5")), based_on=1)

    html = filler_a.client.get(f"/documents/{draft_a.pk}/changes/").content.decode()

    assert 'data-path="indicators[0].score"' in html
    assert "4.5" in html


def test_a_reviewer_is_shown_what_changed_since_the_version_they_last_saw(
    supervisor: Any, filler_a: Any, draft_a: Document
) -> None:
    supervisor.client.get(f"/documents/{draft_a.pk}/")  # sees version 1
    save_version(filler_a.actor, draft_a.pk, edited(draft_a, score=Decimal("4.5")), based_on=1)

    html = supervisor.client.get(f"/documents/{draft_a.pk}/").content.decode()
    assert "?from=1&amp;to=2" in html
    again = supervisor.client.get(f"/documents/{draft_a.pk}/").content.decode()
    assert "自您上次查看的第" not in again


def test_an_earlier_version_can_be_read(filler_a: Any, draft_a: Document) -> None:
    save_version(filler_a.actor, draft_a.pk, edited(draft_a, score=Decimal("4.5")), based_on=1)

    page = filler_a.client.get(f"/documents/{draft_a.pk}/versions/1/")

    assert page.status_code == 200
    assert "第 1 版" in page.content.decode()


@pytest.mark.parametrize("url", ["versions/1/", "changes/"])
def test_a_unit_b_filler_cannot_read_unit_as_versions(
    url: str, filler_b: Any, draft_a: Document
) -> None:
    assert filler_b.client.get(f"/documents/{draft_a.pk}/{url}").status_code == 403

"""The workflow acts from the document page: who may do what, when, and what it leaves behind."""

from __future__ import annotations

from typing import Any

import pytest

from jixiao_web.audit.models import AuditLog
from jixiao_web.evaluations.models import Document, Review, State


def post(persona: Any, document: Document, action: str, **data: str) -> Any:
    return persona.client.post(f"/documents/{document.pk}/{action}/", data)


def state_of(document: Document) -> str:
    document.refresh_from_db()
    return document.state


def test_the_filler_submits_a_clean_draft(filler_a: Any, draft_a: Document) -> None:
    response = post(filler_a, draft_a, "submit")

    assert response.status_code == 302
    assert state_of(draft_a) == State.SUBMITTED
    entry = AuditLog.objects.filter(action="submit").get()
    assert (entry.actor_name, entry.object_id, entry.ip) == (
        "filler-a",
        str(draft_a.pk),
        "127.0.0.1",
    )


def test_the_filler_is_told_what_happens_next_after_submitting(
    filler_a: Any, draft_a: Document
) -> None:
    post(filler_a, draft_a, "submit")

    page = filler_a.client.get(f"/documents/{draft_a.pk}/").content.decode()
    assert "已提交，等待单位负责人签字" in page


@pytest.mark.parametrize("persona", ["head_a", "filler_b", "supervisor", "finance"])
def test_nobody_but_the_filler_or_admin_submits(
    persona: str, request: pytest.FixtureRequest, draft_a: Document
) -> None:
    response = post(request.getfixturevalue(persona), draft_a, "submit")

    assert response.status_code == 403
    assert state_of(draft_a) == State.DRAFT


def test_submitting_with_error_findings_is_refused_with_the_list(
    org: dict[str, Any], admin: Any, filler_a: Any
) -> None:
    from jixiao.demo import load_demo
    from jixiao_web.services.documents import create_document

    seed = create_document(admin.actor, org["A"], load_demo().evaluations[0]).document

    response = post(filler_a, seed, "submit")

    assert response.status_code == 422
    html = response.content.decode()
    assert "还有 1 项错误" in html
    assert 'data-code="target-missed-full-score"' in html
    assert state_of(seed) == State.DRAFT


def test_the_head_signs_a_submitted_document(head_a: Any, draft_a: Document, advance: Any) -> None:
    advance(draft_a, "submitted")

    assert post(head_a, draft_a, "sign").status_code == 302
    assert state_of(draft_a) == State.SIGNED


@pytest.mark.parametrize("persona", ["filler_a", "supervisor", "finance", "filler_b"])
def test_only_the_head_signs(
    persona: str, request: pytest.FixtureRequest, draft_a: Document, advance: Any
) -> None:
    advance(draft_a, "submitted")

    assert post(request.getfixturevalue(persona), draft_a, "sign").status_code == 403
    assert state_of(draft_a) == State.SUBMITTED


def test_a_draft_cannot_be_signed_even_by_the_head(head_a: Any, draft_a: Document) -> None:
    assert post(head_a, draft_a, "sign").status_code == 403


def test_finance_reviews_with_scores_per_line_and_a_comment(
    finance: Any, draft_a: Document, advance: Any
) -> None:
    advance(draft_a, "signed")

    response = post(
        finance,
        draft_a,
        "review",
        **{"review-score:indicators[0]": "4.5", "review-score:funds": "", "comment": "第一行扣分"},
    )

    assert response.status_code == 302
    assert state_of(draft_a) == State.REVIEWED
    review = Review.objects.get(document=draft_a)
    assert (review.line_scores, review.comment) == ({"indicators[0]": "4.5"}, "第一行扣分")
    page = finance.client.get(f"/documents/{draft_a.pk}/").content.decode()
    assert "第一行扣分" in page
    assert "复核得分" in page


def test_a_review_score_above_the_lines_weight_is_refused(
    finance: Any, draft_a: Document, advance: Any
) -> None:
    advance(draft_a, "signed")

    response = post(finance, draft_a, "review", **{"review-score:indicators[0]": "99"})

    assert response.status_code == 400
    assert state_of(draft_a) == State.SIGNED


@pytest.mark.parametrize("persona", ["supervisor", "head_a", "filler_a"])
def test_only_finance_reviews(
    persona: str, request: pytest.FixtureRequest, draft_a: Document, advance: Any
) -> None:
    advance(draft_a, "signed")

    assert post(request.getfixturevalue(persona), draft_a, "review").status_code == 403


def test_finance_publishes_a_reviewed_document(
    finance: Any, draft_a: Document, advance: Any
) -> None:
    advance(draft_a, "reviewed")

    assert post(finance, draft_a, "publish").status_code == 302
    assert state_of(draft_a) == State.PUBLISHED


@pytest.mark.parametrize(
    ("state", "persona"),
    [
        ("submitted", "head_a"),
        ("submitted", "supervisor"),
        ("signed", "supervisor"),
        ("signed", "finance"),
        ("reviewed", "finance"),
    ],
)
def test_each_review_step_may_return_the_document_with_a_reason(
    state: str, persona: str, request: pytest.FixtureRequest, draft_a: Document, advance: Any
) -> None:
    advance(draft_a, state)

    response = post(request.getfixturevalue(persona), draft_a, "return", reason="请补充偏差原因")

    assert response.status_code == 302
    assert state_of(draft_a) == State.DRAFT
    assert draft_a.return_reason == "请补充偏差原因"
    assert AuditLog.objects.get(action="return").detail["reason"] == "请补充偏差原因"


def test_returning_without_a_reason_is_refused(
    supervisor: Any, draft_a: Document, advance: Any
) -> None:
    advance(draft_a, "signed")

    assert post(supervisor, draft_a, "return", reason="  ").status_code == 400
    assert state_of(draft_a) == State.SIGNED


def test_another_departments_supervisor_cannot_return_unit_as_document(
    other_supervisor: Any, draft_a: Document, advance: Any
) -> None:
    advance(draft_a, "signed")

    assert post(other_supervisor, draft_a, "return", reason="x").status_code == 403


def test_reopening_a_published_document_is_an_audited_act(
    finance: Any, draft_a: Document, advance: Any
) -> None:
    advance(draft_a, "published")

    response = post(finance, draft_a, "reopen", reason="发现数据错误")

    assert response.status_code == 302
    assert state_of(draft_a) == State.DRAFT
    entry = AuditLog.objects.get(action="reopen")
    assert (entry.actor_name, entry.detail["reason"]) == ("finance", "发现数据错误")
    assert entry.detail["from_state"] == "published"


@pytest.mark.parametrize("persona", ["filler_a", "head_a", "supervisor"])
def test_only_finance_or_admin_reopens(
    persona: str, request: pytest.FixtureRequest, draft_a: Document, advance: Any
) -> None:
    advance(draft_a, "published")

    assert post(request.getfixturevalue(persona), draft_a, "reopen", reason="x").status_code == 403
    assert state_of(draft_a) == State.PUBLISHED


def test_an_unknown_action_is_not_found(admin: Any, draft_a: Document) -> None:
    assert post(admin, draft_a, "approve-everything").status_code == 404


def test_acts_are_posts_only(filler_a: Any, draft_a: Document) -> None:
    assert filler_a.client.get(f"/documents/{draft_a.pk}/submit/").status_code == 405


def test_the_document_page_offers_only_the_acts_the_user_may_take(
    filler_a: Any, head_a: Any, draft_a: Document
) -> None:
    assert "act-submit" in filler_a.client.get(f"/documents/{draft_a.pk}/").content.decode()
    assert "act-submit" not in head_a.client.get(f"/documents/{draft_a.pk}/").content.decode()

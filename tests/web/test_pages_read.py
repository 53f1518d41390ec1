"""Who sees what: the list, the document page and the public portal, for every persona."""

from __future__ import annotations

from typing import Any

import pytest

from jixiao_web.evaluations.models import Document

READERS_OF_A = ["filler_a", "head_a", "supervisor", "finance", "admin"]
STRANGERS_TO_A = ["filler_b", "other_supervisor"]


@pytest.mark.parametrize("persona", READERS_OF_A)
def test_the_people_of_unit_a_and_its_reviewers_see_its_draft_in_their_list(
    persona: str, request: pytest.FixtureRequest, draft_a: Document
) -> None:
    page = request.getfixturevalue(persona).client.get("/documents/")

    assert page.status_code == 200
    assert f'href="/documents/{draft_a.pk}/"' in page.content.decode()


@pytest.mark.parametrize("persona", STRANGERS_TO_A)
def test_others_do_not_see_unit_as_draft_in_their_list(
    persona: str, request: pytest.FixtureRequest, draft_a: Document
) -> None:
    page = request.getfixturevalue(persona).client.get("/documents/")

    assert page.status_code == 200
    assert f"/documents/{draft_a.pk}/" not in page.content.decode()


@pytest.mark.parametrize("persona", READERS_OF_A)
def test_the_people_of_unit_a_and_its_reviewers_read_its_draft(
    persona: str, request: pytest.FixtureRequest, draft_a: Document
) -> None:
    page = request.getfixturevalue(persona).client.get(f"/documents/{draft_a.pk}/")

    assert page.status_code == 200
    assert "部门整体支出绩效自评表" in page.content.decode()


@pytest.mark.parametrize("persona", STRANGERS_TO_A)
def test_a_unit_b_filler_or_another_departments_supervisor_cannot_read_unit_as_draft(
    persona: str, request: pytest.FixtureRequest, draft_a: Document
) -> None:
    page = request.getfixturevalue(persona).client.get(f"/documents/{draft_a.pk}/")

    assert page.status_code == 403
    assert "三级指标" not in page.content.decode()


def test_a_document_that_does_not_exist_answers_like_one_not_yours(filler_b: Any) -> None:
    assert filler_b.client.get("/documents/999/").status_code == 403


def test_an_anonymous_visitor_is_sent_to_log_in_for_lists_and_documents(
    anonymous: Any, draft_a: Document
) -> None:
    for url in ("/documents/", f"/documents/{draft_a.pk}/"):
        response = anonymous.client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")


def test_the_home_page_sends_visitors_to_the_portal_and_users_to_their_list(
    anonymous: Any, filler_a: Any
) -> None:
    assert anonymous.client.get("/")["Location"] == "/public/"
    assert filler_a.client.get("/")["Location"] == "/documents/"


def test_the_public_sees_only_published_documents(
    anonymous: Any, draft_a: Document, advance: Any
) -> None:
    assert f"/public/{draft_a.pk}/" not in anonymous.client.get("/public/").content.decode()
    assert anonymous.client.get(f"/public/{draft_a.pk}/").status_code == 404

    advance(draft_a, "published")

    assert f"/public/{draft_a.pk}/" in anonymous.client.get("/public/").content.decode()
    page = anonymous.client.get(f"/public/{draft_a.pk}/")
    assert page.status_code == 200
    assert "三级指标" in page.content.decode()


@pytest.mark.parametrize("state", ["submitted", "signed", "reviewed"])
def test_the_public_cannot_read_a_document_under_review(
    state: str, anonymous: Any, draft_a: Document, advance: Any
) -> None:
    advance(draft_a, state)

    assert anonymous.client.get(f"/public/{draft_a.pk}/").status_code == 404


def test_a_published_document_of_unit_a_is_readable_by_the_unit_b_filler(
    filler_b: Any, draft_a: Document, advance: Any
) -> None:
    advance(draft_a, "published")

    page = filler_b.client.get(f"/documents/{draft_a.pk}/", follow=True)
    assert page.status_code == 200
    assert page.redirect_chain == [(f"/public/{draft_a.pk}/", 302)]


def test_the_versions_and_changes_of_a_published_document_are_for_its_unit_and_reviewers(
    filler_b: Any, finance: Any, draft_a: Document, advance: Any
) -> None:
    advance(draft_a, "published")

    for url in (f"/documents/{draft_a.pk}/versions/1/", f"/documents/{draft_a.pk}/changes/"):
        assert filler_b.client.get(url).status_code == 403
        assert finance.client.get(url).status_code == 200
    outsider = filler_b.client.get(f"/api/documents/{draft_a.pk}").json()
    assert outsider["check"] is None
    assert (outsider["errors"], outsider["warnings"]) == (None, None)
    listed = filler_b.client.get("/api/documents").json()["items"]
    assert [(d["id"], d["errors"]) for d in listed] == [(draft_a.pk, None)]
    assert finance.client.get(f"/api/documents/{draft_a.pk}").json()["check"]["findings"] == []
    assert filler_b.client.get(f"/api/documents/{draft_a.pk}/versions/1").status_code == 403


def test_the_document_page_shows_the_table_in_the_paper_forms_order_with_scores(
    filler_a: Any, draft_a: Document
) -> None:
    html = filler_a.client.get(f"/documents/{draft_a.pk}/").content.decode()

    order = ["年度预算申请", "按收入性质分", "年度总体目标", "一级指标", "总分", "填报人"]
    positions = [html.index(word) for word in order]
    assert positions == sorted(positions)
    assert "复算得分" in html


def test_the_document_page_lists_the_findings_of_jixiao_check(
    org: dict[str, Any], admin: Any, filler_a: Any
) -> None:
    from jixiao.demo import load_demo
    from jixiao_web.services.documents import create_document

    seed = create_document(admin.actor, org["A"], load_demo().evaluations[0]).document
    html = filler_a.client.get(f"/documents/{seed.pk}/").content.decode()

    assert 'data-code="target-missed-full-score"' in html
    assert "finding error" in html


def test_the_list_filters_by_state(filler_a: Any, draft_a: Document) -> None:
    html = filler_a.client.get("/documents/?state=published").content.decode()

    assert f"/documents/{draft_a.pk}/" not in html


def test_the_public_page_shows_the_published_table_without_the_review_findings(
    anonymous: Any, finance: Any, org: Any, admin: Any, clean_evaluation: Any, advance: Any
) -> None:
    from jixiao import Measured
    from jixiao_web.services.documents import create_document

    clean_evaluation.unit = "单位A"
    clean_evaluation.indicators[0].target = Measured(text="逐步改善")  # a vague target: a warning
    document = create_document(admin.actor, org["A"], clean_evaluation).document
    advance(document, "published")

    reviewer_page = finance.client.get(f"/documents/{document.pk}/").content.decode()
    public_page = anonymous.client.get(f"/public/{document.pk}/").content.decode()
    assert 'data-code="target-vague"' in reviewer_page
    assert "逐步改善" in public_page
    assert "data-code=" not in public_page

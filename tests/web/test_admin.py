"""The admin site: administrators only, and no side door around the draft lock."""

from __future__ import annotations

from typing import Any

from jixiao_web.evaluations.models import Document


def test_a_filler_with_staff_status_still_cannot_open_the_admin_site(make_persona: Any) -> None:
    staff_filler = make_persona("staff-filler", "filler", "A", staff=True)

    response = staff_filler.client.get("/admin/")

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_an_anonymous_visitor_is_sent_to_the_admin_login(anonymous: Any) -> None:
    assert anonymous.client.get("/admin/").status_code == 302


def test_an_administrator_opens_the_admin_site(admin: Any) -> None:
    assert admin.client.get("/admin/").status_code == 200


def test_the_admin_reads_a_draft_but_cannot_change_it_there(admin: Any, draft_a: Document) -> None:
    url = f"/admin/evaluations/document/{draft_a.pk}/change/"

    assert admin.client.get(url).status_code == 200
    response = admin.client.post(url, {"year": 2024, "kind": "department", "project": ""})

    draft_a.refresh_from_db()
    assert response.status_code == 403
    assert draft_a.year == 2023


def test_the_admin_cannot_change_a_submitted_document(
    admin: Any, draft_a: Document, advance: Any
) -> None:
    advance(draft_a, "submitted")

    response = admin.client.post(
        f"/admin/evaluations/document/{draft_a.pk}/change/",
        {"year": 2024, "kind": "department", "project": ""},
    )

    draft_a.refresh_from_db()
    assert response.status_code == 403
    assert draft_a.year == 2023


def test_versions_are_read_only_in_the_admin(admin: Any, draft_a: Document) -> None:
    version = draft_a.versions.get()

    assert admin.client.get(f"/admin/evaluations/version/{version.pk}/change/").status_code == 200
    assert (
        admin.client.post(
            f"/admin/evaluations/version/{version.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )


def test_the_audit_log_is_read_only_in_the_admin(admin: Any, draft_a: Document) -> None:
    page = admin.client.get("/admin/audit/auditlog/")

    assert page.status_code == 200
    assert "添加" not in page.content.decode()


def test_the_admin_cannot_delete_a_document_and_its_history(admin: Any, draft_a: Document) -> None:
    response = admin.client.post(
        f"/admin/evaluations/document/{draft_a.pk}/delete/", {"post": "yes"}
    )

    assert response.status_code == 403
    assert Document.objects.filter(pk=draft_a.pk).exists()

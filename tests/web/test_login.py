"""Signing in and out with the demo-style accounts."""

from __future__ import annotations

from typing import Any

from django.test import Client


def test_a_user_signs_in_with_username_and_password_and_lands_on_their_list(
    filler_a: Any,
) -> None:
    response = Client().post("/login/", {"username": "filler-a", "password": "pw"})

    assert response.status_code == 302
    assert response["Location"] == "/documents/"


def test_a_wrong_password_is_told_in_chinese(org: dict[str, Any], filler_a: Any) -> None:
    response = Client().post("/login/", {"username": "filler-a", "password": "nope"})

    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()


def test_signing_out_leads_to_the_public_portal(filler_a: Any) -> None:
    response = filler_a.client.post("/logout/")

    assert response["Location"] == "/public/"
    assert filler_a.client.get("/documents/").status_code == 302


def test_a_written_justification_is_shown_beside_its_finding(
    org: dict[str, Any], admin: Any, filler_a: Any
) -> None:
    from jixiao.demo import load_demo
    from jixiao.model.evaluation import Justification
    from jixiao_web.services.documents import create_document

    seed = load_demo().evaluations[0]
    seed.justifications.append(
        Justification(code="target-missed-full-score", path="indicators[8].score", text="口径说明")
    )
    document = create_document(admin.actor, org["A"], seed).document

    html = filler_a.client.get(f"/documents/{document.pk}/").content.decode()

    assert "说明：口径说明" in html

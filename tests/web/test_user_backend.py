"""The per-request user comes from jixiao's backend, exactly as Django's own would give it."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User

from jixiao_web.orgs.backends import UserBackend


def test_the_backend_returns_the_signed_in_user_with_every_field(filler_a: Any) -> None:
    user = UserBackend().get_user(filler_a.user.pk)

    assert user == filler_a.user
    assert user.username == filler_a.name
    assert user.password == filler_a.user.password


def test_an_unknown_id_gives_no_user(org: Any) -> None:
    assert UserBackend().get_user(987654) is None


def test_a_deactivated_user_is_signed_out_on_the_next_page(filler_a: Any) -> None:
    User.objects.filter(pk=filler_a.user.pk).update(is_active=False)

    response = filler_a.client.get("/documents/")

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_signing_in_with_a_password_still_works(org: Any) -> None:
    from django.test import Client

    User.objects.create_user("wang", password="secret-pw")
    client = Client()

    response = client.post("/login/", {"username": "wang", "password": "secret-pw"})

    assert response.status_code == 302
    assert client.get("/documents/").status_code == 200

"""The JSON API: the same policy, versions and workflow as the pages."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from jixiao_web.evaluations.models import Document, State
from jixiao_web.services.documents import current_version


def put_json(persona: Any, url: str, body: dict[str, Any]) -> Any:
    return persona.client.put(url, json.dumps(body), content_type="application/json")


def post_json(persona: Any, url: str, body: dict[str, Any] | None = None) -> Any:
    return persona.client.post(url, json.dumps(body or {}), content_type="application/json")


def evaluation_of(document: Document) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(current_version(document).evaluation_json)
    return data


def test_the_list_holds_what_the_user_may_see(
    filler_a: Any, filler_b: Any, draft_a: Document
) -> None:
    assert [d["id"] for d in filler_a.client.get("/api/documents").json()["items"]] == [draft_a.pk]
    assert filler_b.client.get("/api/documents").json() == {"items": [], "count": 0}


def test_the_public_api_lists_published_documents_only(
    anonymous: Any, draft_a: Document, advance: Any
) -> None:
    assert anonymous.client.get("/api/documents").json() == {"items": [], "count": 0}
    advance(draft_a, "published")
    assert [d["id"] for d in anonymous.client.get("/api/documents").json()["items"]] == [draft_a.pk]


def test_a_document_reads_with_its_evaluation_check_and_allowed_actions(
    filler_a: Any, draft_a: Document
) -> None:
    body = filler_a.client.get(f"/api/documents/{draft_a.pk}").json()

    assert body["version"] == 1
    assert body["actions"] == ["submit"]
    assert body["can_edit"] is True
    assert body["evaluation"]["funds"]["executed"] == "17511.79"
    assert body["check"]["valid"] is True


def test_a_unit_b_filler_cannot_read_unit_as_draft_through_the_api(
    filler_b: Any, draft_a: Document
) -> None:
    response = filler_b.client.get(f"/api/documents/{draft_a.pk}")

    assert response.status_code == 403
    assert response.json()["code"] == "not-allowed"


def test_a_save_names_the_version_it_is_based_on_and_keeps_every_digit(
    filler_a: Any, draft_a: Document
) -> None:
    evaluation = evaluation_of(draft_a)
    evaluation["funds"]["executed"] = "1234567890123.45"

    response = put_json(
        filler_a, f"/api/documents/{draft_a.pk}", {"based_on": 1, "evaluation": evaluation}
    )

    assert response.status_code == 200
    assert response.json()["version"] == 2
    draft_a.refresh_from_db()
    assert evaluation_of(draft_a)["funds"]["executed"] == "1234567890123.45"


def test_a_stale_save_through_the_api_is_a_409_conflict(filler_a: Any, draft_a: Document) -> None:
    body = {"based_on": 1, "evaluation": evaluation_of(draft_a)}
    put_json(filler_a, f"/api/documents/{draft_a.pk}", body)

    response = put_json(filler_a, f"/api/documents/{draft_a.pk}", body)

    assert response.status_code == 409
    assert response.json()["code"] == "version-conflict"
    assert response.json()["detail"] == {"based_on": 1, "current": 2}


def test_the_api_cannot_change_a_submitted_document(
    admin: Any, draft_a: Document, advance: Any
) -> None:
    advance(draft_a, "submitted")

    response = put_json(
        admin, f"/api/documents/{draft_a.pk}", {"based_on": 1, "evaluation": evaluation_of(draft_a)}
    )

    assert response.status_code == 409
    assert response.json()["code"] == "locked"


def test_a_unit_b_filler_cannot_change_unit_as_draft_through_the_api(
    filler_b: Any, draft_a: Document
) -> None:
    response = put_json(
        filler_b,
        f"/api/documents/{draft_a.pk}",
        {"based_on": 1, "evaluation": evaluation_of(draft_a)},
    )

    assert response.status_code == 403


def test_an_anonymous_caller_cannot_save(anonymous: Any, draft_a: Document) -> None:
    response = put_json(
        anonymous,
        f"/api/documents/{draft_a.pk}",
        {"based_on": 1, "evaluation": evaluation_of(draft_a)},
    )

    assert response.status_code == 401


def test_a_save_without_the_csrf_token_is_refused(filler_a: Any, draft_a: Document) -> None:
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(filler_a.user)

    response = strict.put(
        f"/api/documents/{draft_a.pk}",
        json.dumps({"based_on": 1, "evaluation": evaluation_of(draft_a)}),
        content_type="application/json",
    )

    assert response.status_code == 403


def test_an_invalid_evaluation_is_a_422_with_pydantics_errors(
    filler_a: Any, draft_a: Document
) -> None:
    response = put_json(
        filler_a, f"/api/documents/{draft_a.pk}", {"based_on": 1, "evaluation": {"kind": "poem"}}
    )

    assert response.status_code == 422


def test_the_whole_workflow_runs_through_the_api(
    filler_a: Any, head_a: Any, finance: Any, draft_a: Document
) -> None:
    url = f"/api/documents/{draft_a.pk}/actions"
    assert post_json(filler_a, f"{url}/submit").json()["state"] == State.SUBMITTED
    assert post_json(head_a, f"{url}/sign").json()["state"] == State.SIGNED
    reviewed = post_json(
        finance, f"{url}/review", {"line_scores": {"funds": "9.5"}, "comment": "好"}
    )
    assert reviewed.json()["state"] == State.REVIEWED
    assert post_json(finance, f"{url}/publish").json()["state"] == State.PUBLISHED
    assert post_json(finance, f"{url}/reopen", {"reason": "更正"}).json()["state"] == State.DRAFT


def test_submitting_with_errors_through_the_api_lists_them(
    org: dict[str, Any], admin: Any, filler_a: Any
) -> None:
    from jixiao.demo import load_demo
    from jixiao_web.services.documents import create_document

    seed = create_document(admin.actor, org["A"], load_demo().evaluations[0]).document

    response = post_json(filler_a, f"/api/documents/{seed.pk}/actions/submit")

    assert response.status_code == 422
    assert response.json()["code"] == "has-errors"
    assert [f["code"] for f in response.json()["detail"]["findings"]] == [
        "target-missed-full-score"
    ]


@pytest.mark.parametrize(
    ("persona", "action"), [("filler_b", "submit"), ("head_a", "submit"), ("filler_a", "publish")]
)
def test_the_api_refuses_acts_the_policy_refuses(
    persona: str, action: str, request: pytest.FixtureRequest, draft_a: Document
) -> None:
    who = request.getfixturevalue(persona)

    response = post_json(who, f"/api/documents/{draft_a.pk}/actions/{action}")

    assert response.status_code == 403
    draft_a.refresh_from_db()
    assert draft_a.state == State.DRAFT


def test_an_unknown_act_is_a_400(admin: Any, draft_a: Document) -> None:
    assert post_json(admin, f"/api/documents/{draft_a.pk}/actions/approve").status_code == 400


def test_check_scores_an_evaluation_without_saving_it(filler_a: Any, draft_a: Document) -> None:
    response = post_json(filler_a, "/api/check", evaluation_of(draft_a))

    assert response.status_code == 200
    assert set(response.json()) >= {"valid", "stats", "score", "findings", "evaluation"}
    assert Document.objects.get(pk=draft_a.pk).version == 1


def test_versions_and_changes_read_through_the_api(filler_a: Any, draft_a: Document) -> None:
    evaluation = evaluation_of(draft_a)
    evaluation["signoff"]["filler"] = "王五"
    put_json(filler_a, f"/api/documents/{draft_a.pk}", {"based_on": 1, "evaluation": evaluation})

    first = filler_a.client.get(f"/api/documents/{draft_a.pk}/versions/1").json()
    rows = filler_a.client.get(f"/api/documents/{draft_a.pk}/changes?since=1").json()

    assert first["number"] == 1
    assert first["evaluation"]["signoff"]["filler"] != "王五"
    assert rows == [
        {
            "path": "signoff.filler",
            "label": "填报信息 · 填报人",
            "old": first["evaluation"]["signoff"]["filler"],
            "new": "王五",
        }
    ]


def test_the_api_documentation_is_for_signed_in_users(anonymous: Any, filler_a: Any) -> None:
    assert anonymous.client.get("/api/docs").status_code == 302
    assert filler_a.client.get("/api/docs").status_code == 200

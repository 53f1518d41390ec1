"""The edit page: the whole table on one page, nothing typed lost, stale saves are conflicts."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from jixiao_web.evaluations.models import Document, Version
from jixiao_web.pages.editing import input_from_evaluation
from jixiao_web.services.documents import current_version, load_evaluation

Post = dict[str, list[str]]


def form_post(document: Document, **scalars: str) -> Post:
    """What the edit page posts for the document's current version, with some fields changed."""
    document.refresh_from_db()
    form = input_from_evaluation(load_evaluation(current_version(document)), document.version)
    data: Post = {"based_on": [str(form.based_on)]}
    data.update({path: [text] for path, text in form.scalars.items()})
    for prefix, rows in (
        ("indicators", form.indicators),
        ("goals", form.goals),
        ("fund_lines", form.fund_lines),
        ("sections", form.sections),
    ):
        for row in rows:
            for name, text in row.items():
                data.setdefault(f"{prefix}.{name}", []).append(text)
    data.update({path: [text] for path, text in scalars.items()})
    return data


def edit_url(document: Document, tail: str = "") -> str:
    return f"/documents/{document.pk}/edit/{tail}"


def test_the_filler_opens_the_whole_table_on_one_page(filler_a: Any, draft_a: Document) -> None:
    html = filler_a.client.get(edit_url(draft_a)).content.decode()

    for field in (
        'name="funds.executed"',
        'name="goals.expected"',
        'name="indicators.name"',
        'name="signoff.filler"',
        'name="sections.text"',
        'name="based_on" value="1"',
    ):
        assert field in html
    assert "<option selected>产出指标</option>" in html  # 一级 chosen from the rule profile


@pytest.mark.parametrize("persona", ["filler_b", "head_a", "supervisor", "finance"])
def test_only_the_units_filler_or_an_admin_opens_the_edit_page(
    persona: str, request: pytest.FixtureRequest, draft_a: Document
) -> None:
    assert request.getfixturevalue(persona).client.get(edit_url(draft_a)).status_code == 403


def test_the_edit_page_is_locked_outside_the_draft_state(
    filler_a: Any, draft_a: Document, advance: Any
) -> None:
    advance(draft_a, "submitted")

    assert filler_a.client.get(edit_url(draft_a)).status_code == 409
    response = filler_a.client.post(edit_url(draft_a), form_post(draft_a))
    assert response.status_code == 409
    assert Version.objects.filter(document=draft_a).count() == 1


def test_a_save_becomes_the_next_version(filler_a: Any, draft_a: Document) -> None:
    response = filler_a.client.post(
        edit_url(draft_a), form_post(draft_a, **{"funds.executed": "1234567890123.45"})
    )

    assert response.status_code == 302
    assert response["Location"].endswith("?saved=2")
    draft_a.refresh_from_db()
    assert draft_a.version == 2
    assert load_evaluation(current_version(draft_a)).funds.executed == Decimal("1234567890123.45")


def test_an_empty_amount_is_saved_as_unknown_not_zero(filler_a: Any, draft_a: Document) -> None:
    filler_a.client.post(edit_url(draft_a), form_post(draft_a, **{"funds.requested": ""}))

    draft_a.refresh_from_db()
    assert load_evaluation(current_version(draft_a)).funds.requested is None


def test_a_mistyped_amount_shows_the_form_again_with_what_was_typed(
    filler_a: Any, draft_a: Document
) -> None:
    response = filler_a.client.post(
        edit_url(draft_a), form_post(draft_a, **{"funds.executed": "17511.79万"})
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="17511.79万"' in html
    assert "不是数字" in html
    assert Version.objects.filter(document=draft_a).count() == 1


def test_a_stale_save_gets_the_conflict_page_with_both_versions(
    filler_a: Any, admin: Any, draft_a: Document
) -> None:
    stale = form_post(draft_a, **{"total.score": "99"})
    admin.client.post(edit_url(draft_a), form_post(draft_a, **{"signoff.filler": "王五"}))

    response = filler_a.client.post(edit_url(draft_a), stale)

    assert response.status_code == 409
    html = response.content.decode()
    assert 'data-path="signoff.filler"' in html  # what the other person changed
    assert 'data-path="total.score"' in html  # what this user changed
    assert 'name="based_on" value="2"' in html  # carry on from the latest, by choice
    draft_a.refresh_from_db()
    assert draft_a.version == 2
    assert load_evaluation(current_version(draft_a)).total.score != Decimal(99)


def test_continuing_after_a_conflict_shows_my_input_on_the_latest_version(
    filler_a: Any, draft_a: Document
) -> None:
    data = form_post(draft_a, **{"total.score": "99"})
    data["op"] = ["restore"]

    response = filler_a.client.post(edit_url(draft_a), data)

    assert response.status_code == 200
    assert 'name="total.score" value="99"' in response.content.decode()


@pytest.mark.parametrize(
    ("op", "expected_first"),
    [("down:indicators:0", 1), ("remove:indicators:0", 1), ("add:indicators", 0)],
)
def test_row_buttons_change_the_rows_without_saving(
    op: str, expected_first: int, filler_a: Any, draft_a: Document
) -> None:
    data = form_post(draft_a)
    names = data["indicators.name"]
    data["op"] = [op]

    response = filler_a.client.post(edit_url(draft_a), data)

    html = response.content.decode()
    assert response.status_code == 200
    first = html.index('name="indicators.name"')
    assert f'value="{names[expected_first]}"' in html[first : first + 200]
    expected_rows = len(names) + {"add": 1, "remove": -1, "down": 0}[op.split(":")[0]]
    assert html.count('name="indicators.name"') == expected_rows
    assert Version.objects.filter(document=draft_a).count() == 1


def test_a_line_added_under_another_shares_its_levels(filler_a: Any, draft_a: Document) -> None:
    from jixiao_web.pages.editing import FormInput
    from jixiao_web.pages.row_ops import apply_op

    form = FormInput(
        based_on=1, indicators=[{"level1": "产出指标", "level2": "数量指标", "name": "a"}]
    )

    rows = apply_op(form, "add:indicators:0").indicators

    assert (rows[1]["level1"], rows[1]["level2"], rows[1]["name"]) == ("产出指标", "数量指标", "")


def test_typing_swaps_in_the_recomputed_scores_and_findings(
    filler_a: Any, draft_a: Document
) -> None:
    data = form_post(draft_a)
    data["indicators.actual"][0] = "45%"  # the first line now misses its target, full score kept

    response = filler_a.client.post(edit_url(draft_a, "preview/"), data, HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="calc-indicators-0" hx-swap-oob="true"' in html
    assert 'id="live-indicators-0" class="near" hx-swap-oob="true"' in html
    assert 'id="live-summary" class="summary" hx-swap-oob="true"' in html
    assert "finding" in html.split('id="live-indicators-0"')[1].split("</div>")[0]
    assert Version.objects.filter(document=draft_a).count() == 1


def test_the_preview_reports_input_it_cannot_read(filler_a: Any, draft_a: Document) -> None:
    response = filler_a.client.post(
        edit_url(draft_a, "preview/"), form_post(draft_a, year="二〇二三")
    )

    assert 'data-path="year"' in response.content.decode()


def test_a_preview_after_the_session_expired_says_so_with_401(
    anonymous: Any, draft_a: Document
) -> None:
    assert (
        anonymous.client.post(edit_url(draft_a, "preview/"), form_post(draft_a)).status_code == 401
    )


def test_the_preview_is_refused_to_a_unit_b_filler(filler_b: Any, draft_a: Document) -> None:
    assert (
        filler_b.client.post(edit_url(draft_a, "preview/"), form_post(draft_a)).status_code == 403
    )


def test_a_finding_answered_with_a_justification_keeps_it_in_the_document(
    filler_a: Any, draft_a: Document
) -> None:
    data = form_post(draft_a)
    data["justify|target-vague|indicators[0].target"] = ["文件原文如此表述"]

    filler_a.client.post(edit_url(draft_a), data)

    draft_a.refresh_from_db()
    answer = load_evaluation(current_version(draft_a)).justifications[0]
    assert (answer.code, answer.path, answer.text, answer.author) == (
        "target-vague",
        "indicators[0].target",
        "文件原文如此表述",
        "filler-a",
    )


def test_the_edit_page_keeps_unsaved_input_in_the_browser(filler_a: Any, draft_a: Document) -> None:
    html = filler_a.client.get(edit_url(draft_a)).content.decode()

    assert "jixiao_web/edit.js" in html
    assert 'id="restore-banner"' in html
    assert "vendor/htmx-2.0.11.min.js" in html


def live_justifications(html: str) -> str:
    """The preview's rows of findings for the page's script to add boxes from."""
    return html.split('<div id="live-justifications" hidden data-live hx-swap-oob="true">')[1]


def test_the_preview_carries_a_box_for_a_finding_raised_while_typing(
    filler_a: Any, draft_a: Document
) -> None:
    data = form_post(draft_a)
    data["indicators.actual"][0] = "45%"  # a new finding about the first line

    html = filler_a.client.post(edit_url(draft_a, "preview/"), data).content.decode()

    rows = live_justifications(html)
    assert 'data-justify="justify|' in rows
    assert '<textarea name="justify|' in rows
    assert "|indicators[0]." in rows.split("</table>")[0]


def test_the_preview_keeps_the_justification_posted_for_a_new_finding(
    filler_a: Any, draft_a: Document
) -> None:
    data = form_post(draft_a)
    data["indicators.actual"][0] = "45%"
    first = filler_a.client.post(edit_url(draft_a, "preview/"), data).content.decode()
    key = live_justifications(first).split('data-justify="')[1].split('"')[0]
    data[key] = ["年中调整了目标 <见附件>"]

    html = filler_a.client.post(edit_url(draft_a, "preview/"), data).content.decode()

    box = live_justifications(html).split(f'<textarea name="{key}" rows="2">')[1]
    assert box.startswith("年中调整了目标 &lt;见附件&gt;</textarea>")


def test_an_answer_to_a_finding_no_longer_raised_stays_on_the_page(
    filler_a: Any, draft_a: Document
) -> None:
    data = form_post(draft_a)
    data["justify|target-missed|indicators[0].actual"] = ["已说明"]
    data["op"] = ["restore"]

    html = filler_a.client.post(edit_url(draft_a), data).content.decode()

    row = html.split('data-justify="justify|target-missed|indicators[0].actual" class="gone">')[1]
    assert '<textarea name="justify|target-missed|indicators[0].actual" rows="2">已说明<' in row


def test_a_department_page_keeps_project_fields_an_import_filled_without_showing_them(
    filler_a: Any, org: Any, admin: Any, clean_evaluation: Any
) -> None:
    from jixiao_web.services.documents import create_document

    clean_evaluation.unit = "单位A"
    clean_evaluation.department = "某主管部门"
    document = create_document(admin.actor, org["A"], clean_evaluation).document

    page = filler_a.client.get(edit_url(document)).content.decode()

    assert '<input type="hidden" name="department" value="某主管部门">' in page
    assert "项目名称" not in page

"""The list page, the public portal and the API's list at the scale of a province: paged,
filtered and sorted, never showing more than the reader may see, never failing on a bad link.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs

import pytest
from django.conf import settings
from django.utils import timezone

from jixiao_web.evaluations.models import Document, State
from jixiao_web.services.documents import current_version, load_evaluation, save_version

Make = Callable[..., list[Document]]
ROW_LINK = re.compile(r'<td><a href="/(?:documents|public)/(\d+)/">')
PAGE_LINK = re.compile(r'<a (?:rel="\w+" )?href="\?([^"]*)">')


@pytest.fixture
def make(org: dict[str, Any]) -> Make:
    """Project documents of a unit, made in one statement (the lists read only these rows)."""

    def documents(count: int, unit: str = "A", name: str = "项目", **fields: Any) -> list[Document]:
        fields.setdefault("year", 2023)
        rows = [
            Document(unit=org[unit], kind="project", project=f"{name}{i:03d}", **fields)
            for i in range(count)
        ]
        return Document.objects.bulk_create(rows)

    return documents


def listed(client: Any, url: str) -> list[int]:
    """The ids of the documents a list page shows, in its order."""
    response = client.get(url)
    assert response.status_code == 200
    return [int(pk) for pk in ROW_LINK.findall(response.content.decode())]


def ids(documents: list[Document]) -> list[int]:
    return [document.pk for document in documents]


def page_links(client: Any, url: str) -> list[dict[str, list[str]]]:
    text = client.get(url).content.decode()
    pager = text[text.index('<nav class="pager"') :]
    return [parse_qs(query.replace("&amp;", "&")) for query in PAGE_LINK.findall(pager)]


# -- Paging ---------------------------------------------------------------------------------


def test_the_list_shows_fifty_documents_a_page_and_page_two_the_next_fifty(
    filler_a: Any, make: Make
) -> None:
    made = ids(make(120))  # one unit, one year: the usual order is by project name

    assert listed(filler_a.client, "/documents/") == made[:50]
    assert listed(filler_a.client, "/documents/?page=2") == made[50:100]
    assert listed(filler_a.client, "/documents/?page=3") == made[100:]
    page = filler_a.client.get("/documents/?page=2").content.decode()
    assert "共 120 份，第 2 / 3 页" in page


@pytest.mark.parametrize(
    ("page", "shown"), [("abc", 1), ("", 1), ("2.5", 1), ("0", 3), ("-1", 3), ("99", 3)]
)
def test_a_page_number_that_is_not_one_gives_the_first_page_and_one_past_the_end_the_last(
    page: str, shown: int, filler_a: Any, make: Make
) -> None:
    made = ids(make(120))
    pages = {1: made[:50], 3: made[100:]}

    assert listed(filler_a.client, f"/documents/?page={page}") == pages[shown]


def test_the_page_links_keep_the_filters_and_the_sort(finance: Any, make: Make) -> None:
    make(120, errors=1)

    links = page_links(finance.client, "/documents/?year=2023&unit=单位&errors=1&sort=-updated")

    kept = {"year": ["2023"], "unit": ["单位"], "errors": ["1"], "sort": ["-updated"]}
    assert links
    assert all({k: v for k, v in link.items() if k != "page"} == kept for link in links)
    assert {link["page"][0] for link in links} == {"2", "3"}


def test_the_page_links_leave_out_a_parameter_that_was_ignored(filler_a: Any, make: Make) -> None:
    make(60)

    links = page_links(filler_a.client, "/documents/?year=x&sort=unknown&state=lost")

    assert links == [{"page": ["2"]}, {"page": ["2"]}]  # the number and "下一页"


def test_a_long_list_links_the_pages_near_this_one_and_at_both_ends(
    filler_a: Any, make: Make
) -> None:
    make(1000)  # 20 pages

    links = page_links(filler_a.client, "/documents/?page=10")
    page = filler_a.client.get("/documents/?page=10").content.decode()

    assert [int(link["page"][0]) for link in links] == [9, 1, 2, 7, 8, 9, 11, 12, 13, 19, 20, 11]
    assert page.count("<span>…</span>") == 2
    assert '<strong aria-current="page">10</strong>' in page


def test_one_page_of_documents_has_no_page_links(filler_a: Any, make: Make) -> None:
    make(50)

    assert page_links(filler_a.client, "/documents/") == []


# -- Filters --------------------------------------------------------------------------------


def test_the_year_filter_shows_that_year_and_offers_the_years_there_are(
    filler_a: Any, make: Make
) -> None:
    old = ids(make(2, year=2022))
    make(3, year=2023)

    assert listed(filler_a.client, "/documents/?year=2022") == old
    page = filler_a.client.get("/documents/").content.decode()
    assert '<option value="2023">2023</option><option value="2022">2022</option>' in page


def test_a_year_without_documents_stays_chosen_and_shows_none(filler_a: Any, make: Make) -> None:
    make(2, year=2023)

    page = filler_a.client.get("/documents/?year=1999").content.decode()

    assert '<option value="1999" selected>1999</option>' in page
    assert listed(filler_a.client, "/documents/?year=1999") == []


@pytest.mark.parametrize("year", ["x", "20222", "２０２２", "-2022", ""])
def test_a_year_that_is_not_a_year_is_ignored(year: str, filler_a: Any, make: Make) -> None:
    new, old = ids(make(2, year=2023)), ids(make(2, year=2022))

    assert listed(filler_a.client, f"/documents/?year={year}") == new + old


def test_the_state_filter_still_works(filler_a: Any, make: Make) -> None:
    make(2, state=State.DRAFT)
    submitted = ids(make(2, name="交", state=State.SUBMITTED))

    assert listed(filler_a.client, "/documents/?state=submitted") == submitted
    assert len(listed(filler_a.client, "/documents/?state=approved")) == 4


def test_the_unit_filter_finds_units_whose_name_contains_the_text(finance: Any, make: Make) -> None:
    in_a, in_c = ids(make(2, unit="A")), ids(make(2, unit="C"))

    assert listed(finance.client, "/documents/?unit=位C") == in_c
    assert listed(finance.client, "/documents/?unit=+单位A+") == in_a
    assert listed(finance.client, "/documents/?unit=%25") == []  # a "%" is text, not a wildcard
    assert listed(finance.client, "/documents/?unit=") == in_a + in_c


def test_the_error_filter_shows_the_documents_whose_current_version_has_errors(
    finance: Any, make: Make
) -> None:
    make(2, errors=0, warnings=3)
    wrong = ids(make(2, name="错", errors=1))

    assert listed(finance.client, "/documents/?errors=1") == wrong
    assert listed(finance.client, "/documents/?errors=no") != wrong


def test_the_error_filter_is_offered_to_reviewers_not_to_fillers(
    finance: Any, supervisor: Any, filler_a: Any, make: Make
) -> None:
    make(1)
    box = 'name="errors"'

    assert box in finance.client.get("/documents/").content.decode()
    assert box in supervisor.client.get("/documents/").content.decode()
    assert box not in filler_a.client.get("/documents/").content.decode()


def test_a_filter_that_matches_nothing_says_so(filler_a: Any, make: Make) -> None:
    make(1)

    page = filler_a.client.get("/documents/?unit=不存在").content.decode()

    assert "没有符合条件的自评表" in page
    assert "共 0 份" in page


# -- Sorts ----------------------------------------------------------------------------------


def test_sorting_by_score_orders_numbers_as_numbers_and_unknown_scores_last(
    filler_a: Any, make: Make
) -> None:
    hundred, high, low, unknown = (
        make(1, name=name, score=score)[0].pk
        for name, score in (("a", "100"), ("b", "85.5"), ("c", "9"), ("d", ""))
    )

    assert listed(filler_a.client, "/documents/?sort=score") == [low, high, hundred, unknown]
    assert listed(filler_a.client, "/documents/?sort=-score") == [hundred, high, low, unknown]


def test_sorting_by_recomputed_score(filler_a: Any, make: Make) -> None:
    low, high = (
        make(1, name=n, score_recomputed=s)[0].pk for n, s in (("a", "60.00"), ("b", "95.10"))
    )

    assert listed(filler_a.client, "/documents/?sort=-recomputed") == [high, low]


def test_sorting_by_unit_and_by_year(finance: Any, make: Make) -> None:
    c_old, a_new = make(1, unit="C", year=2021)[0].pk, make(1, unit="A", year=2024)[0].pk

    assert listed(finance.client, "/documents/?sort=unit") == [a_new, c_old]
    assert listed(finance.client, "/documents/?sort=-unit") == [c_old, a_new]
    assert listed(finance.client, "/documents/?sort=year") == [c_old, a_new]
    assert listed(finance.client, "/documents/?sort=-year") == [a_new, c_old]


def test_sorting_by_state_follows_the_workflow_not_the_alphabet(filler_a: Any, make: Make) -> None:
    steps = [make(1, name=state, state=state)[0].pk for state in reversed(State.values)]

    assert listed(filler_a.client, "/documents/?sort=state") == steps[::-1]
    assert listed(filler_a.client, "/documents/?sort=-state") == steps


def test_sorting_by_last_change_puts_the_latest_first(filler_a: Any, make: Make) -> None:
    older, newer = ids(make(2))
    Document.objects.filter(pk=older).update(updated_at=timezone.now() - timedelta(days=3))

    assert listed(filler_a.client, "/documents/?sort=-updated") == [newer, older]
    assert listed(filler_a.client, "/documents/?sort=updated") == [older, newer]


def test_a_save_and_a_workflow_act_count_as_changes(
    admin: Any, filler_a: Any, draft_a: Document, make: Make, advance: Any
) -> None:
    other = make(1)[0].pk
    Document.objects.update(updated_at=timezone.now() - timedelta(days=3))
    save_version(admin.actor, draft_a.pk, load_evaluation(current_version(draft_a)), based_on=1)

    assert listed(filler_a.client, "/documents/?sort=-updated") == [draft_a.pk, other]

    Document.objects.update(updated_at=timezone.now() - timedelta(days=3))
    advance(draft_a, "submitted")

    assert listed(filler_a.client, "/documents/?sort=-updated") == [draft_a.pk, other]


@pytest.mark.parametrize("sort", ["unknown", "-", "--year", "unit__name", "errors"])
def test_an_unknown_sort_is_ignored(sort: str, filler_a: Any, make: Make) -> None:
    made = ids(make(3))

    assert listed(filler_a.client, f"/documents/?sort={sort}") == made


# -- Permissions under every filter ---------------------------------------------------------

EVERY_QUERY = [
    "",
    "?year=2023",
    "?state=draft",
    "?unit=单位A",
    "?unit=A",
    "?errors=1",
    "?sort=unit",
    "?sort=-updated",
    "?page=2",
    "?page=abc",
    "?year=2023&state=draft&unit=单位A&errors=1&sort=-score&page=1",
]


@pytest.mark.parametrize("query", EVERY_QUERY)
def test_a_unit_b_filler_never_sees_unit_as_draft_whatever_the_query(
    query: str, filler_b: Any, draft_a: Document, make: Make
) -> None:
    draft_a.errors = 1
    draft_a.save()
    own = ids(make(60, unit="B", errors=1))

    shown = listed(filler_b.client, f"/documents/{query}")
    api = filler_b.client.get(f"/api/documents{query.replace('page=', 'offset=')}").json()

    assert draft_a.pk not in shown
    assert set(shown) <= set(own)
    assert draft_a.pk not in [row["id"] for row in api.get("items", [])]


@pytest.mark.parametrize("query", [*EVERY_QUERY, "?state=published"])
def test_the_portal_never_shows_a_draft_whatever_the_query(
    query: str, anonymous: Any, draft_a: Document
) -> None:
    assert draft_a.pk not in listed(anonymous.client, f"/public/{query}")


# -- The public portal ----------------------------------------------------------------------


def test_the_portal_pages_and_filters_by_year_and_unit(anonymous: Any, make: Make) -> None:
    published = ids(make(60, state=State.PUBLISHED))
    earlier = ids(make(2, year=2022, state=State.PUBLISHED))
    in_c = ids(make(1, unit="C", state=State.PUBLISHED))
    make(5, name="草稿")

    assert listed(anonymous.client, "/public/") == published[:50]
    assert listed(anonymous.client, "/public/?page=2") == published[50:] + in_c + earlier
    assert listed(anonymous.client, "/public/?year=2022") == earlier
    assert listed(anonymous.client, "/public/?unit=单位C") == in_c


def test_the_portal_offers_neither_a_state_nor_an_error_filter_and_ignores_them(
    anonymous: Any, make: Make
) -> None:
    published = ids(make(2, state=State.PUBLISHED, errors=0))
    with_errors = ids(make(1, name="项目错", state=State.PUBLISHED, errors=2))

    page = anonymous.client.get("/public/").content.decode()

    assert 'name="state"' not in page
    assert 'name="errors"' not in page
    assert listed(anonymous.client, "/public/?errors=1") == published + with_errors
    assert listed(anonymous.client, "/public/?sort=state") == published + with_errors


# -- The API --------------------------------------------------------------------------------


def test_the_api_pages_with_limit_and_offset(filler_a: Any, make: Make) -> None:
    made = ids(make(120))

    body = filler_a.client.get("/api/documents?limit=50&offset=50").json()

    assert body["count"] == 120
    assert [row["id"] for row in body["items"]] == made[50:100]
    assert body["items"][0]["unit"] == "单位A"


def test_the_api_filters_and_sorts_as_the_list_page_does(finance: Any, make: Make) -> None:
    make(2, unit="A", year=2022)
    low, high = (
        make(1, unit="C", name=n, score=s, errors=1)[0].pk for n, s in (("a", "9"), ("b", "90"))
    )

    query = "year=2023&state=draft&unit=单位C&errors=true&sort=-score"
    body = finance.client.get(f"/api/documents?{query}").json()

    assert (body["count"], [row["id"] for row in body["items"]]) == (2, [high, low])


@pytest.mark.parametrize(
    ("query", "status"),
    [("sort=unknown", 400), ("state=lost", 400), ("year=x", 422), ("limit=0", 422)],
)
def test_the_api_refuses_a_parameter_it_cannot_use(
    query: str, status: int, filler_a: Any, make: Make
) -> None:
    make(1)

    assert filler_a.client.get(f"/api/documents?{query}").status_code == status


def test_the_api_gives_at_most_500_a_page(filler_a: Any, make: Make) -> None:
    make(510)

    body = filler_a.client.get("/api/documents?limit=10000").json()

    assert (body["count"], len(body["items"])) == (510, 500)


# -- Cost and language ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("finance", "/documents/"),
        ("finance", "/documents/?year=2023&unit=单位&errors=1&sort=-score&page=2"),
        ("anonymous", "/public/?sort=-recomputed"),
        ("finance", "/api/documents?sort=state&limit=100"),
    ],
)
def test_ten_documents_and_a_hundred_and_twenty_cost_the_same_queries(
    who: str,
    url: str,
    request: pytest.FixtureRequest,
    make: Make,
    django_assert_max_num_queries: Any,
) -> None:
    client = request.getfixturevalue(who).client
    make(10, state=State.PUBLISHED, errors=1, score="90")
    client.get(url)  # the session
    with django_assert_max_num_queries(10) as few:
        assert client.get(url).status_code == 200

    make(110, name="多", state=State.PUBLISHED, errors=1, score="80")
    with django_assert_max_num_queries(10) as many:
        assert client.get(url).status_code == 200

    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_pager_speaks_english_when_english_is_chosen(filler_a: Any, make: Make) -> None:
    make(120)
    filler_a.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = filler_a.client.get("/documents/?page=2").content.decode()

    assert "120 tables, page 2 of 3" in page
    assert ">Previous</a>" in page
    assert ">Next</a>" in page
    assert "Last changed" in page


# -- The rows --------------------------------------------------------------------------------


def test_a_row_shows_every_column_of_the_document_escaped(filler_a: Any, make: Make) -> None:
    (document,) = make(1, name="<b>管网</b>", score="98", score_recomputed="", grade="优",
                       errors=2, warnings=5, version=3)  # fmt: skip
    row = filler_a.client.get("/documents/").content.decode().split("<tbody>")[1]

    assert f'<td><a href="/documents/{document.pk}/">单位A</a></td>' in row
    assert "<td>&lt;b&gt;管网&lt;/b&gt;000</td>" in row  # the project name, escaped
    assert '<td class="state state-draft">草稿</td>' in row
    assert '<td class="num">98</td>' in row
    assert '<td class="num">—</td>' in row  # no recomputed score: a dash, never 0
    assert "<td>优</td>" in row
    assert '<td class="num">2 / 5</td>' in row
    assert '<td class="num">v3</td>' in row


def test_an_empty_list_says_so(filler_a: Any) -> None:
    page = filler_a.client.get("/documents/").content.decode()

    assert '<td colspan="10" class="empty">暂无自评表</td>' in page

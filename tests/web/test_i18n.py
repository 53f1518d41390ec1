"""The pages speak Chinese unless English was chosen with the switch, and then only English.

The English catalogue (``src/jixiao_web/locale/en``) is checked as a file: every message has
a translation with the same placeholders, and the committed .mo says what the .po says.
"""

from __future__ import annotations

import gettext
import html
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.utils import translation

import jixiao_web
from jixiao import Evaluation
from jixiao_web.evaluations.models import Document
from jixiao_web.orgs.models import OrgUnit
from jixiao_web.services.diff import label
from jixiao_web.services.documents import (
    create_document,
    current_version,
    load_evaluation,
    save_version,
)
from jixiao_web.services.errors import Conflict
from jixiao_web.services.vocabulary import level_choices

PACKAGE = Path(jixiao_web.__file__).parent
CATALOGUE = PACKAGE / "locale" / "en" / "LC_MESSAGES" / "django.po"
# The app's catalogue and any app's own (the files app keeps one beside its code).
CATALOGUES = sorted(PACKAGE.rglob("locale/en/LC_MESSAGES/django.po"))
every_catalogue = pytest.mark.parametrize(
    "po", CATALOGUES, ids=[str(path.relative_to(PACKAGE)) for path in CATALOGUES]
)
CHINESE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff：，。；、（）]")
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]")


def in_english(persona: Any) -> Any:
    persona.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return persona.client


@pytest.fixture
def seed_a(org: dict[str, Any], admin: Any) -> Document:
    """The seed's table in unit A: it has findings, one of them an error."""
    from jixiao.demo import load_demo

    evaluation = load_demo().evaluations[0]
    return create_document(admin.actor, org["A"], evaluation, "first").document


@pytest.fixture
def seed_a_v2(seed_a: Document, admin: Any) -> Document:
    """The seed with a second version, so that history has something to compare."""
    current = load_evaluation(current_version(seed_a))
    current.signoff.filler = "Li Lei"
    save_version(admin.actor, seed_a.pk, current, based_on=1, note="second")
    seed_a.refresh_from_db()
    return seed_a


# -- Chinese by default ---------------------------------------------------------------------


def test_pages_are_chinese_by_default(filler_a: Any, draft_a: Document) -> None:
    page = filler_a.client.get("/documents/").content.decode()

    assert '<html lang="zh-hans">' in page
    assert "我的自评表" in page
    assert "草稿" in page


def test_an_english_browser_still_gets_chinese_until_english_is_chosen(
    filler_a: Any, draft_a: Document
) -> None:
    page = filler_a.client.get("/documents/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert "我的自评表" in page.content.decode()
    assert page["Content-Language"] == "zh-hans"


def test_the_switch_chooses_english_and_back(filler_a: Any, draft_a: Document) -> None:
    switched = filler_a.client.post("/i18n/setlang/", {"language": "en", "next": "/documents/"})

    assert (switched.status_code, switched["Location"]) == (302, "/documents/")
    english = filler_a.client.get("/documents/").content.decode()
    assert '<html lang="en">' in english
    assert "My self-evaluation tables" in english
    assert 'value="en" class="link" lang="en" aria-pressed="true"' in english

    filler_a.client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/documents/"})
    assert "我的自评表" in filler_a.client.get("/documents/").content.decode()


def test_an_english_page_varies_by_cookie_and_leaves_chinese_active_after_it(
    filler_a: Any, draft_a: Document
) -> None:
    response = in_english(filler_a).get("/documents/")

    assert response["Content-Language"] == "en"
    assert "Cookie" in response["Vary"]
    assert translation.get_language() == "zh-hans"


def test_a_language_that_is_not_offered_falls_back_to_chinese(
    filler_a: Any, draft_a: Document
) -> None:
    filler_a.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"

    assert "我的自评表" in filler_a.client.get("/documents/").content.decode()


# -- English when chosen --------------------------------------------------------------------


def test_the_list_page_in_english_names_states_and_grades(filler_a: Any, draft_a: Document) -> None:
    page = in_english(filler_a).get("/documents/").content.decode()

    assert "<th>State</th>" in page
    assert 'class="state state-draft">Draft</td>' in page
    assert "Excellent" in page  # the clean table's grade 优


def test_the_document_page_in_english(filler_a: Any, seed_a_v2: Document) -> None:
    page = in_english(filler_a).get(f"/documents/{seed_a_v2.pk}/").content.decode()

    assert "Department overall spending self-evaluation table" in page
    assert "Third-level indicator" in page
    assert "version 2" in page
    assert ">Submit</button>" in page


def test_the_edit_page_in_english(filler_a: Any, seed_a: Document) -> None:
    page = in_english(filler_a).get(f"/documents/{seed_a.pk}/edit/").content.decode()

    assert "Edit: 单位A 2023 Department overall spending" in page
    assert "Add an indicator line" in page
    assert "Justifications of findings" in page


def test_a_typing_mistake_is_explained_in_english(filler_a: Any, seed_a: Document) -> None:
    form = {"based_on": "1", "year": "23", "funds.executed": "12万"}

    page = in_english(filler_a).post(f"/documents/{seed_a.pk}/edit/preview/", form)

    text = page.content.decode()
    assert "The year must be four digits, e.g. 2023" in text
    assert "“12万” is not a number" in text


def test_a_refused_submission_says_why_in_english(filler_a: Any, seed_a: Document) -> None:
    page = in_english(filler_a).post(f"/documents/{seed_a.pk}/submit/")

    text = page.content.decode()
    assert page.status_code == 422
    assert "There is still 1 error: correct it before submitting" in text
    assert "Errors to correct first" in text


def test_finding_messages_are_the_core_english_ones(filler_a: Any, seed_a: Document) -> None:
    version = current_version(seed_a)
    finding = next(
        f
        for f in json.loads(version.check_json)["findings"]
        if f["code"] == "target-missed-full-score"
    )

    english = in_english(filler_a).get(f"/documents/{seed_a.pk}/").content.decode()
    filler_a.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    chinese = filler_a.client.get(f"/documents/{seed_a.pk}/").content.decode()

    assert html.escape(finding["message_en"]) in english
    assert html.escape(finding["message"]) not in english
    assert html.escape(finding["message"]) in chinese


def test_an_api_refusal_is_english_for_an_english_session(filler_b: Any, draft_a: Document) -> None:
    response = in_english(filler_b).get(f"/api/documents/{draft_a.pk}")

    assert response.status_code == 403
    assert response.json()["message"] == "You may not see this document, or it does not exist"


def test_a_stale_save_conflict_is_explained_in_english(
    admin: Any, draft_a: Document, clean_evaluation: Evaluation
) -> None:
    save_version(admin.actor, draft_a.pk, clean_evaluation, based_on=1)

    with translation.override("en"), pytest.raises(Conflict) as refused:
        save_version(admin.actor, draft_a.pk, clean_evaluation, based_on=1)

    assert refused.value.message == (
        "Not saved: you edited version 1, but someone else has saved the document as version 2"
        " since"
    )


def test_the_admin_site_in_english_names_the_apps_and_models(admin: Any) -> None:
    page = in_english(admin).get("/admin/").content.decode()

    assert "Units and roles" in page
    assert "Self-evaluation table" in page
    assert "Performance self-evaluation administration" in page


def test_diff_labels_follow_the_language() -> None:
    with translation.override("en"):
        english = label("indicators[2].target.text")

    assert english == "Performance indicators row 3 · Target for the year"
    assert label("indicators[2].target.text") == "绩效指标 第3行 · 年度指标值"


# -- No Chinese left on English pages -------------------------------------------------------


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value


def _user_data(*docs: Document) -> list[str]:
    """Every text the users or the rule profile wrote, and the core's own English messages
    (which quote the data): what may stay Chinese on an English page."""
    data = {"中文"}  # the switch names each language in its own words
    data |= set(OrgUnit.objects.values_list("name", flat=True))
    data |= {name for names in level_choices().tree.items() for name in (names[0], *names[1])}
    for doc in docs:
        for version in doc.versions.all():
            data |= set(_strings(json.loads(version.evaluation_json)))
            check = json.loads(version.check_json)
            data |= {f["message_en"] for f in check["findings"]}
            data |= set(_strings([f["evidence"] for f in check["findings"]]))
            data |= {line["explanation_en"] for line in check["score"]["lines"]}
    # Longest first, so a name is removed whole before any part of it; one character would be
    # too blunt (a grade such as 优 must be translated, not removed).
    return sorted((text for text in data if len(text) > 1), key=len, reverse=True)


def _chinese_left(page: str, data: list[str]) -> list[str]:
    text = html.unescape(page).replace("<br>", "\n")  # as linebreaksbr wrote the data
    for value in data:
        text = text.replace(value, "")
    return [text[max(0, m.start() - 30) : m.end() + 30] for m in CHINESE.finditer(text)]


def test_english_pages_show_no_chinese_but_the_data(
    filler_a: Any,
    finance: Any,
    admin: Any,
    anonymous: Any,
    org: dict[str, Any],
    seed_a_v2: Document,
    clean_evaluation: Evaluation,
    advance: Any,
) -> None:
    clean_evaluation.unit = "单位C"
    draft_c = create_document(admin.actor, org["C"], clean_evaluation, "c").document
    published = advance(draft_c, "published")
    data = _user_data(seed_a_v2, published)
    doc = seed_a_v2.pk
    client = in_english(filler_a)
    pages = {
        "list": client.get("/documents/"),
        "document": client.get(f"/documents/{doc}/"),
        "edit": client.get(f"/documents/{doc}/edit/"),
        "version": client.get(f"/documents/{doc}/versions/1/"),
        "changes": client.get(f"/documents/{doc}/changes/?from=1&to=2"),
        "new": client.get("/documents/new/"),
        "refused": client.post(f"/documents/{doc}/submit/"),
        "conflict": client.post(f"/documents/{doc}/edit/", {"based_on": "1", "year": "2023"}),
        "finance document": in_english(finance).get(f"/documents/{published.pk}/"),
        "dashboard": in_english(finance).get("/dashboard/"),
        "portal": in_english(anonymous).get("/public/"),
        "public document": anonymous.client.get(f"/public/{published.pk}/"),
        "login": anonymous.client.get("/login/"),
    }

    left = {name: _chinese_left(page.content.decode(), data) for name, page in pages.items()}

    assert {name: found for name, found in left.items() if found} == {}
    assert pages["conflict"].status_code == 409


# -- The catalogue --------------------------------------------------------------------------


def _unquote(text: str) -> str:
    body = text.strip()[1:-1]
    return re.sub(r'\\(["\\n])', lambda m: "\n" if m.group(1) == "n" else m.group(1), body)


def po_entries(path: Path) -> list[dict[str, Any]]:
    """The .po's entries: keyword → text (``msgstr[0]`` … for plurals), flags as a set."""
    entries: list[dict[str, Any]] = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry: dict[str, Any] = {"flags": set()}
        key = ""
        for line in block.strip().splitlines():
            if line.startswith("#,"):
                entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith('"'):
                entry[key] += _unquote(line)
            elif not line.startswith("#"):
                key, _, text = line.partition(" ")
                entry[key] = _unquote(text)
        if "msgid" in entry:
            entries.append(entry)
    return entries


def messages(po: Path) -> list[dict[str, Any]]:
    return [entry for entry in po_entries(po) if entry["msgid"]]


def translations(entry: dict[str, Any]) -> list[str]:
    return [text for key, text in entry.items() if key.startswith("msgstr")]


def test_the_catalogue_has_the_messages_of_the_pages() -> None:
    ids = {entry["msgid"] for entry in messages(CATALOGUE)}

    assert len(ids) > 200
    assert {"草稿", "财政复核", "您无权修改此文档", "添加指标行"} <= ids


@every_catalogue
def test_every_message_has_an_english_translation(po: Path) -> None:
    untranslated = [
        entry["msgid"]
        for entry in messages(po)
        if not all(translations(entry)) or "fuzzy" in entry["flags"]
    ]

    assert untranslated == []


@every_catalogue
def test_every_translation_keeps_the_placeholders_of_its_message(po: Path) -> None:
    wrong = [
        entry["msgid"]
        for entry in messages(po)
        for text in translations(entry)
        if sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(entry["msgid"]))
    ]

    assert wrong == []


@every_catalogue
def test_no_translation_is_still_chinese(po: Path) -> None:
    assert [t for entry in messages(po) for t in translations(entry) if CHINESE.search(t)] == []


@every_catalogue
def test_the_committed_mo_says_what_the_po_says(po: Path) -> None:
    with po.with_suffix(".mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)

    stale = []
    for entry in messages(po):
        context = entry.get("msgctxt")
        if "msgid_plural" in entry:
            found = catalogue.ngettext(entry["msgid"], entry["msgid_plural"], 2)
            expected = entry["msgstr[1]"]
        elif context is not None:
            found, expected = catalogue.pgettext(context, entry["msgid"]), entry["msgstr"]
        else:
            found, expected = catalogue.gettext(entry["msgid"]), entry["msgstr"]
        if found != expected:
            stale.append(entry["msgid"])

    assert stale == []

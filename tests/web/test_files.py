"""Files: a version's 自评表 / 自评报告 / 问题清单 as downloads, and supporting documents."""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import subprocess
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

import jixiao
from jixiao import Evaluation
from jixiao.errors import JixiaoError
from jixiao.importers import import_bytes
from jixiao.office import find_soffice, office_missing
from jixiao_web.audit.models import AuditLog
from jixiao_web.evaluations.models import Document
from jixiao_web.files import services
from jixiao_web.files.models import Attachment, Category
from jixiao_web.services.documents import current_version, load_evaluation, save_version

FAKE_PDF = b"%PDF-1.7 fake"
DOWNLOADS = [
    ("table", "docx"),
    ("table", "xlsx"),
    ("table", "pdf"),
    ("report", "docx"),
    ("report", "pdf"),
    ("findings", "docx"),
    ("findings", "xlsx"),
    ("findings", "html"),
    ("findings", "pdf"),
]
PDF_BYTES = b"%PDF-1.4\n" + b"0" * 200


class FakePool:
    """Stands in for LibreOffice: every .docx becomes a small PDF, and the calls are kept."""

    def __init__(self) -> None:
        self.calls: list[list[bytes]] = []

    def convert_many(
        self, items: Sequence[tuple[bytes, str]], to: str
    ) -> list[bytes | JixiaoError]:
        assert to == "pdf"
        self.calls.append([data for data, _ in items])
        return [FAKE_PDF for _ in items]


class MissingOffice:
    def convert_many(
        self, items: Sequence[tuple[bytes, str]], to: str
    ) -> list[bytes | JixiaoError]:
        raise office_missing()


@pytest.fixture(autouse=True)
def storage(settings: Any, tmp_path: Path) -> Path:
    """Each test stores its files in its own folder."""
    settings.MEDIA_ROOT = tmp_path / "files"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture(autouse=True)
def fake_pool(monkeypatch: pytest.MonkeyPatch) -> FakePool:
    pool = FakePool()
    monkeypatch.setattr(services, "_pool", pool)
    return pool


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, str, str]]:
    """Every file the core is asked to make, as (version, part, format)."""
    made: list[tuple[int, str, str]] = []
    real = services.render

    def counting(version: Any, part: str, format: str) -> bytes:
        made.append((version.number, part, format))
        return real(version, part, format)

    monkeypatch.setattr(services, "render", counting)
    return made


def url(document: Document, part: str, format: str, number: int | None = None) -> str:
    if number is None:
        return f"/documents/{document.pk}/files/{part}.{format}"
    return f"/documents/{document.pk}/versions/{number}/files/{part}.{format}"


def upload(persona: Any, document: Document, name: str, data: bytes, **extra: Any) -> Any:
    # The browser's claim is deliberately wrong: the stored type is read from the bytes.
    file = SimpleUploadedFile(name, data, content_type=extra.pop("content_type", "text/html"))
    return persona.client.post(f"/documents/{document.pk}/attachments/", {"file": file}, **extra)


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def with_second_version(document: Document, persona: Any, total: str | None = None) -> Document:
    """Save version 2 with another declared total (or, by default, another phone number)."""
    evaluation = load_evaluation(current_version(document))
    assert evaluation.total is not None
    assert evaluation.signoff is not None
    if total is None:
        evaluation.signoff.phone = "0731-00000000"
    else:
        evaluation.total.score = Decimal(total)
    save_version(persona.actor, document.pk, evaluation, based_on=document.version)
    document.refresh_from_db()
    return document


# --- downloads ------------------------------------------------------------------------------


@pytest.mark.parametrize(("part", "format"), DOWNLOADS)
def test_the_unit_filler_downloads_every_file_of_the_current_version(
    filler_a: Any, draft_a: Document, part: str, format: str
) -> None:
    response = filler_a.client.get(url(draft_a, part, format))

    assert response.status_code == 200
    assert response["Content-Type"] == services.CONTENT_TYPES[format]
    assert response["Content-Disposition"].startswith("attachment; ")
    assert response["X-Content-Type-Options"] == "nosniff"
    data = body(response)
    magic = {"docx": b"PK", "xlsx": b"PK", "pdf": b"%PDF", "html": b"<!DOCTYPE html>"}
    assert data.startswith(magic[format])


@pytest.mark.parametrize("persona", ["head_a", "supervisor", "finance", "admin"])
def test_every_role_over_the_unit_downloads_the_table_and_the_findings(
    persona: str, draft_a: Document, request: pytest.FixtureRequest
) -> None:
    client = request.getfixturevalue(persona).client

    assert client.get(url(draft_a, "table", "xlsx")).status_code == 200
    assert client.get(url(draft_a, "findings", "html", 1)).status_code == 200


def test_the_file_name_names_unit_year_part_and_version_in_rfc_5987_utf_8(
    filler_a: Any, draft_a: Document
) -> None:
    response = filler_a.client.get(url(draft_a, "table", "xlsx"))

    disposition = response["Content-Disposition"]
    assert f"filename*=UTF-8''{quote('单位A-2023-自评表-v1.xlsx')}" in disposition
    assert 'filename="A-2023-_-v1.xlsx"' in disposition  # the ASCII fallback


@pytest.mark.parametrize(("part", "format"), [("table", "docx"), ("findings", "xlsx")])
def test_a_unit_b_filler_gets_403_on_unit_as_files(
    filler_b: Any, other_supervisor: Any, draft_a: Document, part: str, format: str
) -> None:
    assert filler_b.client.get(url(draft_a, part, format)).status_code == 403
    assert other_supervisor.client.get(url(draft_a, part, format, 1)).status_code == 403


@pytest.mark.parametrize(("part", "format"), DOWNLOADS)
def test_the_public_gets_404_for_every_file_of_an_unpublished_document(
    anonymous: Any, draft_a: Document, part: str, format: str
) -> None:
    assert anonymous.client.get(url(draft_a, part, format)).status_code == 404


def test_the_public_gets_the_table_and_report_of_a_published_document_only(
    anonymous: Any, draft_a: Document, advance: Any
) -> None:
    advance(draft_a, "published")
    get = anonymous.client.get

    assert get(url(draft_a, "table", "docx")).status_code == 200
    assert get(url(draft_a, "table", "pdf")).status_code == 200
    assert get(url(draft_a, "report", "docx")).status_code == 200
    assert get(url(draft_a, "findings", "html")).status_code == 404


def test_the_public_gets_only_the_published_version_not_the_drafts_before_it(
    anonymous: Any, filler_a: Any, draft_a: Document, advance: Any
) -> None:
    with_second_version(draft_a, filler_a)
    advance(draft_a, "published")

    assert anonymous.client.get(url(draft_a, "table", "docx", 2)).status_code == 200
    assert anonymous.client.get(url(draft_a, "table", "docx", 1)).status_code == 404


def test_a_signed_in_outsider_gets_a_published_table_but_not_its_findings(
    filler_b: Any, draft_a: Document, advance: Any
) -> None:
    advance(draft_a, "published")

    assert filler_b.client.get(url(draft_a, "table", "xlsx")).status_code == 200
    assert filler_b.client.get(url(draft_a, "findings", "docx")).status_code == 403


def test_an_unknown_version_or_format_is_404(filler_a: Any, draft_a: Document) -> None:
    assert filler_a.client.get(url(draft_a, "table", "docx", 9)).status_code == 404
    assert filler_a.client.get(url(draft_a, "report", "xlsx")).status_code == 404
    assert filler_a.client.get(f"/documents/{draft_a.pk}/files/table.exe").status_code == 404


def test_an_old_versions_excel_holds_that_versions_numbers(
    filler_a: Any, draft_a: Document
) -> None:
    with_second_version(draft_a, filler_a, "88.50")

    old = body(filler_a.client.get(url(draft_a, "table", "xlsx", 1)))
    new = body(filler_a.client.get(url(draft_a, "table", "xlsx")))

    def total(data: bytes) -> Decimal | None:
        evaluation: Evaluation = import_bytes(data, "自评表.xlsx").evaluations[0]
        return evaluation.total.score if evaluation.total else None

    assert total(old) == Decimal("99.72")
    assert total(new) == Decimal("88.50")


def test_a_file_is_rendered_once_and_then_read_from_storage(
    filler_a: Any, head_a: Any, draft_a: Document, renders: list[Any], storage: Path
) -> None:
    first = body(filler_a.client.get(url(draft_a, "table", "docx")))
    second = body(head_a.client.get(url(draft_a, "table", "docx", 1)))

    assert renders == [(1, "table", "docx")]
    assert first == second
    kept = storage / f"rendered/{draft_a.pk}/v1/{jixiao.__version__}-national-2020/table.docx"
    assert kept.read_bytes() == first


def test_a_pdf_is_converted_once_from_the_stored_word_file(
    filler_a: Any, draft_a: Document, fake_pool: FakePool
) -> None:
    word = body(filler_a.client.get(url(draft_a, "report", "docx")))

    for _ in range(2):
        assert body(filler_a.client.get(url(draft_a, "report", "pdf"))) == FAKE_PDF

    assert fake_pool.calls == [[word]]


def test_without_libreoffice_a_pdf_is_a_503_that_says_so_in_chinese(
    filler_a: Any, draft_a: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "_pool", MissingOffice())

    page = filler_a.client.get(url(draft_a, "table", "pdf"))
    api = filler_a.client.get(f"/api/documents/{draft_a.pk}/files/table/pdf")

    assert page.status_code == 503
    assert "未安装 LibreOffice" in page.content.decode()
    assert api.status_code == 503
    assert api.json()["code"] == "office-unavailable"


@pytest.mark.slow
def test_a_real_libreoffice_makes_the_pdf_of_the_table(
    filler_a: Any, draft_a: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    if find_soffice() is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice or poppler-utils is not installed")
    monkeypatch.setattr(services, "_pool", None)
    try:
        data = body(filler_a.client.get(url(draft_a, "table", "pdf")))
    finally:
        pool = services._pool
        if pool is not None and hasattr(pool, "close"):
            pool.close()

    assert data.startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    assert "部门整体支出绩效自评表" in text
    assert "99.72" in text


# --- attachments ----------------------------------------------------------------------------


def test_the_filler_uploads_a_supporting_document_to_a_draft(
    filler_a: Any, draft_a: Document, storage: Path
) -> None:
    response = upload(filler_a, draft_a, "../../佐证 材料.pdf", PDF_BYTES)

    assert response.status_code == 302
    stored = Attachment.objects.get(document=draft_a)
    assert stored.original_name == "佐证 材料.pdf"
    assert stored.content_type == "application/pdf"  # read from the bytes, not the browser
    assert stored.category == Category.SUPPORTING
    assert stored.size == len(PDF_BYTES)
    assert stored.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert "佐证" not in stored.storage_name
    assert (storage / stored.storage_name).read_bytes() == PDF_BYTES
    entry = AuditLog.objects.get(action="attach")
    assert entry.object_id == str(draft_a.pk)
    assert entry.detail["sha256"] == stored.sha256


def test_an_attachment_downloads_with_its_chinese_name_as_an_attachment(
    filler_a: Any, head_a: Any, draft_a: Document
) -> None:
    upload(filler_a, draft_a, "佐证材料（一）.pdf", PDF_BYTES)
    stored = Attachment.objects.get()

    response = head_a.client.get(f"/documents/{draft_a.pk}/attachments/{stored.pk}/")

    assert response.status_code == 200
    assert body(response) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="')
    assert "filename*=UTF-8''%E4%BD%90%E8%AF%81%E6%9D%90%E6%96%99" in disposition


def test_an_uploaded_web_page_is_never_served_as_html(filler_a: Any, draft_a: Document) -> None:
    upload(filler_a, draft_a, "x.html", b"<script>alert(1)</script>", content_type="text/html")
    stored = Attachment.objects.get()

    response = filler_a.client.get(f"/documents/{draft_a.pk}/attachments/{stored.pk}/")

    assert response["Content-Type"] == "text/plain"
    assert response["Content-Disposition"].startswith("attachment")
    assert "sandbox" in response["Content-Security-Policy"]


def test_an_upload_over_the_limit_is_refused_with_its_size(
    filler_a: Any, draft_a: Document, settings: Any
) -> None:
    settings.JIXIAO_ATTACHMENT_MAX_BYTES = 1000

    response = upload(filler_a, draft_a, "大.pdf", PDF_BYTES * 10)

    assert response.status_code == 413
    assert "文件过大" in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_body_far_over_the_limit_is_refused_by_its_declared_length(
    filler_a: Any, draft_a: Document, settings: Any, storage: Path
) -> None:
    settings.JIXIAO_ATTACHMENT_MAX_BYTES = 1000

    response = upload(filler_a, draft_a, "大.bin", b"x" * 100_000)

    assert response.status_code == 413
    assert not Attachment.objects.exists()
    assert not (storage / "attachments").exists()


def test_an_empty_file_or_no_file_is_refused(filler_a: Any, draft_a: Document) -> None:
    empty = upload(filler_a, draft_a, "空.pdf", b"")
    none = filler_a.client.post(f"/documents/{draft_a.pk}/attachments/", {})

    assert empty.status_code == 400
    assert none.status_code == 400


def test_an_upload_without_the_csrf_token_is_refused(filler_a: Any, draft_a: Document) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(filler_a.user)
    file = SimpleUploadedFile("a.pdf", PDF_BYTES)

    response = client.post(f"/documents/{draft_a.pk}/attachments/", {"file": file})

    assert response.status_code == 403
    assert not Attachment.objects.exists()


def test_the_filler_cannot_attach_after_submitting_but_finance_can_at_any_stage(
    filler_a: Any, finance: Any, draft_a: Document, advance: Any
) -> None:
    advance(draft_a, "published")

    assert upload(filler_a, draft_a, "晚.pdf", PDF_BYTES).status_code == 409
    assert upload(finance, draft_a, "复核意见.pdf", PDF_BYTES).status_code == 302
    assert Attachment.objects.get().category == Category.REVIEW


def test_an_upload_that_races_a_submit_is_refused_and_leaves_no_file(
    filler_a: Any, draft_a: Document, advance: Any, storage: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jixiao_web.files import access

    stale = Document.objects.select_related("unit").get(pk=draft_a.pk)  # read as a draft
    advance(draft_a, "submitted")
    monkeypatch.setattr(access, "insider_document", lambda actor, document_id: stale)

    response = upload(filler_a, draft_a, "a.pdf", PDF_BYTES)

    assert response.status_code == 409
    assert not Attachment.objects.exists()
    assert list((storage / "attachments").rglob("*")) == [storage / f"attachments/{draft_a.pk}"]


@pytest.mark.parametrize("persona", ["head_a", "supervisor", "filler_b"])
def test_who_neither_fills_nor_reviews_cannot_attach(
    persona: str, draft_a: Document, request: pytest.FixtureRequest
) -> None:
    who = request.getfixturevalue(persona)

    assert upload(who, draft_a, "a.pdf", PDF_BYTES).status_code == 403
    assert not Attachment.objects.exists()


def test_a_unit_b_filler_cannot_download_unit_as_attachment(
    filler_a: Any, filler_b: Any, draft_a: Document
) -> None:
    upload(filler_a, draft_a, "a.pdf", PDF_BYTES)
    stored = Attachment.objects.get()

    response = filler_b.client.get(f"/documents/{draft_a.pk}/attachments/{stored.pk}/")

    assert response.status_code == 403


def test_the_public_never_gets_an_attachment_even_of_a_published_document(
    filler_a: Any, anonymous: Any, draft_a: Document, advance: Any
) -> None:
    upload(filler_a, draft_a, "a.pdf", PDF_BYTES)
    stored = Attachment.objects.get()
    advance(draft_a, "published")

    page = anonymous.client.get(f"/documents/{draft_a.pk}/attachments/{stored.pk}/")
    api = anonymous.client.get(f"/api/documents/{draft_a.pk}/attachments/{stored.pk}")

    assert page.status_code == 302  # to the login page
    assert "/login/" in page["Location"]
    assert api.status_code == 401
    assert upload(anonymous, draft_a, "b.pdf", PDF_BYTES).status_code == 302
    assert Attachment.objects.count() == 1


def test_an_attachment_of_another_document_is_not_found_through_this_one(
    filler_a: Any, draft_a: Document, org: dict[str, Any], admin: Any, clean_evaluation: Any
) -> None:
    from jixiao_web.services.documents import create_document

    clean_evaluation.year = 2022
    other = create_document(admin.actor, org["A"], clean_evaluation).document
    upload(filler_a, other, "a.pdf", PDF_BYTES)
    stored = Attachment.objects.get()

    assert (
        filler_a.client.get(f"/documents/{draft_a.pk}/attachments/{stored.pk}/").status_code == 404
    )


def test_the_uploader_deletes_an_attachment_and_the_stored_file_goes(
    filler_a: Any, draft_a: Document, storage: Path, django_capture_on_commit_callbacks: Any
) -> None:
    upload(filler_a, draft_a, "a.pdf", PDF_BYTES)
    stored = Attachment.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        response = filler_a.client.post(f"/documents/{draft_a.pk}/attachments/{stored.pk}/delete/")

    assert response.status_code == 302
    assert not Attachment.objects.exists()
    assert not (storage / stored.storage_name).exists()
    assert AuditLog.objects.get(action="detach").detail["name"] == "a.pdf"


def test_only_the_uploader_deletes_and_only_while_they_may_attach(
    filler_a: Any, make_persona: Callable[..., Any], draft_a: Document, advance: Any
) -> None:
    colleague = make_persona("filler-a2", "filler", "A")
    upload(filler_a, draft_a, "a.pdf", PDF_BYTES)
    stored = Attachment.objects.get()
    delete = f"/documents/{draft_a.pk}/attachments/{stored.pk}/delete/"

    assert colleague.client.post(delete).status_code == 403
    advance(draft_a, "submitted")
    assert filler_a.client.post(delete).status_code == 403
    assert Attachment.objects.exists()


# --- pages ----------------------------------------------------------------------------------


def test_the_document_page_lists_downloads_and_attachments_with_an_upload_form(
    filler_a: Any, draft_a: Document
) -> None:
    upload(filler_a, draft_a, "佐证材料.pdf", PDF_BYTES)

    page = filler_a.client.get(f"/documents/{draft_a.pk}/").content.decode()

    assert url(draft_a, "table", "xlsx") in page
    assert url(draft_a, "findings", "html") in page
    assert "佐证材料.pdf" in page
    assert f"/documents/{draft_a.pk}/attachments/" in page
    assert 'enctype="multipart/form-data"' in page


def test_the_version_page_offers_that_versions_files_without_an_upload_form(
    filler_a: Any, draft_a: Document
) -> None:
    with_second_version(draft_a, filler_a)

    page = filler_a.client.get(f"/documents/{draft_a.pk}/versions/1/").content.decode()

    assert url(draft_a, "table", "pdf", 1) in page
    assert 'enctype="multipart/form-data"' not in page


def test_the_public_page_offers_the_table_and_report_only(
    filler_a: Any, anonymous: Any, draft_a: Document, advance: Any
) -> None:
    upload(filler_a, draft_a, "内部材料.pdf", PDF_BYTES)
    advance(draft_a, "published")

    page = anonymous.client.get(f"/public/{draft_a.pk}/").content.decode()

    assert url(draft_a, "report", "pdf") in page
    assert "findings" not in page
    assert "内部材料" not in page


def test_an_insider_on_the_public_page_sees_what_the_public_gets(
    filler_a: Any, finance: Any, draft_a: Document, advance: Any
) -> None:
    upload(filler_a, draft_a, "内部材料.pdf", PDF_BYTES)
    advance(draft_a, "published")

    page = finance.client.get(f"/public/{draft_a.pk}/").content.decode()

    assert url(draft_a, "table", "docx") in page
    assert "内部材料" not in page
    assert 'enctype="multipart/form-data"' not in page


# --- API ------------------------------------------------------------------------------------


def test_the_api_downloads_any_versions_files(filler_a: Any, draft_a: Document) -> None:
    current = filler_a.client.get(f"/api/documents/{draft_a.pk}/files/report/docx")
    old = filler_a.client.get(f"/api/documents/{draft_a.pk}/versions/1/files/findings/xlsx")

    assert current.status_code == 200
    assert body(current).startswith(b"PK")
    assert old.status_code == 200
    assert quote("问题清单") in old["Content-Disposition"]


def test_the_api_uploads_lists_downloads_and_deletes_an_attachment(
    filler_a: Any, draft_a: Document
) -> None:
    base = f"/api/documents/{draft_a.pk}/attachments"
    file = SimpleUploadedFile("说明.txt", "说明文字".encode())

    created = filler_a.client.post(base, {"file": file})
    listed = filler_a.client.get(base).json()
    got = filler_a.client.get(f"{base}/{created.json()['id']}")
    deleted = filler_a.client.delete(f"{base}/{created.json()['id']}")

    assert created.status_code == 201
    assert created.json()["content_type"] == "text/plain"
    assert [item["name"] for item in listed] == ["说明.txt"]
    assert listed[0]["can_delete"] is True
    assert body(got) == "说明文字".encode()
    assert deleted.status_code == 204
    assert not Attachment.objects.exists()


def test_the_api_refuses_unit_as_attachments_to_a_unit_b_filler(
    filler_b: Any, draft_a: Document
) -> None:
    base = f"/api/documents/{draft_a.pk}/attachments"

    assert filler_b.client.get(base).status_code == 403
    assert (
        filler_b.client.post(base, {"file": SimpleUploadedFile("a.pdf", PDF_BYTES)}).status_code
        == 403
    )


def test_the_api_refuses_an_upload_over_the_limit(
    filler_a: Any, draft_a: Document, settings: Any
) -> None:
    settings.JIXIAO_ATTACHMENT_MAX_BYTES = 100
    file = SimpleUploadedFile("a.pdf", PDF_BYTES)

    response = filler_a.client.post(f"/api/documents/{draft_a.pk}/attachments", {"file": file})

    assert response.status_code == 413
    assert response.json()["code"] == "file-too-large"


# --- English, names and types -----------------------------------------------------------------

CATALOGUE = Path(services.__file__).parent / "locale" / "en" / "LC_MESSAGES"


def test_the_files_box_speaks_english_when_english_was_chosen(
    filler_a: Any, draft_a: Document, settings: Any
) -> None:
    filler_a.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    upload(filler_a, draft_a, "a.pdf", PDF_BYTES)

    page = filler_a.client.get(f"/documents/{draft_a.pk}/").content.decode()
    box = page[page.index('<section class="files">') :]
    box = box[: box.index("</section>")]

    assert not re.search("[\u4e00-\u9fff（）：]", box)
    assert "Attachments (1)" in box
    assert "Supporting document" in box


def test_the_english_catalogue_of_the_files_translates_every_message() -> None:
    import gettext

    ids = re.findall(r'^msgid "(.+)"$', (CATALOGUE / "django.po").read_text("utf-8"), re.M)
    with (CATALOGUE / "django.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)

    untranslated = [
        i
        for i in ids
        if catalogue.gettext(i) == i or re.search("[\u4e00-\u9fff]", catalogue.gettext(i))
    ]
    assert len(ids) > 25
    assert untranslated == []


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (PDF_BYTES, "application/pdf"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "image/png"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 20, "image/jpeg"),
        ("一段说明文字".encode("gb18030"), "text/plain"),
        (b"<html><script>x</script></html>", "text/plain"),
        (b"\x00\x01\x02\x03", "application/octet-stream"),
        (b"PK\x03\x04 broken", "application/octet-stream"),
    ],
)
def test_the_type_of_an_upload_is_read_from_its_bytes(data: bytes, expected: str) -> None:
    from jixiao_web.files.sniffing import sniff

    assert sniff(io.BytesIO(data)) == expected


def test_word_excel_and_plain_zip_files_are_told_apart(clean_evaluation: Evaluation) -> None:
    import zipfile

    from jixiao.render.table_docx import table_docx
    from jixiao_web.files.sniffing import sniff

    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as folder:
        folder.writestr("照片/1.jpg", b"\xff\xd8\xff")

    assert sniff(io.BytesIO(table_docx(clean_evaluation))).endswith("wordprocessingml.document")
    assert sniff(io.BytesIO(archive.getvalue())) == "application/zip"


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("C:\\Users\\张三\\佐证材料.pdf", "佐证材料.pdf"),
        ('../a"b\x00\n.docx', "a'b.docx"),
        ("   ", "附件"),
        ("长" * 300 + ".xlsx", "长" * 195 + ".xlsx"),
    ],
)
def test_an_uploaded_name_keeps_no_folders_quotes_or_control_characters(
    given: str, kept: str
) -> None:
    from jixiao_web.files.naming import clean_original_name

    assert clean_original_name(given) == kept


def test_a_project_tables_file_name_has_the_project_and_no_unsafe_characters(
    org: dict[str, Any],
) -> None:
    from jixiao_web.files.naming import download_name

    document = Document(unit=org["A"], year=2023, kind="project", project='污水/管网 "一期"')

    assert download_name(document, "自评表", 3, "pdf") == "单位A-2023-污水_管网_一期-自评表-v3.pdf"


def test_a_signed_in_download_is_audited_with_part_format_and_version(
    filler_a: Any, draft_a: Document
) -> None:
    response = filler_a.client.get(f"/documents/{draft_a.pk}/files/table.xlsx")

    entry = AuditLog.objects.get(action="download")
    assert response.status_code == 200
    assert (entry.actor_name, entry.object_id) == (filler_a.name, str(draft_a.pk))
    assert entry.detail == {"part": "table", "format": "xlsx", "version": 1}


def test_an_attachment_download_is_audited_with_its_name_and_digest(
    filler_a: Any, head_a: Any, draft_a: Document
) -> None:
    upload(filler_a, draft_a, "佐证材料.pdf", PDF_BYTES)
    stored = Attachment.objects.get()

    head_a.client.get(f"/documents/{draft_a.pk}/attachments/{stored.pk}/")

    entry = AuditLog.objects.get(action="download-attachment")
    assert entry.actor_name == head_a.name
    assert (entry.detail["name"], entry.detail["sha256"]) == ("佐证材料.pdf", stored.sha256)


def test_the_publics_downloads_of_published_files_are_not_logged(
    anonymous: Any, draft_a: Document, advance: Any
) -> None:
    advance(draft_a, "published")

    assert anonymous.client.get(url(draft_a, "table", "docx")).status_code == 200
    assert not AuditLog.objects.filter(action="download").exists()


def test_prunerenders_deletes_files_of_another_release_or_a_deleted_document_only(
    filler_a: Any, draft_a: Document, storage: Path
) -> None:
    from django.core.management import call_command

    filler_a.client.get(url(draft_a, "table", "docx"))
    current = storage / f"rendered/{draft_a.pk}/v1/{jixiao.__version__}-national-2020/table.docx"
    old = storage / f"rendered/{draft_a.pk}/v1/0.0.1-national-2020/table.docx"
    gone = storage / f"rendered/987654/v3/{jixiao.__version__}-national-2020/report.pdf"
    for stale in (old, gone):
        stale.parent.mkdir(parents=True)
        stale.write_bytes(b"stale")
    out = io.StringIO()

    call_command("prunerenders", "--dry-run", stdout=out)
    kept_by_dry_run = old.exists() and gone.exists()
    call_command("prunerenders", stdout=io.StringIO())

    assert "0.0.1-national-2020/table.docx" in out.getvalue()
    assert "987654/v3" in out.getvalue()
    assert kept_by_dry_run
    assert old.exists() is False
    assert gone.exists() is False
    assert current.exists()


def test_prunerenders_without_any_rendered_file_deletes_nothing(db: None) -> None:
    from django.core.management import call_command

    out = io.StringIO()
    call_command("prunerenders", stdout=out)

    assert "已删除 0 个文件" in out.getvalue()

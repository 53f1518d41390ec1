"""Legacy Word .doc files, read through LibreOffice; OLE2 containers that are not readable."""

from __future__ import annotations

import random
import struct
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao import office
from jixiao.cli.app import app
from jixiao.errors import ImportError_, JixiaoError
from jixiao.importers import ImportResult, import_bytes
from jixiao.importers.doc import DocImporter, OleFile
from jixiao.office import Converter
from tests.corpus.document import from_text_form
from tests.corpus.write_docx import write_docx, write_ole2

DATA = Path(__file__).parent.parent / "data"
SEEDLIKE = (DATA / "department-seedlike.txt").read_text(encoding="utf-8")


def _comparable(result: ImportResult) -> list[dict[str, object]]:
    return [evaluation.model_dump(exclude={"provenance"}) for evaluation in result.evaluations]


def _word_container(*, encrypted: bool = False) -> bytes:
    """An OLE2 file with a WordDocument stream whose header (FIB) says encrypted or not."""
    fib = struct.pack("<H8xH", 0xA5EC, 0x0100 if encrypted else 0)
    return write_ole2({"WordDocument": fib, "1Table": b"\0" * 16})


def _fake_soffice(tmp_path: Path, body: str) -> str:
    """A stand-in for soffice: a shell script that gets LibreOffice's arguments."""
    script = tmp_path / "soffice"
    script.write_text("#!/bin/sh\n" + body + "\n", encoding="utf-8")
    script.chmod(0o755)
    return str(script)


# Writes "<outdir>/<input stem>.docx" from the arguments soffice receives, and logs them.
_CONVERT_ARGS = """
log="$(dirname "$0")/args.txt"; printf '%s\\n' "$@" > "$log"
while [ $# -gt 0 ]; do
  case "$1" in
    --outdir) shift; out="$1" ;;
    --convert-to) shift; to="${1%%:*}" ;;
    -*) ;;
    *) in="$1" ;;
  esac
  shift
done
name=$(basename "$in"); printf 'converted' > "$out/${name%.*}.$to"
"""


# --- the LibreOffice converter ------------------------------------------------------------------


def test_the_converter_runs_soffice_headless_with_a_private_profile(tmp_path):
    with Converter(soffice=_fake_soffice(tmp_path, _CONVERT_ARGS), timeout=10) as converter:
        assert converter.convert(b"old", ".doc", "docx") == b"converted"
        arguments = (tmp_path / "args.txt").read_text(encoding="utf-8").splitlines()
        assert f"-env:UserInstallation={converter.profile_uri}" in arguments
        assert converter.profile_uri.startswith("file:///")
    assert "--headless" in arguments
    assert arguments[arguments.index("--convert-to") + 1] == "docx"


def test_without_soffice_the_error_names_the_debian_package(tmp_path):
    with pytest.raises(JixiaoError) as caught:
        Converter(soffice=str(tmp_path / "no-soffice")).convert(b"x", ".doc", "docx")
    assert caught.value.code == "office-missing"
    assert "libreoffice-writer-nogui" in caught.value.message
    assert "libreoffice-writer-nogui" in caught.value.message_en


def test_a_hanging_soffice_is_stopped_at_the_timeout(tmp_path):
    converter = Converter(soffice=_fake_soffice(tmp_path, "sleep 30"), timeout=0.3)
    with pytest.raises(JixiaoError) as caught:
        converter.convert(b"x", ".doc", "docx")
    assert caught.value.code == "office-timeout"


def test_a_file_soffice_cannot_convert_is_a_failed_conversion(tmp_path):
    converter = Converter(
        soffice=_fake_soffice(tmp_path, "echo 'Error: source file could not be loaded' >&2")
    )
    results = converter.convert_many([(b"a", ".doc"), (b"b", ".doc")], "docx")
    assert [r.code for r in results if isinstance(r, JixiaoError)] == ["office-failed"] * 2
    assert "could not be loaded" in results[0].detail  # type: ignore[union-attr]


# --- reading .doc files -------------------------------------------------------------------------


def test_it_claims_an_ole2_file_that_names_a_word_stream():
    importer = DocImporter()
    assert importer.sniff(_word_container()[:65536], "x.bin") >= 0.9
    assert importer.sniff(b"PK\x03\x04", "x.doc") == 0.0


def test_it_lists_the_streams_of_a_compound_file():
    ole = OleFile(_word_container())
    assert ole.names() == {"WordDocument", "1Table"}


def test_a_doc_without_libreoffice_gives_office_missing(tmp_path):
    importer = DocImporter(Converter(soffice=str(tmp_path / "no-soffice")))
    with pytest.raises(JixiaoError) as caught:
        importer.read(_word_container(), "old.doc")
    assert caught.value.code == "office-missing"


def test_the_cli_exits_2_naming_the_package_when_libreoffice_is_missing(tmp_path, monkeypatch):
    monkeypatch.setattr(office, "find_soffice", lambda: None)
    path = tmp_path / "old.doc"
    path.write_bytes(_word_container())
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 2
    assert "office-missing" in result.stderr
    assert "libreoffice-writer-nogui" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_a_doc_that_libreoffice_cannot_open_is_corrupt(tmp_path):
    importer = DocImporter(Converter(soffice=_fake_soffice(tmp_path, "true")))
    with pytest.raises(ImportError_) as caught:
        importer.read(_word_container(), "broken.doc")
    assert caught.value.code == "import-corrupt"


def test_a_password_protected_doc_is_encrypted_and_never_reaches_libreoffice(tmp_path):
    importer = DocImporter(Converter(soffice=str(tmp_path / "no-soffice")))
    with pytest.raises(ImportError_) as caught:
        importer.read(_word_container(encrypted=True), "secret.doc")
    assert caught.value.code == "import-encrypted"


def test_an_ole2_file_that_is_not_word_is_not_understood():
    workbook = write_ole2({"Workbook": b"\x09\x08" + b"\0" * 30})
    with pytest.raises(ImportError_) as caught:
        DocImporter().read(workbook, "book.xls")
    assert caught.value.code == "import-unrecognised"


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:600],
        lambda data: data[:0x1E] + b"\x33\x00" + data[0x20:],
        lambda data: data[:512] + random.Random(5).randbytes(len(data) - 512),
    ],
    ids=["cut-short", "bad-sector-size", "scrambled-sectors"],
)
def test_a_damaged_compound_file_is_corrupt(damage):
    with pytest.raises(ImportError_) as caught:
        import_bytes(damage(_word_container()), "damaged.doc")
    assert caught.value.code == "import-corrupt"


def test_a_directory_chain_that_loops_does_not_hang():
    data = bytearray(_word_container())
    struct.pack_into("<I", data, 512 + 4, 1)  # the directory sector points at itself
    ole = OleFile(bytes(data))
    assert "WordDocument" in ole.names()


# --- the real thing -----------------------------------------------------------------------------


@pytest.mark.slow
def test_a_doc_saved_by_libreoffice_reads_like_the_text_form():
    docx = write_docx(from_text_form(SEEDLIKE))
    with Converter(timeout=120) as converter:
        doc = converter.convert(docx, ".docx", "doc:MS Word 97")
        assert doc.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
        assert "WordDocument" in OleFile(doc).names()
        result = DocImporter(converter).read(doc, "seedlike.doc")
    expected = import_bytes(SEEDLIKE.encode("utf-8"), "t.txt")
    assert _comparable(result) == _comparable(expected)
    assert result.evaluations[0].provenance["unit"].file == "seedlike.doc"

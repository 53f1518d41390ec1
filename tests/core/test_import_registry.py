"""Choosing an importer by content, the JSON form, and the failures that stop reading."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from jixiao.errors import ImportError_, JixiaoError
from jixiao.findings import CATALOGUE, Severity
from jixiao.importers import (
    IMPORT_ERROR_CODES,
    ImportResult,
    JsonImporter,
    TextFormImporter,
    base,
    import_bytes,
    import_path,
    register,
    registered,
)
from jixiao.model import Evaluation

DATA = Path(__file__).parent.parent / "data"
SEEDLIKE = DATA / "department-seedlike.txt"


@pytest.fixture(scope="module")
def seedlike() -> Evaluation:
    (evaluation,) = import_path(SEEDLIKE).evaluations
    return evaluation


def _code_of(data: bytes, name: str = "") -> str:
    with pytest.raises(ImportError_) as caught:
        import_bytes(data, name)
    return caught.value.code


# --- failures -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [b"", b"   \n\t\r\n", "\ufeff\u3000\n".encode(), "\u3000 \n".encode("gb18030")],
    ids=["nothing", "ascii-whitespace", "bom-and-ideographic-space", "gbk-ideographic-space"],
)
def test_an_empty_file_is_refused_as_empty(data):
    assert _code_of(data) == "import-empty"


def test_random_bytes_are_refused_as_binary():
    junk = random.Random(7).randbytes(4096)
    assert _code_of(junk, "report.txt") == "import-binary"


def test_bytes_with_nul_are_refused_as_binary():
    assert _code_of("一级指标\x00三级指标".encode()) == "import-binary"


def test_text_in_an_unknown_encoding_is_refused_as_such():
    assert _code_of(b"plain words \x80\x81\xff more words") == "import-encoding"


def test_text_without_an_indicator_block_is_not_a_self_evaluation():
    letter = "关于开展2023年度预算绩效自评工作的通知\n各单位：\n请于4月底前报送。\n"
    assert _code_of(letter.encode()) == "import-no-indicators"
    a_table = "\t姓名\n\t电话\n\n\t张三\n\t123\n\n"
    assert _code_of(a_table.encode()) == "import-no-indicators"


def test_indicator_words_without_a_readable_table_are_an_unrecognised_layout():
    flattened = (
        "一级指标 二级指标 三级指标 年度指标值 实际完成值\n产出指标 数量指标 户数 19户 22户\n"
    )
    assert _code_of(flattened.encode()) == "import-unrecognised"


def test_every_failure_speaks_chinese_and_english():
    with pytest.raises(JixiaoError) as caught:
        import_bytes(b"")
    assert caught.value.code in IMPORT_ERROR_CODES
    assert "空" in caught.value.message
    assert "empty" in caught.value.message_en


# --- import findings in the catalogue -------------------------------------------------------


@pytest.mark.parametrize(
    "code",
    ["import-value-unreadable", "import-column-missing", "import-table-truncated"],
)
def test_import_findings_are_declared_warnings_with_both_templates(code):
    declared = CATALOGUE[code]
    assert declared.severity is Severity.WARNING
    assert declared.template
    assert declared.template_en
    assert declared.module == "jixiao.importers.base"


# --- the JSON form --------------------------------------------------------------------------


def test_our_json_round_trips_to_an_equal_model(seedlike):
    result = import_bytes(seedlike.to_json().encode(), "seed.json")
    assert result.evaluations == [seedlike]
    assert result.findings == []


def test_the_check_output_is_read_through_its_evaluation(seedlike):
    check_output = {"evaluation": json.loads(seedlike.to_json()), "score": {}, "findings": []}
    result = import_bytes(json.dumps(check_output, ensure_ascii=False).encode(), "out.json")
    assert result.evaluations == [seedlike]


def test_an_import_result_and_a_list_are_read_too(seedlike):
    dumped = ImportResult(evaluations=[seedlike, seedlike]).model_dump_json().encode()
    assert import_bytes(dumped).evaluations == [seedlike, seedlike]
    listed = f"[{seedlike.to_json()}]".encode()
    assert import_bytes(listed).evaluations == [seedlike]


def test_a_bad_field_is_named_in_one_line(seedlike):
    data = json.loads(seedlike.to_json())
    data["indicators"][3]["weight"] = "five"
    with pytest.raises(ImportError_) as caught:
        import_bytes(json.dumps(data).encode(), "bad.json")
    assert caught.value.code == "import-invalid-json"
    assert "indicators[3].weight" in caught.value.message
    assert "\n" not in caught.value.one_line()


def test_broken_json_says_where_it_breaks():
    with pytest.raises(ImportError_) as caught:
        import_bytes(b'{"kind": "department", "indicators": [}', "bad.json")
    assert caught.value.code == "import-invalid-json"
    assert "line 1" in caught.value.message_en


# --- the registry ---------------------------------------------------------------------------


def test_content_decides_not_the_name(seedlike):
    as_txt = import_bytes(seedlike.to_json().encode(), "evaluation.txt")
    assert as_txt.evaluations == [seedlike]
    as_json = import_bytes(SEEDLIKE.read_bytes(), "evaluation.json")
    assert as_json.evaluations[0].unit == seedlike.unit


def test_the_built_in_importers_sniff_what_they_read():
    text, js = TextFormImporter(), JsonImporter()
    table = SEEDLIKE.read_bytes()[: base.HEAD_SIZE]
    assert text.sniff(table, "") > js.sniff(table, "")
    assert js.sniff(b'{"kind": "project", "indicators": []}', "") > text.sniff(b"{}", "")
    assert text.sniff(b"\x00\x01\x02", "") == js.sniff(b"\x00\x01\x02", "") == 0


class _Shouting:
    """A stand-in importer that claims everything starting with "SHOUT"."""

    name = "shout"

    def sniff(self, head: bytes, name: str) -> float:
        return 1.0 if head.startswith(b"SHOUT") else 0.0

    def read(self, data: bytes, name: str) -> ImportResult:
        return ImportResult(evaluations=[Evaluation(unit=data.decode()[5:].strip())])


def test_a_registered_importer_is_chosen_by_its_confidence(monkeypatch):
    monkeypatch.setattr(base, "_REGISTRY", list(base._REGISTRY))
    register(_Shouting())
    assert [importer.name for importer in registered()][-1] == "shout"
    assert import_bytes(b"SHOUT some bureau").evaluations[0].unit == "some bureau"
    register(_Shouting())  # the same name again replaces, never duplicates
    assert [importer.name for importer in registered()].count("shout") == 1


def test_import_path_names_the_file_by_its_base_name(seedlike):
    assert seedlike.provenance["unit"].file == "department-seedlike.txt"

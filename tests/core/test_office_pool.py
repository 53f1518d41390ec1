"""A pool of LibreOffice converters splits a batch into chunks, one LibreOffice run each."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.errors import JixiaoError
from jixiao.office import ConverterPool

# Converts every input: "<outdir>/<stem>.<to>" holds "converted:" and the input's bytes. Each
# run appends its number of inputs to runs.txt; an input saying "hang" makes the run hang.
_CONVERT_ALL = """
runs="$(dirname "$0")/runs.txt"; out=""; to=""; set -- "$@"; inputs=""
while [ $# -gt 0 ]; do
  case "$1" in
    --outdir) shift; out="$1" ;;
    --convert-to) shift; to="${1%%:*}" ;;
    -*) ;;
    *) inputs="$inputs $1" ;;
  esac
  shift
done
count=0
for in in $inputs; do
  if grep -q hang "$in"; then sleep 30; fi
  name=$(basename "$in"); { printf 'converted:'; cat "$in"; } > "$out/${name%.*}.$to"
  count=$((count + 1))
done
echo "$count" >> "$runs"
"""


def _soffice(tmp_path: Path) -> str:
    script = tmp_path / "soffice"
    script.write_text("#!/bin/sh\n" + _CONVERT_ALL, encoding="utf-8")
    script.chmod(0o755)
    return str(script)


def _runs(tmp_path: Path) -> list[int]:
    return [int(line) for line in (tmp_path / "runs.txt").read_text().split()]


def test_the_pool_gives_every_file_back_in_order(tmp_path):
    items = [(f"doc {n}".encode(), ".docx") for n in range(7)]
    with ConverterPool(2, chunk=3, soffice=_soffice(tmp_path), timeout=10) as pool:
        results = pool.convert_many(items, "pdf")
    assert results == [f"converted:doc {n}".encode() for n in range(7)]


def test_each_libreoffice_run_converts_a_chunk_not_one_file(tmp_path):
    items = [(b"x", ".docx")] * 10
    with ConverterPool(2, chunk=3, soffice=_soffice(tmp_path), timeout=10) as pool:
        pool.convert_many(items, "pdf")
    assert sorted(_runs(tmp_path)) == [1, 3, 3, 3]


def test_a_small_batch_is_still_shared_between_the_workers(tmp_path):
    with ConverterPool(2, chunk=25, soffice=_soffice(tmp_path), timeout=10) as pool:
        pool.convert_many([(b"x", ".docx")] * 4, "pdf")
    assert _runs(tmp_path) == [2, 2]


def test_a_hanging_chunk_fails_only_its_own_files(tmp_path):
    items = [(b"ok", ".docx"), (b"hang", ".docx"), (b"ok", ".docx"), (b"ok", ".docx")]
    with ConverterPool(2, chunk=2, soffice=_soffice(tmp_path), timeout=1) as pool:
        results = pool.convert_many(items, "pdf")
    assert [r.code for r in results[:2] if isinstance(r, JixiaoError)] == ["office-timeout"] * 2
    assert results[2:] == [b"converted:ok", b"converted:ok"]


def test_progress_counts_every_file(tmp_path):
    told: list[int] = []
    with ConverterPool(2, chunk=2, soffice=_soffice(tmp_path), timeout=10) as pool:
        pool.convert_many([(b"x", ".docx")] * 5, "pdf", told.append)
    assert sum(told) == 5


def test_without_libreoffice_the_pool_fails_at_once_naming_the_package(tmp_path):
    with (
        ConverterPool(2, soffice=str(tmp_path / "none")) as pool,
        pytest.raises(JixiaoError) as caught,
    ):
        pool.convert_many([(b"x", ".docx")], "pdf")
    assert caught.value.code == "office-missing"
    assert "libreoffice-writer-nogui" in caught.value.message


def test_an_empty_batch_needs_no_libreoffice(tmp_path):
    with ConverterPool(2, soffice=str(tmp_path / "none")) as pool:
        assert pool.convert_many([], "pdf") == []

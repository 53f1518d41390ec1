"""LibreOffice runs with our font mapping: the fonts official documents name get Chinese faces."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from jixiao.office import FONTS_CONF, office_environment

needs_fontconfig = pytest.mark.skipif(
    shutil.which("fc-match") is None, reason="fontconfig (fc-match) is not installed"
)


def _match(family: str, environment: dict[str, str]) -> str:
    result = subprocess.run(
        ["fc-match", "--format=%{family[0]}", family],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def test_libreoffice_gets_our_font_mapping_by_default(monkeypatch):
    monkeypatch.delenv("FONTCONFIG_FILE", raising=False)
    assert office_environment()["FONTCONFIG_FILE"] == str(FONTS_CONF)


def test_a_fontconfig_file_the_user_chose_is_kept(monkeypatch):
    monkeypatch.setenv("FONTCONFIG_FILE", "/etc/my-fonts.conf")
    assert office_environment()["FONTCONFIG_FILE"] == "/etc/my-fonts.conf"


@needs_fontconfig
@pytest.mark.parametrize("family", ["宋体", "仿宋_GB2312", "SimSun", "楷体_GB2312"])
def test_song_fang_and_kai_fonts_map_to_the_simplified_chinese_serif(family, monkeypatch):
    monkeypatch.delenv("FONTCONFIG_FILE", raising=False)
    assert _match(family, office_environment()) == "Noto Serif CJK SC"


@needs_fontconfig
@pytest.mark.parametrize("family", ["黑体", "SimHei", "微软雅黑"])
def test_hei_fonts_map_to_the_simplified_chinese_sans(family, monkeypatch):
    monkeypatch.delenv("FONTCONFIG_FILE", raising=False)
    assert _match(family, office_environment()) == "Noto Sans CJK SC"

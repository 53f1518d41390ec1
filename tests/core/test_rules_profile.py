"""The rule profiles: the national default, province overrides, and the ways loading fails."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.errors import ProfileError
from jixiao.rules import DEFAULT_PROFILE, builtin_profiles, load_profile

NATIONAL = load_profile()


def write_profile(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_national_profile_is_the_default_and_built_in():
    assert NATIONAL.id == DEFAULT_PROFILE == "national-2020"
    assert "national-2020" in builtin_profiles()
    assert load_profile("national-2020") is NATIONAL


def test_national_weights_are_100_split_10_50_30_10():
    weights = NATIONAL.weights
    assert weights.total == 100
    assert weights.execution == 10
    assert weights.level1 == {"产出指标": 50, "效益指标": 30, "满意度指标": 10}
    assert weights.execution + sum(weights.level1.values()) == weights.total


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        ("100", "优"),
        ("90", "优"),
        ("89.99", "良"),
        ("80", "良"),
        ("79.99", "中"),
        ("60", "中"),
        ("59.99", "差"),
        ("0", "差"),
    ],
)
def test_the_grade_is_read_off_the_unrounded_total(total: str, grade: str):
    assert NATIONAL.grade_for(Decimal(total)) == grade


def test_national_qualitative_tiers_are_80_and_60_percent():
    tiers = [(tier.low, tier.high) for tier in NATIONAL.qualitative.tiers]
    assert tiers == [(Decimal("0.8"), 1), (Decimal("0.6"), Decimal("0.8")), (0, Decimal("0.6"))]


def test_a_province_profile_overrides_level1_weights_and_keeps_the_rest(tmp_path: Path):
    write_profile(
        tmp_path,
        "province-70-20-10",
        """
id = "province-70-20-10"
name = "某省（产出70/效益20/满意度10）"
extends = "national-2020"

[weights]
execution = 0

[weights.level1]
"产出指标" = 70
"效益指标" = 20
"满意度指标" = 10
""",
    )

    province = load_profile("province-70-20-10", search=[tmp_path])

    assert province.id == "province-70-20-10"
    assert province.extends == "national-2020"
    assert province.weights.execution == 0
    assert province.weights.level1 == {"产出指标": 70, "效益指标": 20, "满意度指标": 10}
    assert province.weights.total == NATIONAL.weights.total == 100
    assert province.grades == NATIONAL.grades
    assert province.qualitative == NATIONAL.qualitative
    assert province.execution == NATIONAL.execution
    assert province.vocabulary == NATIONAL.vocabulary
    assert province.report == NATIONAL.report


def test_a_province_profile_replaces_the_qualitative_tiers_with_80_and_50(tmp_path: Path):
    tiers = "\n".join(
        f'[[qualitative.tiers]]\nname = "{name}"\nlow = {low}\nhigh = {high}\n'
        for name, low, high in [
            ("达成年度指标", "0.8", "1.0"),
            ("部分达成并具有一定效果", "0.5", "0.8"),
            ("未达成且效果较差", "0.0", "0.5"),
        ]
    )
    path = write_profile(
        tmp_path,
        "tiers-80-50",
        f'id = "tiers-80-50"\nname = "80/50"\nextends = "national-2020"\n{tiers}',
    )

    province = load_profile(str(path))

    bounds = [(tier.low, tier.high) for tier in province.qualitative.tiers]
    assert bounds == [(Decimal("0.8"), 1), (Decimal("0.5"), Decimal("0.8")), (0, Decimal("0.5"))]
    assert province.weights == NATIONAL.weights
    assert province.grade_for(Decimal("89.99")) == "良"


def test_a_profile_may_extend_a_profile_that_extends_national(tmp_path: Path):
    write_profile(
        tmp_path,
        "province",
        'id = "province"\nname = "省"\nextends = "national-2020"\n[weights]\nexecution = 20\n',
    )
    write_profile(
        tmp_path,
        "city",
        'id = "city"\nname = "市"\nextends = "province"\n[quantitative]\nreverse_method = "linear"\n',
    )

    city = load_profile("city", search=[tmp_path])

    assert city.weights.execution == 20
    assert city.quantitative.reverse_method == "linear"
    assert city.weights.level1 == NATIONAL.weights.level1


def test_the_province_example_in_the_docs_loads(tmp_path: Path):
    from jixiao.docs_gen import PROVINCE_EXAMPLE

    write_profile(tmp_path, "example-province-2023", PROVINCE_EXAMPLE)

    example = load_profile("example-province-2023", search=[tmp_path])

    assert example.weights.level1 == {"产出指标": 70, "效益指标": 20, "满意度指标": 10}
    assert example.weights.execution == 0
    assert example.quantitative.reverse_method == "linear"
    assert [tier.low for tier in example.qualitative.tiers] == [Decimal("0.8"), Decimal("0.5"), 0]


def test_a_missing_profile_raises_profile_not_found(tmp_path: Path):
    with pytest.raises(ProfileError) as raised:
        load_profile("no-such-province", search=[tmp_path])
    assert raised.value.code == "profile-not-found"
    assert "no-such-province" in raised.value.message


def test_a_profile_extending_a_missing_parent_raises_profile_not_found(tmp_path: Path):
    write_profile(tmp_path, "orphan", 'id = "orphan"\nname = "孤"\nextends = "no-such-parent"\n')
    with pytest.raises(ProfileError) as raised:
        load_profile("orphan", search=[tmp_path])
    assert raised.value.code == "profile-not-found"


def test_malformed_toml_raises_profile_invalid(tmp_path: Path):
    write_profile(tmp_path, "broken", 'id = "broken"\n[weights\ntotal = 100\n')
    with pytest.raises(ProfileError) as raised:
        load_profile("broken", search=[tmp_path])
    assert raised.value.code == "profile-invalid"


def test_a_wrong_value_raises_profile_invalid(tmp_path: Path):
    write_profile(
        tmp_path,
        "bad-method",
        'id = "bad-method"\nname = "坏"\nextends = "national-2020"\n'
        '[execution]\nmethod = "guesswork"\n',
    )
    with pytest.raises(ProfileError) as raised:
        load_profile("bad-method", search=[tmp_path])
    assert raised.value.code == "profile-invalid"


def test_an_incomplete_profile_without_extends_raises_profile_invalid(tmp_path: Path):
    write_profile(tmp_path, "bare", 'id = "bare"\nname = "空"\n')
    with pytest.raises(ProfileError) as raised:
        load_profile("bare", search=[tmp_path])
    assert raised.value.code == "profile-invalid"


def test_an_extends_cycle_raises_profile_cycle(tmp_path: Path):
    write_profile(tmp_path, "cycle-a", 'id = "cycle-a"\nname = "甲"\nextends = "cycle-b"\n')
    write_profile(tmp_path, "cycle-b", 'id = "cycle-b"\nname = "乙"\nextends = "cycle-a"\n')
    with pytest.raises(ProfileError) as raised:
        load_profile("cycle-a", search=[tmp_path])
    assert raised.value.code == "profile-cycle"


def test_a_profile_extending_itself_raises_profile_cycle(tmp_path: Path):
    write_profile(tmp_path, "selfish", 'id = "selfish"\nname = "自"\nextends = "selfish"\n')
    with pytest.raises(ProfileError) as raised:
        load_profile("selfish", search=[tmp_path])
    assert raised.value.code == "profile-cycle"


def test_grades_written_in_any_order_grade_the_same(tmp_path):
    (tmp_path / "shuffled.toml").write_text(
        'extends = "national-2020"\nid = "shuffled"\nname = "乱序"\n'
        'grades = [{name = "差", low = 0}, {name = "良", low = 80}, '
        '{name = "优", low = 90}, {name = "中", low = 60}]\n',
        encoding="utf-8",
    )
    profile = load_profile("shuffled", [tmp_path])
    grades = [profile.grade_for(Decimal(t)) for t in ("95", "85", "65", "10")]
    assert grades == ["优", "良", "中", "差"]


def test_a_province_can_replace_an_inherited_table_whole(tmp_path):
    (tmp_path / "framework.toml").write_text(
        'extends = "national-2020"\nid = "framework"\nname = "决策管理框架"\n'
        'replace = ["weights.level1"]\n'
        '[weights.level1]\n"决策指标" = 15\n"过程指标" = 25\n"产出指标" = 35\n"效益指标" = 25\n',
        encoding="utf-8",
    )
    profile = load_profile("framework", [tmp_path])
    assert set(profile.weights.level1) == {"决策指标", "过程指标", "产出指标", "效益指标"}
    assert profile.weights.execution == Decimal(10)  # the rest of [weights] is still inherited

"""Rule profiles: every weight, band, threshold and word list, as data.

Profiles are TOML files. The built-in ones live beside this module; a province profile is a
file that says ``extends = "national-2020"`` and overrides what differs. Callers pass extra
search folders in (the core never reads settings of its own).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from jixiao.errors import ProfileError, failure_factory

BUILTIN_DIR = Path(__file__).parent

# profile_error(code, detail_zh, detail_en): the detail names the profile or file.
profile_error = failure_factory(
    {
        "profile-not-found": ("找不到评分规则文件", "rule profile not found"),
        "profile-invalid": ("评分规则文件格式错误或内容不完整", "invalid rule profile"),
        "profile-cycle": ("评分规则继承成环", "the profile extends itself"),
    },
    ProfileError,
)
DEFAULT_PROFILE = "national-2020"


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Weights(_Frozen):
    total: Decimal
    execution: Decimal
    level1: dict[str, Decimal]


class Execution(_Frozen):
    method: Literal["proportional", "interval"] = "proportional"
    cap: Decimal = Decimal(1)
    interval_step: Decimal = Decimal(5)
    interval_points: Decimal = Decimal(2)
    explain_below: Decimal = Decimal(90)
    rate_tolerance: Decimal = Decimal("0.5")


class Quantitative(_Frozen):
    reverse_method: Literal["ratio", "linear"] = "ratio"
    over_completion_ratio: Decimal = Decimal("1.3")


class Tier(_Frozen):
    name: str
    name_en: str = ""
    low: Decimal
    high: Decimal


class Qualitative(_Frozen):
    tiers: tuple[Tier, ...]


class Grade(_Frozen):
    name: str
    low: Decimal


class Tolerance(_Frozen):
    money_per_part: Decimal = Decimal("0.01")
    score: Decimal = Decimal("0.01")
    share: Decimal = Decimal("0.01")
    recomputed_total: Decimal = Decimal("0.5")


class Budget(_Frozen):
    adjusted_ratio: Decimal = Decimal("0.3")


class Vocabulary(_Frozen):
    vague_words: tuple[str, ...] = ()
    reverse_keywords: tuple[str, ...] = ()
    partial_words: tuple[str, ...] = ()
    failed_words: tuple[str, ...] = ()
    level2: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    standard_words: tuple[str, ...] = ()
    yes_no_words: tuple[str, ...] = ()
    generic_name_suffixes: tuple[str, ...] = ()
    rate_suffixes: tuple[str, ...] = ()
    plan_words: tuple[str, ...] = ()


class SectionRule(_Frozen):
    """One part of the 自评报告 outline: how a unit's section is recognised (``words``) and the
    heading a generated report gives it (``title``, and ``project_title`` for a project
    report; both default to ``name``)."""

    number: int
    name: str
    words: tuple[str, ...]
    title: str = ""
    project_title: str = ""

    def heading_for(self, kind: str) -> str:
        """The part's title in a generated report of that kind of table."""
        if kind == "project" and self.project_title:
            return self.project_title
        return self.title or self.name


class ReportLabels(_Frozen):
    """Words that name the figures a report states, so checks can find them in its text."""

    basic: tuple[str, ...] = ()
    project: tuple[str, ...] = ()
    general_public_budget: tuple[str, ...] = ()
    appropriation: tuple[str, ...] = ()
    government_fund: tuple[str, ...] = ()
    list_markers: tuple[str, ...] = ()
    catch_all: tuple[str, ...] = ()
    total_score: tuple[str, ...] = ()
    grade: tuple[str, ...] = ()


class ReportRules(_Frozen):
    sections: tuple[SectionRule, ...] = ()
    spending_section: int = 2
    labels: ReportLabels = Field(default_factory=ReportLabels)


class Profile(_Frozen):
    """A complete rule set, as scoring, checks, web and docs read it."""

    id: str
    name: str
    name_en: str = ""
    extends: str | None = None
    # Dotted names of inherited tables the profile replaces whole instead of merging
    # ("weights.level1" for a framework without 满意度指标).
    replace: tuple[str, ...] = ()
    weights: Weights
    execution: Execution = Field(default_factory=Execution)
    quantitative: Quantitative = Field(default_factory=Quantitative)
    qualitative: Qualitative
    grades: tuple[Grade, ...]
    tolerance: Tolerance = Field(default_factory=Tolerance)
    budget: Budget = Field(default_factory=Budget)
    vocabulary: Vocabulary = Field(default_factory=Vocabulary)
    report: ReportRules = Field(default_factory=ReportRules)

    @field_validator("grades")
    @classmethod
    def _highest_first(cls, grades: tuple[Grade, ...]) -> tuple[Grade, ...]:
        # Sorted once here, so grading a total is a plain scan.
        return tuple(sorted(grades, key=lambda grade: grade.low, reverse=True))

    def grade_for(self, total: Decimal) -> str:
        """The grade of an unrounded total (89.99 is 良, not 优)."""
        for grade in self.grades:
            if total >= grade.low:
                return grade.name
        return self.grades[-1].name


def _deep_merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _find_file(name: str, search: tuple[Path, ...]) -> Path:
    candidate = Path(name)
    if candidate.suffix == ".toml" and candidate.is_file():
        return candidate
    for folder in (*search, BUILTIN_DIR):
        path = folder / f"{name}.toml"
        if path.is_file():
            return path
    raise profile_error("profile-not-found", name, name)


def _read_raw(name: str, search: tuple[Path, ...], seen: tuple[str, ...]) -> dict[str, Any]:
    if name in seen:
        raise profile_error("profile-cycle", name, name)
    path = _find_file(name, search)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise profile_error("profile-invalid", f"{path}：{exc}", f"{path}: {exc}") from exc
    parent = raw.get("extends")
    if parent:
        inherited = _read_raw(str(parent), search, (*seen, name))
        for dotted in raw.get("replace", ()):
            _drop(inherited, str(dotted).split("."))
        return _deep_merge(inherited, raw)
    return raw


def _drop(table: dict[str, Any], keys: list[str]) -> None:
    """Remove the table at ``keys`` from an inherited profile, so the child's replaces it."""
    for key in keys[:-1]:
        inner = table.get(key)
        if not isinstance(inner, dict):
            return
        table = inner
    table.pop(keys[-1], None)


@lru_cache(maxsize=64)
def _load_cached(name: str, search: tuple[Path, ...]) -> Profile:
    raw = _read_raw(name, search, ())
    try:
        return Profile.model_validate(raw)
    except ValidationError as exc:
        raise profile_error(
            "profile-invalid",
            f"{name}（{exc.error_count()} 处错误）",
            f"{name} ({exc.error_count()} errors): {exc}",
        ) from exc


def load_profile(name: str = DEFAULT_PROFILE, search: Iterable[Path] = ()) -> Profile:
    """Load a profile by id (or path to a .toml), following ``extends``."""
    return _load_cached(name, tuple(Path(p) for p in search))


def builtin_profiles() -> list[str]:
    return sorted(path.stem for path in BUILTIN_DIR.glob("*.toml"))

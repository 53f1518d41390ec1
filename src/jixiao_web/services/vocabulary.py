"""The words the edit form offers: 一级 / 二级 indicators of the rule profile in use."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from jixiao import Profile
from jixiao_web.services.checking import profile


@dataclass(frozen=True)
class LevelChoices:
    tree: dict[str, tuple[str, ...]]

    @functools.cached_property
    def level1(self) -> list[str]:
        return list(self.tree)

    @functools.cached_property
    def level2(self) -> list[str]:
        return [name for names in self.tree.values() for name in names]


# Profiles are frozen and loaded once per name, so the choices are made once per profile
# object (kept beside it, so its id cannot be reused by another).
_MADE: dict[int, tuple[Profile, LevelChoices]] = {}


def level_choices() -> LevelChoices:
    rules = profile()
    made = _MADE.get(id(rules))
    if made is None:
        tree = {name: rules.vocabulary.level2.get(name, ()) for name in rules.weights.level1}
        made = _MADE[id(rules)] = (rules, LevelChoices(tree))
    return made[1]

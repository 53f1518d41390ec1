"""The words the edit form offers: 一级 / 二级 indicators of the rule profile in use."""

from __future__ import annotations

from dataclasses import dataclass

from jixiao_web.services.checking import profile


@dataclass(frozen=True)
class LevelChoices:
    tree: dict[str, tuple[str, ...]]

    @property
    def level1(self) -> list[str]:
        return list(self.tree)

    @property
    def level2(self) -> list[str]:
        return [name for names in self.tree.values() for name in names]


def level_choices() -> LevelChoices:
    rules = profile()
    tree = {name: rules.vocabulary.level2.get(name, ()) for name in rules.weights.level1}
    return LevelChoices(tree)

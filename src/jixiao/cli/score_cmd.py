"""jixiao score FILE: every line recomputed and explained."""

from __future__ import annotations

from jixiao.cli import show
from jixiao.cli.common import (
    FileArgument,
    JsonOption,
    ProfileOption,
    RulesDirOption,
    get_profile,
    one_or_many,
    out,
    print_json,
    read_input,
)
from jixiao.rules import DEFAULT_PROFILE
from jixiao.scoring import ScoreResult, score


def score_command(
    file: FileArgument,
    as_json: JsonOption = False,
    profile: ProfileOption = DEFAULT_PROFILE,
    rules_dir: RulesDirOption = None,
) -> None:
    """复核评分 / recompute the score line by line."""
    rules = get_profile(profile, rules_dir)
    imported = read_input(file)
    results = [score(evaluation, rules) for evaluation in imported.evaluations]
    if as_json:
        print_json(one_or_many(results, lambda r: ScoreResult.model_dump(r, mode="json")))
        return
    for evaluation, result in zip(imported.evaluations, results, strict=True):
        out.print(show.heading(evaluation))
        out.print(show.score_table(result))
        out.print(show.totals(result))

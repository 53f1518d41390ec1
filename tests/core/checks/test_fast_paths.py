"""The shortcuts the report checks take for speed find exactly what the plain way finds."""

from __future__ import annotations

import random

import pytest

from jixiao.checks.narrative import _SKIPPED, read_report, words_only
from jixiao.checks.report_score import _grade_pattern, _score_pattern, _statement
from jixiao.checks.report_table import _agree, _reading, _results
from jixiao.model import Report, ReportSection
from jixiao.values import normalize, parse_value
from tests.core.checks.support import NATIONAL

LABELS = NATIONAL.report.labels
GRADES = tuple(grade.name for grade in NATIONAL.grades)


@pytest.mark.parametrize(
    "text",
    [
        "229人次",
        "培训工匠人数",
        "２２９名",
        "m²",
        "①",
        "e\u0301",
        "Ⅻ",
        "٣٣",
        "A3栋",
        "95.5%",
        "≥90%",
        "",
    ],
)
def test_words_only_folds_like_the_plain_reading(text: str):
    assert words_only.__wrapped__(text) == _SKIPPED.sub("", normalize(text))


@pytest.mark.parametrize(
    "text",
    [
        "总分100分，自评得分98分。自评等级为优；等级：良",
        "项目总体自评分为“98分”，自评级别为优。",
        "x自评总得分为“98.5”分，部分分别得分",
        "评价等级为优秀级别是差",
        "自评分自评分98分总分 97 分",
        "",
    ],
)
def test_statements_are_found_where_the_pattern_finds_them(text: str):
    for statement in (_score_pattern(LABELS.total_score), _grade_pattern(LABELS.grade, GRADES)):
        assert statement is not None
        spans = [match.span() for match in statement.finditer(text)]
        assert spans == [match.span() for match in statement.pattern.finditer(text)]


def test_a_label_of_one_character_among_longer_ones_is_found():
    statement = _statement(r"(?:总分|分)(?P<value>[0-9]+)", ("分", "总分"))
    for text in ["分9总分8", "总分9", "x分1", "分分2"]:
        spans = [match.span() for match in statement.finditer(text)]
        assert spans == [match.span() for match in statement.pattern.finditer(text)]


def random_report(rng: random.Random) -> Report:
    pieces = [*"培训工匠项目完成改造小区群众满意度", "，", "。", "；", "\n", "229名", "22户"]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 60))) for _ in range(3)]
    return Report(
        sections=[ReportSection(number=n, title="部分", text=t) for n, t in enumerate(texts)]
    )


@pytest.mark.parametrize("keys", [("培训",), ("培训", "工匠"), ("项目", "完成", "群众"), ("训工",)])
def test_clauses_naming_finds_every_clause_holding_all_the_keys_in_order(keys: tuple[str, ...]):
    rng = random.Random(2023)
    for _ in range(300):
        story = read_report(random_report(rng))
        expected = [
            (paragraph.number, part)
            for paragraph in story.paragraphs
            for part, clause in enumerate(paragraph.clause_index()[1])
            if part % 2 == 0 and all(key in clause for key in keys)
        ]
        found = [(paragraph.number, part) for paragraph, part in story.clauses_naming(keys)]
        assert found == expected


def test_the_rest_of_a_sentence_is_read_clause_by_clause():
    rng = random.Random(7)
    for _ in range(300):
        story = read_report(random_report(rng))
        for paragraph in story.paragraphs:
            for part in range(0, len(paragraph.clause_index()[1]), 2):
                for family in ("人", "户"):
                    by_clause = [
                        quantity.printed
                        for following in paragraph.rest_of_sentence(part)
                        for quantity in paragraph.clause_quantities(following, family)
                    ]
                    rest = paragraph.rest_quantities(part, family)
                    assert [quantity.printed for quantity in rest] == by_clause


def figure_report(rng: random.Random) -> Report:
    pieces = [
        *"培训工匠完成", "，", "。", "229名", "1229名", "229.5名", "229 名", "A", ",", ".",
        "以上", "目标", "约", "不少于", "≥", "：", "计划", "名", "22名",
    ]  # fmt: skip
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 40))) for _ in range(3)]
    return Report(
        sections=[ReportSection(number=n, title="部分", text=t) for n, t in enumerate(texts)]
    )


def test_a_clause_said_to_state_the_figure_agrees_by_the_full_reading():
    family, reading = _reading(parse_value("229名")) or ("", None)
    assert reading is not None
    plan_words = NATIONAL.vocabulary.plan_words
    rng = random.Random(11)
    settled = 0
    for _ in range(400):
        story = read_report(figure_report(rng))
        for paragraph in story.paragraphs:
            for part in range(0, len(paragraph.clause_index()[1]), 2):
                if not paragraph.states_figure(part, family, (reading[3],), plan_words):
                    continue
                settled += 1
                results = _results(paragraph.clause_quantities(part, family), plan_words)
                assert _agree(results, [reading]), paragraph.clause_text(part)
    assert settled > 100  # the shortcut is taken, not only declined

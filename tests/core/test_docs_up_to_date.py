"""The generated reference docs match the code that they describe.

The committed files are compared with what a fresh interpreter renders, as `./dev docs` does:
in this process other tests may have imported check modules that the package does not list,
which would change the catalogue.
"""

from __future__ import annotations

import difflib
import subprocess
import sys
from pathlib import Path

import pytest

from jixiao import docs_gen

DOCS = Path(__file__).resolve().parents[2] / "docs"

RENDER = (
    "import sys; from jixiao import docs_gen; sys.stdout.write(docs_gen.RENDERERS[sys.argv[1]]())"
)


def rendered_in_a_fresh_interpreter(name: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", RENDER, name],
        capture_output=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, f"rendering docs/{name} failed:\n{result.stderr}"
    return result.stdout


@pytest.mark.parametrize("name", sorted(docs_gen.RENDERERS))
def test_the_committed_generated_doc_matches_the_code(name: str):
    path = DOCS / name
    assert path.is_file(), f"docs/{name} is missing: run ./dev docs"
    on_disk = path.read_text(encoding="utf-8")
    rendered = rendered_in_a_fresh_interpreter(name)
    if on_disk != rendered:
        diff = difflib.unified_diff(
            on_disk.splitlines(), rendered.splitlines(), f"docs/{name}", "rendered", lineterm=""
        )
        shown = "\n".join(list(diff)[:40])
        pytest.fail(f"docs/{name} is out of date: run ./dev docs\n{shown}", pytrace=False)


def test_the_docs_check_exits_1_when_a_generated_doc_is_stale(tmp_path: Path):
    assert docs_gen.main(["--docs-dir", str(tmp_path)]) == 0
    assert docs_gen.main(["--check", "--docs-dir", str(tmp_path)]) == 0

    (tmp_path / "rules.md").write_text("# edited by hand\n", encoding="utf-8")

    assert docs_gen.main(["--check", "--docs-dir", str(tmp_path)]) == 1


def test_every_finding_code_is_documented_with_its_declaring_module():
    text = docs_gen.render_findings_md()
    for finding_type in docs_gen.CATALOGUE.values():
        module = docs_gen.declaring_module(finding_type)
        assert f"### {finding_type.code}\n" in text
        assert f"- Declared in: `{module}`" in text
        assert module.startswith("jixiao.")


def test_the_rules_doc_states_the_weights_and_that_89_99_is_good_not_excellent():
    text = docs_gen.render_rules_md()
    assert "100 = 10 + 50 + 30 + 10" in text
    assert "| 优 | [90, 100] |" in text
    assert "| 良 | [80, 90) |" in text
    assert "89.99 is 良, not 优" in text
    assert 'extends = "national-2020"' in text


def test_the_glossary_names_every_model_field_and_every_word_of_the_national_profile():
    from jixiao import model
    from jixiao.rules import load_profile

    glossary = (DOCS / "glossary.md").read_text(encoding="utf-8")
    fields = {
        field
        for name in model.__all__
        for field in getattr(getattr(model, name), "model_fields", {})
    }
    profile = load_profile()
    vocabulary = profile.vocabulary
    words = {
        *profile.weights.level1,
        *(tier.name for tier in profile.qualitative.tiers),
        *(grade.name for grade in profile.grades),
        *(section.name for section in profile.report.sections),
        *(level2 for names in vocabulary.level2.values() for level2 in names),
        *vocabulary.vague_words,
        *vocabulary.reverse_keywords,
        *vocabulary.partial_words,
        *vocabulary.failed_words,
    }
    missing = sorted(term for term in fields | words if term not in glossary)
    assert missing == [], f"docs/glossary.md does not explain {missing}"

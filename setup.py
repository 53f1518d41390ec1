"""The build, as pyproject.toml says, plus an optional compiled build of the hot core.

Plain Python by default. With ``JIXIAO_COMPILE=1`` the checks, the scoring and the .docx
reader — the work done once per document in a batch — are compiled to C extensions by mypyc
(part of mypy; the same typed source, no hand-written C): a document is checked in three
quarters of the time, and a .docx read in four fifths. It needs mypy and setuptools in the
building environment (``pip wheel --no-build-isolation``), a C compiler and the Python
headers. Compile wheels only: an in-place build would leave .so files beside the sources, and
a stale one silently hides later edits.
``./dev compiled`` builds one for the benchmark and the tests; docs/deploy.md installs one.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from setuptools import setup

SOURCES = Path(__file__).parent / "src"
# The per-document work: checking, scoring and reading .docx files. Plain Python stays:
# checks/__init__ (it registers the check modules) and modules holding pydantic models,
# which mypyc cannot compile (scoring/result.py).
READING = (
    "cells", "docx", "docx_numbering", "layout", "layout_words", "table_reader",
    "report_sections", "safezip",
)  # fmt: skip
HOT_FILES = [
    *SOURCES.glob("jixiao/checks/*.py"),
    *SOURCES.glob("jixiao/scoring/*.py"),
    *(SOURCES / "jixiao" / "importers" / f"{name}.py" for name in READING),
    SOURCES / "jixiao" / "model" / "trusted.py",
]
COMPILED = [
    *sorted(
        str(path.relative_to(SOURCES.parent))
        for path in HOT_FILES
        if path.name not in {"__init__.py", "result.py"}
    ),
    "src/jixiao/scoring/__init__.py",
]


def compiled_modules() -> list[Any]:
    if os.environ.get("JIXIAO_COMPILE") != "1":
        return []
    from mypyc.build import mypycify

    # The project's mypy settings load the Django and pydantic plugins, which the compiled
    # modules do not use: type-check them with mypy's defaults (strict typing is run anyway).
    options = ["--config-file=", "--python-version=3.11"]
    return mypycify([*options, *COMPILED], opt_level="3", target_dir="build/mypyc")


setup(ext_modules=compiled_modules())

"""The core never imports Django: the web package imports the core, never the reverse.

Each test imports ``jixiao`` and every one of its submodules in a fresh interpreter, so what
other tests imported cannot hide or fake an import.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import jixiao

CORE_DIR = Path(jixiao.__file__).parent

IMPORT_EVERYTHING = r"""
import importlib
import json
import pkgutil
import sys


class BlockDjango:
    '''A meta-path finder that makes Django unimportable, as on a machine without it.'''

    def find_spec(self, name, path=None, target=None):
        if name == "django" or name.startswith("django."):
            raise ModuleNotFoundError(f"django is blocked in this test: {name}", name=name)
        return None


blocked = "--block-django" in sys.argv
if blocked:
    sys.meta_path.insert(0, BlockDjango())
    try:
        import django  # noqa: F401
    except ModuleNotFoundError:
        pass
    else:
        raise SystemExit("the blocker let django through")


def fail(name):
    raise  # re-raise the ImportError pkgutil caught while importing a package


import jixiao

modules = ["jixiao"]
for info in pkgutil.walk_packages(jixiao.__path__, "jixiao.", onerror=fail):
    if info.name.endswith(".__main__"):
        continue  # running it would start the command line
    importlib.import_module(info.name)
    modules.append(info.name)

django = sorted(name for name in sys.modules if name == "django" or name.startswith("django."))
print(json.dumps({"modules": modules, "django": django}))
"""


def import_everything(*args: str) -> dict[str, list[str]]:
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_EVERYTHING, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, f"importing the core failed:\n{result.stderr}"
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_importing_every_core_module_loads_no_django():
    outcome = import_everything()

    assert {"jixiao", "jixiao.model", "jixiao.rules", "jixiao.findings"} <= set(outcome["modules"])
    assert outcome["django"] == [], f"the core imported {outcome['django']}"


def test_every_core_module_imports_when_django_cannot_be_imported():
    outcome = import_everything("--block-django")

    assert "jixiao.values" in outcome["modules"]
    assert outcome["django"] == []


def test_no_core_source_file_mentions_a_django_import():
    offenders = []
    for path in sorted(CORE_DIR.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            if any(name == "django" or name.startswith("django.") for name in names):
                offenders.append(f"{path.relative_to(CORE_DIR.parent)}:{node.lineno}")
    assert offenders == [], f"the core imports Django at {offenders}"

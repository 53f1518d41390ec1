"""Demo documents shipped with jixiao, for first runs and for the web app's demo data."""

from __future__ import annotations

from importlib import resources

from jixiao.importers import ImportResult, import_bytes

DEMO_FILES = ("department-2023.txt",)


def demo_bytes(name: str = DEMO_FILES[0]) -> bytes:
    return resources.files(__package__).joinpath(name).read_bytes()


def load_demo(name: str = DEMO_FILES[0]) -> ImportResult:
    """The demo self-evaluation (a district housing bureau, 2023), imported as a user would."""
    return import_bytes(demo_bytes(name), name)

"""Which files a batch reads: folders walked, files taken as named, clutter left out.

Folders are walked recursively in name order (so two runs see the same order), not following
links to other folders, skipping hidden files and folders and the files that office programs
and editors leave beside an open document (``~$报告.docx``, ``.~lock.报告.docx#``,
``报告.docx~``). A named file is taken as it is unless it is such a leftover: a shell glob like
``*.docx`` picks those up too.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path

# System files that are never documents.
_SYSTEM_FILES = frozenset({"thumbs.db", "desktop.ini", "icon\r"})


def is_leftover(name: str) -> bool:
    """An office lock/owner file, an editor backup or a system file, by its name."""
    return (
        name.startswith(("~$", ".~lock.", "~WRL"))
        or name.endswith(("~", ".tmp"))
        or name.lower() in _SYSTEM_FILES
    )


def is_hidden(name: str) -> bool:
    return name.startswith(".")


@dataclass
class Sources:
    """The files to read, in order, and the named paths that do not exist.

    ``files`` are plain strings, the paths as the batch names them in its output (a folder
    named ``published/`` gives ``published/2023/报告.docx``): a batch lists many thousands,
    and a ``Path`` object costs more to make than the file costs to list.
    """

    files: list[str] = field(default_factory=list)
    missing: list[Path] = field(default_factory=list)


def expand_inputs(
    inputs: Iterable[str | PathLike[str]], *, exclude: Iterable[Path] = ()
) -> Sources:
    """Every file under the given folders and every named file, each once, in order.

    ``exclude`` names files never to read (the batch's own output, should it sit among the
    inputs).
    """
    skip = {_identity(path) for path in exclude}
    seen: set[str] = set()
    sources = Sources()
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            candidates: Iterable[tuple[str, str]] = _walk(str(path), _identity(path))
        elif path.is_file():
            candidates = [] if is_leftover(path.name) else [(str(path), _identity(path))]
        else:
            sources.missing.append(path)
            continue
        for file, identity in candidates:
            if identity not in seen and identity not in skip:
                seen.add(identity)
                sources.files.append(file)
    return sources


def _walk(folder: str, real: str) -> Iterator[tuple[str, str]]:
    """The files under ``folder``, its own first and then each subfolder's, by name, with
    their identities: ``real`` (the folder resolved) joined with their names, so a folder of
    many thousand files costs no system call per file beyond listing it."""
    with os.scandir(folder) as listing:
        entries = sorted(listing, key=lambda entry: entry.name)
    subfolders: list[os.DirEntry[str]] = []
    for entry in entries:
        if is_hidden(entry.name):
            continue
        if entry.is_dir(follow_symlinks=False):
            subfolders.append(entry)
        elif not is_leftover(entry.name) and entry.is_file():  # not a dangling link or a pipe
            yield entry.path, os.path.join(real, entry.name)
    for entry in subfolders:
        yield from _walk(entry.path, os.path.join(real, entry.name))


def _identity(path: Path) -> str:
    try:
        return str(path.resolve())
    except OSError:
        return str(path.absolute())

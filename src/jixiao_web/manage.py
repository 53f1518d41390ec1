"""``python -m jixiao_web.manage`` (or the ``jixiao-web`` console script): Django's manage.py.

``jixiao-web serve [ADDRESS]`` is the first-run command (see :mod:`jixiao_web.serve`); every
other argument list goes to Django (``jixiao-web migrate``, ``jixiao-web demo`` …).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv if argv is None else argv
    if argv[1:2] == ["serve"]:
        from jixiao_web import serve

        serve.main(argv[2:])
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao_web.settings")
    from django.conf import settings
    from django.core.management import execute_from_command_line

    # A first run finds no data folder yet; SQLite cannot create the folder of its file.
    Path(settings.DATA_DIR).mkdir(parents=True, exist_ok=True)

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()

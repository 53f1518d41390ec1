"""``jixiao-web-serve``: migrate, load the demo district into an empty database, serve.

For a first look on one machine (127.0.0.1:8000, debug on unless set otherwise); production
runs gunicorn on ``jixiao_web.wsgi`` instead.
"""

from __future__ import annotations

import os
import sys

ADDRESS = "127.0.0.1:8000"


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    address = args[0] if args else ADDRESS
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao_web.settings")
    os.environ.setdefault("JIXIAO_DEBUG", "1")
    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("demo", if_empty=True)
    print(f"\n绩效自评 web: http://{address}/  (Ctrl+C 停止)\n", flush=True)
    call_command("runserver", address, use_reloader=False)


if __name__ == "__main__":
    main()

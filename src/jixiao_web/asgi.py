"""ASGI entry: ``uvicorn jixiao_web.asgi:application``."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao_web.settings")
application = get_asgi_application()

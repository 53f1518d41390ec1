"""Settings of the jixiao web app, every one taken from the environment.

``DATABASE_URL``          postgres://user:pass@host:5432/name (psycopg 3); unset: SQLite file
                          ``jixiao.sqlite3`` in the data folder (WAL, immediate transactions)
``JIXIAO_SECRET_KEY``     required unless ``JIXIAO_DEBUG`` is on
``JIXIAO_DEBUG``          1 / true for development (default off)
``JIXIAO_ALLOWED_HOSTS``  comma-separated (default ``127.0.0.1,localhost`` in debug)
``JIXIAO_DATA_DIR``       database, uploaded files, collected static (default ``./var``)
``JIXIAO_PROFILE``        the rule profile the checks use (default ``national-2020``)
``REDIS_URL``             optional cache; otherwise the database cache
``JIXIAO_HTTPS``          HTTPS-only cookies, redirect and HSTS (default: on unless debug)
``JIXIAO_CSRF_TRUSTED_ORIGINS``  comma-separated https://host origins behind a proxy
``JIXIAO_ATTACHMENT_MAX_BYTES``  the largest attachment accepted (default 20 MiB)

No state lives in the process: sessions and cache are in the database (or Redis), files in
the storage folder, so several app servers can share one PostgreSQL.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured

# Lets ModelAdmin[Model] and friends be written as the type checker reads them.
django_stubs_ext.monkeypatch()

PACKAGE_DIR = Path(__file__).resolve().parent


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _bytes(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or int(value) <= 0:
        raise ImproperlyConfigured(f"{name} must be a positive number of bytes, not {value!r}")
    return int(value)


def _csv(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def database_from_url(url: str) -> dict[str, Any]:
    """A Django DATABASES entry from a ``postgres://`` URL."""
    parts = urlparse(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise ImproperlyConfigured(f"DATABASE_URL: unsupported scheme {parts.scheme!r}")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }


def sqlite_database(path: Path) -> dict[str, Any]:
    # IMMEDIATE takes the write lock when a transaction starts, so two writers queue up instead
    # of both reading and then deadlocking on the upgrade to a write lock.
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
        # A worker keeps its connection: opening one (and its pragmas) cost more than the
        # queries of a cached edit page.
        "CONN_MAX_AGE": 60,
    }


DEBUG = _flag("JIXIAO_DEBUG")
DATA_DIR = Path(os.environ.get("JIXIAO_DATA_DIR", "var")).resolve()
# Without a key (and not in debug) Django itself refuses to sign anything: set JIXIAO_SECRET_KEY.
SECRET_KEY = os.environ.get("JIXIAO_SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "jixiao-development-only-not-secret"
ALLOWED_HOSTS = _csv("JIXIAO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
JIXIAO_PROFILE = os.environ.get("JIXIAO_PROFILE", "national-2020")
JIXIAO_ATTACHMENT_MAX_BYTES = _bytes("JIXIAO_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "jixiao_web.orgs",
    "jixiao_web.evaluations",
    "jixiao_web.audit",
    "jixiao_web.pages",
    "jixiao_web.files",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "jixiao_web.language.ChosenLanguageMiddleware",  # zh-hans unless English was chosen
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "jixiao_web.urls"
WSGI_APPLICATION = "jixiao_web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

_database_url = os.environ.get("DATABASE_URL", "")
DATABASES = {
    "default": database_from_url(_database_url)
    if _database_url
    else sqlite_database(DATA_DIR / "jixiao.sqlite3")
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_redis_url = os.environ.get("REDIS_URL", "")
CACHES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _redis_url}
    if _redis_url
    else {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "jixiao_cache",
        # Sessions and every open draft's rendered editor (~10 KB each, per language) share it:
        # Django's default of 300 entries would cull editors a district reopens all day.
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [PACKAGE_DIR / "locale"]

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_ROOT = DATA_DIR / "files"  # outside the web root: served only through views that check
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

AUTHENTICATION_BACKENDS = ["jixiao_web.orgs.backends.UserBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "documents"
LOGOUT_REDIRECT_URL = "portal"

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Behind nginx terminating TLS (docs/deploy.md): HTTPS everywhere unless JIXIAO_HTTPS=0.
HTTPS = _flag("JIXIAO_HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
# A load balancer probes /healthz over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = _csv("JIXIAO_CSRF_TRUSTED_ORIGINS", "")

"""Settings for the pytest suite.

Same engines as the run it is part of: SQLite and the filesystem broker by default,
PostgreSQL and Redis when DATABASE_URL and REDIS_URL are set (the second CI pass).
"""

from __future__ import annotations

import os
from pathlib import Path

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES, env, public_base_url

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["*"]
# The host of the Wagtail site the migrations create; a test may override it.
PORTAL_BASE_URL = public_base_url(env.str("PORTAL_BASE_URL", default="") or "http://localhost")
WAGTAILADMIN_BASE_URL = PORTAL_BASE_URL

# Each test run gets its own var/ so a running `make run` is never disturbed.
# Worker subprocesses started by the fault tests inherit the parent's folder.
TEST_VAR_DIR = Path(
    os.environ.get("PORTAL_TEST_VAR_DIR") or BASE_DIR / "var" / "test" / str(os.getpid())
)

# Parallel checkouts on one PostgreSQL server each name their own test database.
if env.str("DATABASE_TEST_NAME", default=""):
    DATABASES["default"]["TEST"] = {"NAME": env.str("DATABASE_TEST_NAME")}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory: the Celery worker thread of the pipeline tests must see
    # the same database as the test itself.
    DATABASES["default"]["TEST"] = {"NAME": str(TEST_VAR_DIR / "test.sqlite3")}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    **STORAGES,  # noqa: F405
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(TEST_VAR_DIR / "media")},
    },
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(TEST_VAR_DIR / "private"), "base_url": None},
    },
}

if not env.str("REDIS_URL", default=""):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        **CELERY_BROKER_TRANSPORT_OPTIONS,  # noqa: F405
        "data_folder_in": str(TEST_VAR_DIR / "broker" / "queue"),
        "data_folder_out": str(TEST_VAR_DIR / "broker" / "queue"),
        "control_folder": str(TEST_VAR_DIR / "broker" / "control"),
        "processed_folder": str(TEST_VAR_DIR / "broker" / "processed"),
        "staging_folder": str(TEST_VAR_DIR / "broker" / "staging"),
    }
    CELERY_RESULT_BACKEND = f"file://{TEST_VAR_DIR / 'celery-results'}"

# The suite creates many assessments from one address; tests/security sets real rates.
RATE_LIMITS = {
    group: dict.fromkeys(rates, "100000/h")
    for group, rates in RATE_LIMITS.items()  # noqa: F405
}

STATIC_ROOT = TEST_VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# Suites build submitted assessments in milliseconds; the plausibility rule has its own
# tests (tests/security/test_plausibility.py), which set the production minimum back.
PLAUSIBLE_MIN_SECONDS = 0

# Wagtail 7.4 autosaves an open edit form every 500 ms; in the browser journeys an autosave
# of a half-typed form racing the editor's own "Save" answered 400 under load. The journeys
# test what editors type and publish, so autosave is off here (it stays on elsewhere).
WAGTAIL_AUTOSAVE_INTERVAL = 0

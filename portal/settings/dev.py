"""The embedded default: what ``make run`` uses on a machine with only Python.

SQLite and the filesystem broker under ``var/`` unless DATABASE_URL / REDIS_URL are set.
"""

from __future__ import annotations

from .base import *  # noqa: F403
from .base import VAR_DIR, env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
# A fixed development key is fine here: these settings never serve the public.
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="dev-only-not-secret-6f1c0e2b9d")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])

VAR_DIR.mkdir(parents=True, exist_ok=True)

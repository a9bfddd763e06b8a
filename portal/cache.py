"""The Redis cache as an optional helper: when Redis is away, pages run without a cache.

Every cache read in the portal and in Wagtail (its site-root lookup runs on every page)
goes through here. django-redis already knows how to swallow connection errors
(``IGNORE_EXCEPTIONS``); this subclass adds the two things it lacks: ``get_many`` answers
``{}`` rather than ``None`` (callers iterate over it), and the log gets one warning a
minute while the outage lasts instead of a traceback per lookup.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from typing import Any

from django_redis.cache import RedisCache

logger = logging.getLogger(__name__)

WARN_EVERY_SECONDS = 60.0


class ThrottledWarning:
    """Stands in for django-redis's logger: at most one warning per ``every`` seconds."""

    def __init__(self, every: float = WARN_EVERY_SECONDS) -> None:
        self.every = every
        self._last = -float("inf")
        self._skipped = 0
        self._lock = threading.Lock()

    def exception(self, msg: str, *args: object, **kwargs: object) -> None:
        exc = sys.exc_info()[1]
        cause = exc.__cause__ if exc is not None and exc.__cause__ is not None else exc
        now = time.monotonic()
        with self._lock:
            if now - self._last < self.every:
                self._skipped += 1
                return
            self._last, skipped, self._skipped = now, self._skipped, 0
        logger.warning(
            "Cache unavailable, serving without it (%s: %s; %d more errors since the last warning)",
            type(cause).__name__,
            cause,
            skipped,
        )


class ForgivingRedisCache(RedisCache):
    """django-redis with connection errors turned into cache misses, logged sparingly."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        options = params.setdefault("OPTIONS", {})
        options.setdefault("IGNORE_EXCEPTIONS", True)
        super().__init__(server, params)
        self._log_ignored_exceptions = True
        self.logger = ThrottledWarning()

    def get_many(self, *args: Any, **kwargs: Any) -> dict:
        return super().get_many(*args, **kwargs) or {}

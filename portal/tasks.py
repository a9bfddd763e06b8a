"""Project-wide periodic tasks."""

from __future__ import annotations

from celery import shared_task

from django.core.cache import cache
from django.utils import timezone

HEARTBEAT_CACHE_KEY = "portal:worker-heartbeat"


@shared_task(name="portal.tasks.heartbeat", ignore_result=True)
def heartbeat() -> str:
    """Record that beat scheduled and a worker ran a task just now (shown by /healthz)."""
    now = timezone.now().isoformat()
    cache.set(HEARTBEAT_CACHE_KEY, now, timeout=None)
    return now

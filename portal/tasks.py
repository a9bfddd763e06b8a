"""Project-wide periodic tasks."""

from __future__ import annotations

from celery import shared_task

from django.utils import timezone

from .models import Heartbeat

BEAT_HEARTBEAT = "beat"


@shared_task(name="portal.tasks.heartbeat", ignore_result=True)
def heartbeat() -> str:
    """Record that beat scheduled and a worker ran a task just now (judged by /healthz)."""
    now = timezone.now()
    Heartbeat.objects.update_or_create(name=BEAT_HEARTBEAT, defaults={"at": now})
    return now.isoformat()


def last_heartbeat(name: str = BEAT_HEARTBEAT):
    """When the heartbeat ``name`` last ran (an aware datetime), or None if never."""
    return Heartbeat.objects.filter(name=name).values_list("at", flat=True).first()

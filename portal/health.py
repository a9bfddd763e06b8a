"""Checks behind GET /healthz: the database, the broker and a live Celery worker."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from .celery import app
from .tasks import HEARTBEAT_CACHE_KEY


@dataclass(frozen=True)
class Check:
    ok: bool
    detail: str


def check_database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "down"
        return Check(False, f"{type(exc).__name__}: {exc}")
    return Check(True, connection.vendor)


def check_broker() -> Check:
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            transport = conn.transport_cls
    except Exception as exc:  # kombu raises many kinds when the broker is away
        return Check(False, f"{type(exc).__name__}: {exc}")
    return Check(True, str(transport))


def check_worker(timeout: float | None = None) -> Check:
    """Ask every worker for a ping over the broker's broadcast channel."""
    timeout = settings.HEALTHZ_WORKER_TIMEOUT if timeout is None else timeout
    try:
        replies = app.control.ping(timeout=timeout) or []
    except Exception as exc:
        return Check(False, f"{type(exc).__name__}: {exc}")
    if not replies:
        return Check(False, "no worker answered")
    names = sorted(name for reply in replies for name in reply)
    return Check(True, ", ".join(names))


def run_checks() -> dict[str, object]:
    """All checks as a JSON-ready dict; ``ok`` is true only when every check passed."""
    database = check_database()
    broker = check_broker()
    # Without a broker no worker can answer; skip the wait.
    worker = check_worker() if broker.ok else Check(False, "broker unreachable")
    checks = {"database": database, "broker": broker, "worker": worker}
    try:
        last_heartbeat = cache.get(HEARTBEAT_CACHE_KEY)
    except Exception:
        last_heartbeat = None
    return {
        "ok": all(check.ok for check in checks.values()),
        "checks": {name: asdict(check) for name, check in checks.items()},
        "last_beat_heartbeat": last_heartbeat,
    }

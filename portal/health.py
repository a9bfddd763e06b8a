"""Checks behind GET /healthz: what a user would meet, each dependency within one second.

Every check runs in a thread of its own under one deadline (``HEALTHZ_DEADLINE_SECONDS``,
under a second), so a hung dependency shows as "timed out" instead of holding the probe.
Each check says whether users would see errors without it (``required``): the cache is
optional at run time (portal/cache.py), so a cache outage is reported but keeps 200.
"""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from time import monotonic

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection
from django.db.models import Min
from django.utils import timezone

from recommendations.models import ActionPlan

from . import broker as embedded_broker
from .celery import app
from .tasks import last_heartbeat


@dataclass(frozen=True)
class Check:
    ok: bool
    detail: str
    required: bool = True
    data: dict[str, object] = field(default_factory=dict)


def _error(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:300]


def _is_embedded_broker() -> bool:
    return str(app.conf.broker_url).startswith((embedded_broker.SCHEME, "filesystem"))


def check_database() -> Check:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return Check(True, connection.vendor)


def check_broker() -> Check:
    """Reachable, writable, and how many messages wait in each queue."""
    queues = [queue.name for queue in app.amqp.queues.values()]
    if _is_embedded_broker():
        # The folders are the broker: prove a message can be put where consumers look.
        options = app.conf.broker_transport_options or {}
        queue_folder = options["data_folder_out"]
        staging = options.get("staging_folder") or os.path.join(
            os.path.dirname(queue_folder), "staging"
        )
        probe = f"healthz-{uuid.uuid4().hex}.probe"
        with open(os.path.join(staging, probe), "wb") as handle:
            handle.write(b"ok")
        os.replace(os.path.join(staging, probe), os.path.join(queue_folder, probe))
        os.remove(os.path.join(queue_folder, probe))
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=0, timeout=settings.HEALTHZ_DEADLINE_SECONDS)
        channel = conn.default_channel
        lengths = {name: int(channel._size(name)) for name in queues}
        transport = str(conn.transport_cls)
    return Check(True, transport, data={"queued_messages": lengths})


def check_worker() -> Check:
    """At least one worker answers a ping (the first answer ends the wait).

    The wait ends at half the deadline counted from this check's start, whatever the
    connection took: a fixed wait of 80 % after a slow connection ran the check past the
    deadline (its answer "timed out" where "no worker" was the truth), and the ping's
    reply publisher may connect once more after the wait is set."""
    wait_until = monotonic() + settings.HEALTHZ_DEADLINE_SECONDS * 0.5
    # A pooled connection: closing a fresh one after a ping takes Redis half a second.
    with app.pool.acquire(block=True) as conn:
        conn.ensure_connection(max_retries=0, timeout=settings.HEALTHZ_DEADLINE_SECONDS)
        wait = max(wait_until - monotonic(), 0.05)
        replies = app.control.ping(timeout=wait, limit=1, connection=conn) or []
    if not replies:
        return Check(False, "no worker answered")
    return Check(True, ", ".join(sorted(name for reply in replies for name in reply)))


def check_beat() -> Check:
    """Beat scheduled the heartbeat and a worker ran it recently."""
    at = last_heartbeat()
    if at is None:
        return Check(False, "no heartbeat yet")
    age = (timezone.now() - at).total_seconds()
    limit = settings.HEALTHZ_HEARTBEAT_MAX_AGE_SECONDS
    data = {"last_heartbeat": at.isoformat(), "age_seconds": round(age, 1)}
    if age > limit:
        return Check(False, f"last heartbeat {age:.0f} s ago (limit {limit} s)", data=data)
    return Check(True, f"last heartbeat {age:.0f} s ago", data=data)


def check_cache() -> Check:
    """The cache answers; optional: pages run without it, only slower."""
    backend = cache
    client = getattr(backend, "client", None)
    if client is not None and hasattr(client, "get_client"):
        client.get_client(write=True).ping()  # django-redis: the raw client raises
    else:
        key = f"healthz:{uuid.uuid4().hex}"
        backend.set(key, "ok", timeout=5)
        if backend.get(key) != "ok":
            return Check(False, "a value written could not be read back", required=False)
        backend.delete(key)
    return Check(True, type(backend).__name__, required=False)


def check_storage() -> Check:
    """Private storage (where plans go) takes a file, gives it back and lets it go."""
    storage = storages["private"]
    name = storage.save(f"healthz/probe-{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    try:
        with storage.open(name, "rb") as handle:
            if handle.read() != b"ok":
                return Check(False, "a file written could not be read back")
    finally:
        storage.delete(name)
    return Check(True, type(storage).__name__)


def check_plans() -> Check:
    """The oldest plan still waiting: a long wait means users see "being prepared" for ever."""
    oldest = ActionPlan.objects.filter(status=ActionPlan.Status.QUEUED).aggregate(
        oldest=Min("queued_at")
    )["oldest"]
    waiting = ActionPlan.objects.filter(status=ActionPlan.Status.QUEUED).count()
    age = (timezone.now() - oldest).total_seconds() if oldest else 0.0
    data = {"queued_plans": waiting, "oldest_queued_seconds": round(age, 1)}
    limit = settings.HEALTHZ_OLDEST_QUEUED_MAX_SECONDS
    if age > limit:
        return Check(False, f"a plan has waited {age:.0f} s (limit {limit} s)", data=data)
    return Check(True, f"{waiting} waiting", data=data)


CHECKS: dict[str, tuple[Callable[[], Check], bool]] = {
    "database": (check_database, True),
    "broker": (check_broker, True),
    "worker": (check_worker, True),
    "beat": (check_beat, True),
    "cache": (check_cache, False),
    "storage": (check_storage, True),
    "plans": (check_plans, True),
}


def _guarded(check: Callable[[], Check], required: bool) -> Check:
    try:
        return check()
    except Exception as exc:  # any failure of a dependency is its check's answer
        return Check(False, _error(exc), required=required)
    finally:
        connection.close()  # this thread's own database connection


class _Run(threading.Thread):
    """One check in a fresh daemon thread: a hung dependency keeps only its own thread."""

    def __init__(self, name: str, check: Callable[[], Check], required: bool) -> None:
        super().__init__(name=f"healthz-{name}", daemon=True)
        self.check, self.required = check, required
        self.result: Check | None = None

    def run(self) -> None:
        self.result = _guarded(self.check, self.required)


def run_checks(deadline: float | None = None) -> dict[str, object]:
    """Every check, in parallel, within ``deadline`` seconds in all; JSON-ready.

    ``ok`` is false when a required check failed (users would see errors or wait for
    ever); an optional one (the cache) only makes ``degraded`` true.
    """
    deadline = settings.HEALTHZ_DEADLINE_SECONDS if deadline is None else deadline
    started = monotonic()
    runs = {name: _Run(name, check, required) for name, (check, required) in CHECKS.items()}
    for run in runs.values():
        run.start()
    results: dict[str, Check] = {}
    for name, run in runs.items():
        run.join(timeout=max(deadline - (monotonic() - started), 0.0))
        if run.result is None:
            results[name] = Check(False, f"timed out after {deadline:g} s", required=run.required)
        else:
            results[name] = replace(run.result, required=run.required)
    return {
        "ok": all(check.ok for check in results.values() if check.required),
        "degraded": any(not check.ok for check in results.values() if not check.required),
        "seconds": round(monotonic() - started, 3),
        "checks": {name: asdict(check) for name, check in results.items()},
    }

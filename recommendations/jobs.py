"""The plan job's bookkeeping: enqueue, claim with a lease, retry, sweep up stuck plans.

A plan row is the job's state. A worker *claims* it with a conditional UPDATE (if no
row changed, someone else has it), so a message delivered twice produces one PDF.
The claim is a *lease*: the worker's id and an expiry that the worker renews while it
renders. A lease that has run out means its worker died, so whoever comes next (a
redelivered message or the sweep) takes the plan over at once instead of waiting for a
fixed timeout.

Failures come in two kinds. A *transient* one (the database, the broker, a socket,
storage) says nothing about the plan: the job is tried again with backoff. Anything
else comes from rendering, which is deterministic, so the plan fails at once. Both the
task's retries and the sweep count against one cap, ``PLAN_MAX_ATTEMPTS``.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from celery import current_app
from kombu.exceptions import OperationalError as BrokerError

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.db.models import F, Q
from django.utils import timezone

from .models import ActionPlan

try:  # S3 storage (the optional "s3" extra): its errors are not OSErrors
    from botocore.exceptions import BotoCoreError, ClientError
except ImportError:  # pragma: no cover - only without the extra
    BotoCoreError = ClientError = OSError  # type: ignore[misc,assignment]

try:
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError
except ImportError:  # pragma: no cover - redis is a dependency
    RedisConnectionError = RedisTimeoutError = OSError  # type: ignore[misc,assignment]

logger = logging.getLogger(__name__)

GENERATE_TASK = "recommendations.generate_action_plan"
SWEEP_TASK = "recommendations.sweep_stuck_plans"

# Errors that say nothing about the plan itself: a dependency blinked. OSError covers
# sockets, timeouts and the file system (PermissionError, a full disk).
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    OSError,
    OperationalError,  # the database went away
    InterfaceError,
    BrokerError,
    RedisConnectionError,
    RedisTimeoutError,
    BotoCoreError,
    ClientError,
)


def describe(exc: BaseException) -> str:
    """The error as stored on the plan: its type and message, what an operator needs."""
    return f"{type(exc).__name__}: {exc}"[:2000]


def queued_grace() -> timedelta:
    return timedelta(seconds=settings.PLAN_QUEUED_GRACE_SECONDS)


def running_stale_after() -> timedelta:
    """For rows claimed before leases existed (no expiry recorded)."""
    return timedelta(seconds=settings.PLAN_STALE_AFTER_SECONDS)


def lease_length() -> timedelta:
    return timedelta(seconds=settings.PLAN_LEASE_SECONDS)


def max_attempts() -> int:
    return settings.PLAN_MAX_ATTEMPTS


def retry_delay(attempts: int) -> int:
    """Backoff before the next try: 1, 2, 4, 8 … seconds, at most a minute."""
    return min(2 ** max(attempts - 1, 0), 60)


def worker_id() -> str:
    """Who holds a lease: host and process, enough for an operator to find it."""
    return f"{socket.gethostname()}:{os.getpid()}"


def enqueue(plan_id: int, countdown: int | None = None) -> bool:
    """Send the job to the broker; never raises (the sweep retries later).

    The task is sent by name, so this module does not import the task module (which
    imports this one).
    """
    try:
        current_app.send_task(
            GENERATE_TASK, args=[plan_id], countdown=countdown, retry=False, ignore_result=True
        )
    except Exception:
        logger.warning(
            "Could not enqueue action plan %s; the sweep will retry", plan_id, exc_info=True
        )
        return False
    return True


def lease_expired(now: datetime) -> Q:
    """A running plan whose worker is gone: its lease ran out (or, without one, it is old)."""
    return Q(status=ActionPlan.Status.RUNNING) & (
        Q(lease_expires_at__lt=now)
        | Q(lease_expires_at__isnull=True, started_at__lt=now - running_stale_after())
    )


def claim_plan(plan_id: int, owner: str) -> bool:
    """Take the plan for ``owner`` with a fresh lease; False if it is not there to take.

    Claimable: queued, or running with an expired lease (its worker died), and not yet
    tried ``PLAN_MAX_ATTEMPTS`` times. A plan that is out of attempts is failed here, so
    the page shows "failed — try again" without waiting for the sweep.
    """
    now = timezone.now()
    claimed = ActionPlan.objects.filter(
        Q(status=ActionPlan.Status.QUEUED) | lease_expired(now),
        pk=plan_id,
        attempts__lt=max_attempts(),
    ).update(
        status=ActionPlan.Status.RUNNING,
        started_at=now,
        lease_owner=owner,
        lease_expires_at=now + lease_length(),
        attempts=F("attempts") + 1,
    )
    if claimed == 1:
        return True
    fail_exhausted(now, pk=plan_id)
    return False


def lease_remaining(plan_id: int) -> float | None:
    """Seconds until another worker's lease on a running plan runs out; None if not running.

    A message delivered while someone holds the plan is either a duplicate or the
    redelivery of a job whose worker just died; checking again when the lease runs out
    tells which, within seconds rather than at the next sweep.
    """
    expires = (
        ActionPlan.objects.filter(pk=plan_id, status=ActionPlan.Status.RUNNING)
        .values_list("lease_expires_at", flat=True)
        .first()
    )
    if expires is None:
        return None
    return max((expires - timezone.now()).total_seconds(), 0.0)


def renew_lease(plan_id: int, owner: str) -> bool:
    """Push the lease's expiry forward; False when the plan is no longer ours."""
    return (
        ActionPlan.objects.filter(
            pk=plan_id, status=ActionPlan.Status.RUNNING, lease_owner=owner
        ).update(lease_expires_at=timezone.now() + lease_length())
        == 1
    )


@contextmanager
def keeping_lease(plan_id: int, owner: str) -> Iterator[None]:
    """Renew the lease in a background thread for as long as the block runs.

    Renewed three times per lease length, so one slow renewal does not lose the plan.
    A renewal that fails (the database blinked) is tried again on the next beat.
    """
    stop = threading.Event()
    interval = max(settings.PLAN_LEASE_SECONDS / 3, 0.1)

    def renew() -> None:
        try:
            while not stop.wait(interval):
                try:
                    if not renew_lease(plan_id, owner):
                        logger.warning("Action plan %s: lease lost to another worker", plan_id)
                        return
                except DatabaseError:
                    logger.warning("Action plan %s: could not renew the lease", plan_id)
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=renew, name=f"plan-{plan_id}-lease", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)


def mark_ready(plan_id: int, owner: str, file_name: str) -> bool:
    """Record the stored file; False if the lease was lost meanwhile (someone else has it)."""
    return (
        ActionPlan.objects.filter(pk=plan_id, lease_owner=owner).update(
            status=ActionPlan.Status.READY,
            file=file_name,
            finished_at=timezone.now(),
            error="",
            lease_owner="",
            lease_expires_at=None,
        )
        == 1
    )


def mark_failed(plan_id: int, owner: str, error: str) -> None:
    ActionPlan.objects.filter(pk=plan_id, lease_owner=owner).update(
        status=ActionPlan.Status.FAILED,
        finished_at=timezone.now(),
        error=error,
        lease_owner="",
        lease_expires_at=None,
    )


def release_for_retry(plan_id: int, owner: str, exc: BaseException) -> int | None:
    """After a transient error: give the plan back with its cause, or fail it when out of tries.

    Returns the delay before the next try, or None when the plan has failed for good.
    """
    error = describe(exc)
    plan = ActionPlan.objects.filter(pk=plan_id, lease_owner=owner).only("attempts").first()
    if plan is None:
        return None  # someone else took it over
    if plan.attempts >= max_attempts():
        mark_failed(plan_id, owner, error)
        return None
    ActionPlan.objects.filter(pk=plan_id, lease_owner=owner).update(
        status=ActionPlan.Status.QUEUED,
        queued_at=timezone.now(),  # the sweep leaves it alone while the retry waits
        error=error,
        lease_owner="",
        lease_expires_at=None,
    )
    return retry_delay(plan.attempts)


def fail_exhausted(now: datetime, **filters: object) -> int:
    """Fail plans that used every attempt and are not being worked on: queued ones whose
    retry never came, and running ones whose worker died. The last real error stays."""
    exhausted = ActionPlan.objects.filter(attempts__gte=max_attempts(), **filters).filter(
        Q(status=ActionPlan.Status.QUEUED, queued_at__lt=now - queued_grace())
        | Q(status=ActionPlan.Status.QUEUED, queued_at__isnull=True)
        | lease_expired(now)
    )
    failed = 0
    for plan in exhausted.only("pk", "error", "attempts"):
        error = plan.error or f"Gave up after {plan.attempts} attempts: the worker stopped."
        failed += ActionPlan.objects.filter(
            Q(status=ActionPlan.Status.QUEUED) | lease_expired(now),
            pk=plan.pk,
            attempts__gte=max_attempts(),
        ).update(
            status=ActionPlan.Status.FAILED,
            finished_at=now,
            error=error,
            lease_owner="",
            lease_expires_at=None,
        )
    return failed


def sweep_stuck_plans() -> list[int]:
    """Re-enqueue plans whose worker died (lease expired) or that were never picked up.

    A running plan with an expired lease goes back to the queue at once; a queued one
    after the grace period (its message may still be on the way). Out of attempts: failed.
    """
    now = timezone.now()
    fail_exhausted(now)
    ids: set[int] = set()
    for plan_id in ActionPlan.objects.filter(lease_expired(now)).values_list("pk", flat=True):
        # Conditional, so a worker that renewed or finished meanwhile keeps its plan.
        if (
            ActionPlan.objects.filter(lease_expired(now), pk=plan_id).update(
                status=ActionPlan.Status.QUEUED,
                queued_at=now,
                lease_owner="",
                lease_expires_at=None,
            )
            == 1
        ):
            ids.add(plan_id)
    stale_queued = ActionPlan.objects.filter(
        status=ActionPlan.Status.QUEUED, queued_at__lt=now - queued_grace()
    )
    for plan_id in stale_queued.values_list("pk", flat=True):
        if ActionPlan.objects.filter(pk=plan_id, status=ActionPlan.Status.QUEUED).update(
            queued_at=now
        ):
            ids.add(plan_id)
    for plan_id in sorted(ids):
        enqueue(plan_id)
    return sorted(ids)

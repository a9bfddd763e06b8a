"""The plan job's bookkeeping: enqueue, claim exactly once, sweep up stuck plans.

A plan row is the job's state. A worker *claims* it with a conditional UPDATE (if no
row changed, someone else has it), so a message delivered twice produces one PDF.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import current_app

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from .models import ActionPlan

logger = logging.getLogger(__name__)

GENERATE_TASK = "recommendations.generate_action_plan"


def queued_grace() -> timedelta:
    return timedelta(seconds=settings.PLAN_QUEUED_GRACE_SECONDS)


def running_stale_after() -> timedelta:
    return timedelta(seconds=settings.PLAN_STALE_AFTER_SECONDS)


def enqueue(plan_id: int) -> bool:
    """Send the job to the broker; never raises (the sweep retries later).

    The task is sent by name, so this module does not import the task module (which
    imports this one).
    """
    try:
        current_app.send_task(GENERATE_TASK, args=[plan_id], retry=False)
    except Exception:
        logger.warning(
            "Could not enqueue action plan %s; the sweep will retry", plan_id, exc_info=True
        )
        return False
    return True


def claim_plan(plan_id: int) -> bool:
    """Take the plan for this worker: a conditional UPDATE; False if someone else has it.

    Claimable: queued, or running but stale (its worker died).
    """
    now = timezone.now()
    claimed = ActionPlan.objects.filter(
        Q(status=ActionPlan.Status.QUEUED)
        | Q(status=ActionPlan.Status.RUNNING, started_at__lt=now - running_stale_after()),
        pk=plan_id,
    ).update(status=ActionPlan.Status.RUNNING, started_at=now, error="", attempts=F("attempts") + 1)
    return claimed == 1


def sweep_stuck_plans() -> list[int]:
    """Re-enqueue plans that were never picked up or whose worker died; give up after a cap."""
    now = timezone.now()
    ActionPlan.objects.filter(
        status__in=[ActionPlan.Status.QUEUED, ActionPlan.Status.RUNNING],
        attempts__gte=settings.PLAN_MAX_ATTEMPTS,
    ).filter(
        Q(status=ActionPlan.Status.QUEUED) | Q(started_at__lt=now - running_stale_after())
    ).update(
        status=ActionPlan.Status.FAILED,
        finished_at=now,
        error=f"Gave up after {settings.PLAN_MAX_ATTEMPTS} attempts.",
    )
    stale_running = ActionPlan.objects.filter(
        status=ActionPlan.Status.RUNNING, started_at__lt=now - running_stale_after()
    )
    stale_queued = ActionPlan.objects.filter(
        status=ActionPlan.Status.QUEUED, queued_at__lt=now - queued_grace()
    )
    ids = sorted(
        set(stale_running.values_list("pk", flat=True))
        | set(stale_queued.values_list("pk", flat=True))
    )
    for plan_id in ids:
        ActionPlan.objects.filter(pk=plan_id).update(queued_at=now)
        enqueue(plan_id)
    return ids

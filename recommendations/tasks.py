"""Celery tasks: produce an action plan's PDF exactly once, and sweep up stuck plans."""

from __future__ import annotations

import logging
import math

from celery import shared_task

from django.core.files.base import ContentFile

from .adapter import plan_document
from .jobs import (
    GENERATE_TASK,
    SWEEP_TASK,
    TRANSIENT_ERRORS,
    claim_plan,
    describe,
    enqueue,
    keeping_lease,
    lease_remaining,
    mark_failed,
    mark_ready,
    release_for_retry,
    sweep_stuck_plans,
    worker_id,
)
from .models import ActionPlan
from .pdf.render import render_plan_pdf

logger = logging.getLogger(__name__)


def render_plan(plan: ActionPlan) -> bytes:
    """The plan's PDF (a module-level seam: the fault tests' worker slows it down)."""
    return render_plan_pdf(plan_document(plan))


def store_plan(plan: ActionPlan, pdf: bytes) -> str:
    """Save the PDF under the plan's fixed name; a rerun overwrites, never adds a file."""
    storage = plan.file.storage
    name = plan.file_name
    if storage.exists(name):
        storage.delete(name)
    return storage.save(name, ContentFile(pdf))


@shared_task(
    name=GENERATE_TASK,
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    # The cap on attempts is the plan's own (PLAN_MAX_ATTEMPTS, shared with the sweep).
    max_retries=None,
    ignore_result=True,
)
def generate_action_plan(self, plan_id: int) -> str:
    """Render and store one plan. Safe to deliver twice: the claim lets only one run work."""
    owner = worker_id()
    try:
        if not claim_plan(plan_id, owner):
            remaining = lease_remaining(plan_id)
            if remaining is None:
                return "skipped"  # done, failed, or claimed by a worker without a lease
            # Held by another worker: look again just after its lease would run out, so
            # a job whose worker died is taken over in seconds (the claim decides).
            enqueue(plan_id, countdown=math.ceil(remaining) + 1)
            return "deferred"
    except TRANSIENT_ERRORS as exc:
        # The database is away: nothing was claimed; the message comes back later.
        logger.warning("Action plan %s: could not claim (%s)", plan_id, describe(exc))
        raise self.retry(exc=exc, countdown=5, max_retries=60) from exc
    try:
        with keeping_lease(plan_id, owner):
            plan = ActionPlan.objects.select_related("assessment", "assessment__organisation").get(
                pk=plan_id
            )
            saved = store_plan(plan, render_plan(plan))
    except TRANSIENT_ERRORS as exc:
        logger.warning("Action plan %s: %s; trying again", plan_id, describe(exc))
        try:
            delay = release_for_retry(plan_id, owner, exc)
        except TRANSIENT_ERRORS:
            # Not even the bookkeeping works: the lease runs out and the sweep takes over.
            logger.warning("Action plan %s: left to the sweep", plan_id, exc_info=True)
            return "left-to-sweep"
        if delay is None:
            logger.error("Action plan %s failed: %s", plan_id, describe(exc))
            return "failed"
        raise self.retry(exc=exc, countdown=delay, max_retries=None) from exc
    except Exception as exc:
        # Anything else comes from rendering, which is deterministic: trying again
        # would fail the same way.
        logger.exception("Action plan %s failed", plan_id)
        mark_failed(plan_id, owner, describe(exc))
        return "failed"
    if not mark_ready(plan_id, owner, saved):
        return "superseded"
    return "ready"


@shared_task(name=SWEEP_TASK, ignore_result=True)
def sweep() -> list[int]:
    """Beat job: re-enqueue plans that were never picked up or whose worker died."""
    return sweep_stuck_plans()

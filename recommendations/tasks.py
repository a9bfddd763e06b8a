"""Celery tasks: produce an action plan's PDF exactly once, and sweep up stuck plans."""

from __future__ import annotations

import logging

from celery import shared_task

from django.core.files.base import ContentFile
from django.utils import timezone

from .adapter import plan_document
from .jobs import GENERATE_TASK, claim_plan, sweep_stuck_plans
from .models import ActionPlan
from .pdf.render import render_plan_pdf

logger = logging.getLogger(__name__)


def render_plan(plan: ActionPlan) -> bytes:
    """The plan's PDF (a module-level seam: the fault tests' worker slows it down)."""
    return render_plan_pdf(plan_document(plan))


@shared_task(
    name=GENERATE_TASK,
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=4,
    ignore_result=True,
)
def generate_action_plan(self, plan_id: int) -> str:
    """Render and store one plan. Safe to deliver twice: the claim lets only one run work."""
    if not claim_plan(plan_id):
        return "skipped"
    plan = ActionPlan.objects.select_related("assessment", "assessment__organisation").get(
        pk=plan_id
    )
    try:
        pdf = render_plan(plan)
    except Exception as exc:
        # Rendering is deterministic: trying again would fail the same way.
        logger.exception("Action plan %s failed", plan_id)
        ActionPlan.objects.filter(pk=plan_id).update(
            status=ActionPlan.Status.FAILED,
            finished_at=timezone.now(),
            error=f"{type(exc).__name__}: {exc}"[:2000],
        )
        return "failed"
    try:
        storage = plan.file.storage
        name = plan.file_name
        if storage.exists(name):
            storage.delete(name)  # a rerun after a lost worker overwrites, never adds
        saved = storage.save(name, ContentFile(pdf))
    except OSError as exc:
        ActionPlan.objects.filter(pk=plan_id).update(status=ActionPlan.Status.QUEUED)
        raise self.retry(exc=exc, countdown=2**self.request.retries) from exc
    ActionPlan.objects.filter(pk=plan_id).update(
        status=ActionPlan.Status.READY, file=saved, finished_at=timezone.now(), error=""
    )
    return "ready"


@shared_task(name="recommendations.sweep_stuck_plans", ignore_result=True)
def sweep() -> list[int]:
    """Beat job: re-enqueue plans that were never picked up or whose worker died."""
    return sweep_stuck_plans()

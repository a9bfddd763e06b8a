"""A plan's claim is a lease: a dead worker's plan is taken over in seconds, and every
failure is either retried (transient) or final (rendering), within one attempt cap."""

from __future__ import annotations

import shutil
import time
from datetime import timedelta
from pathlib import Path

import pytest

from django.db import OperationalError
from django.utils import timezone

from recommendations import tasks
from recommendations.jobs import claim_plan, enqueue, sweep_stuck_plans
from recommendations.models import ActionPlan
from recommendations.plans import latest_plan
from recommendations.services import choose_actions

from .conftest import submitted_assessment
from .test_pipeline import files_of, wait_for_status

FINISHED = {"ready", "failed"}


def queued_plan(assessment) -> ActionPlan:
    return ActionPlan.objects.create(
        assessment=assessment,
        language="vi",
        actions=choose_actions(assessment),
        queued_at=timezone.now(),
    )


def expire_lease(plan: ActionPlan) -> None:
    ActionPlan.objects.filter(pk=plan.pk).update(
        lease_expires_at=timezone.now() - timedelta(seconds=1)
    )


# --- The claim and its lease ---------------------------------------------------------------------


@pytest.mark.django_db
def test_a_live_lease_keeps_the_plan_and_an_expired_one_is_taken_over_at_once(questionnaire, rules):
    plan = latest_plan(submitted_assessment(questionnaire))  # no worker: it stays queued

    assert claim_plan(plan.pk, "worker-a:1")
    assert not claim_plan(plan.pk, "worker-b:2")  # a duplicate delivery changes nothing
    plan.refresh_from_db()
    assert (plan.status, plan.lease_owner, plan.attempts) == ("running", "worker-a:1", 1)
    assert plan.lease_expires_at > timezone.now()

    expire_lease(plan)  # worker A died: nobody renews its lease

    assert claim_plan(plan.pk, "worker-b:2")
    plan.refresh_from_db()
    assert (plan.status, plan.lease_owner, plan.attempts) == ("running", "worker-b:2", 2)


@pytest.mark.django_db
def test_the_sweep_requeues_a_plan_as_soon_as_its_lease_expires(
    questionnaire, rules, settings, broker_down
):
    settings.PLAN_STALE_AFTER_SECONDS = 3600  # the old fixed timeout plays no part
    plan = latest_plan(submitted_assessment(questionnaire))
    assert claim_plan(plan.pk, "worker-a:1")

    assert sweep_stuck_plans() == []  # the lease is live: the worker may still be at it
    expire_lease(plan)
    assert sweep_stuck_plans() == [plan.pk]

    plan.refresh_from_db()
    assert (plan.status, plan.lease_owner, plan.lease_expires_at) == ("queued", "", None)
    assert sweep_stuck_plans() == []  # not sent again before the queued grace period


@pytest.mark.django_db
def test_a_plan_out_of_attempts_fails_with_its_last_real_error(
    questionnaire, rules, settings, broker_down
):
    settings.PLAN_MAX_ATTEMPTS = 2
    plan = latest_plan(submitted_assessment(questionnaire))
    assert claim_plan(plan.pk, "worker-a:1")
    ActionPlan.objects.filter(pk=plan.pk).update(error="PermissionError: [Errno 1] nope")
    expire_lease(plan)
    assert claim_plan(plan.pk, "worker-b:2")
    expire_lease(plan)  # the second worker died too

    assert not claim_plan(plan.pk, "worker-c:3")

    plan.refresh_from_db()
    assert (plan.status, plan.attempts) == ("failed", 2)
    assert plan.error == "PermissionError: [Errno 1] nope"
    assert plan.finished_at is not None


# --- Through a real worker -----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_storage_that_stays_broken_fails_the_plan_with_the_real_cause(
    celery_worker, questionnaire, rules, settings
):
    settings.PLAN_MAX_ATTEMPTS = 3
    assessment = submitted_assessment(questionnaire)
    assert wait_for_status(latest_plan(assessment), FINISHED) == "ready"
    plan = queued_plan(assessment)
    # A non-empty directory where the PDF goes: saving raises a real OSError every time.
    target = Path(settings.STORAGES["private"]["OPTIONS"]["location"]) / plan.file_name
    (target / "blocker").mkdir(parents=True)
    try:
        assert enqueue(plan.pk)
        assert wait_for_status(plan, FINISHED, timeout=30) == "failed"
    finally:
        shutil.rmtree(target)

    assert plan.attempts == 3  # 1 s and 2 s of backoff, then the cap
    assert plan.error.startswith("OSError: [Errno 39] Directory not empty")
    assert plan.finished_at is not None
    assert files_of(plan) == []


@pytest.mark.django_db(transaction=True)
def test_a_database_blink_while_rendering_is_retried_not_failed(
    celery_worker, questionnaire, rules, monkeypatch
):
    assessment = submitted_assessment(questionnaire)
    assert wait_for_status(latest_plan(assessment), FINISHED) == "ready"
    render = tasks.render_plan
    calls: list[int] = []

    def blinking_render(plan):  # the render seam: the first try loses the database
        calls.append(plan.pk)
        if len(calls) == 1:
            raise OperationalError("the connection is closed")
        return render(plan)

    monkeypatch.setattr(tasks, "render_plan", blinking_render)
    plan = queued_plan(assessment)
    assert enqueue(plan.pk)

    assert wait_for_status(plan, FINISHED) == "ready", plan.error
    assert (plan.attempts, plan.error) == (2, "")
    assert files_of(plan) == [f"plan-{plan.pk}.pdf"]


@pytest.mark.django_db(transaction=True)
def test_a_running_worker_renews_its_lease_so_the_sweep_leaves_it_alone(
    celery_worker, questionnaire, rules, settings, monkeypatch
):
    settings.PLAN_LEASE_SECONDS = 1
    assessment = submitted_assessment(questionnaire)
    assert wait_for_status(latest_plan(assessment), FINISHED) == "ready"
    render = tasks.render_plan

    def slow_render(plan):  # three lease lengths
        time.sleep(3)
        return render(plan)

    monkeypatch.setattr(tasks, "render_plan", slow_render)
    plan = queued_plan(assessment)
    assert enqueue(plan.pk)
    assert wait_for_status(plan, {"running"}) == "running"

    swept = []
    while plan.status == "running":
        swept += sweep_stuck_plans()
        time.sleep(0.3)
        plan.refresh_from_db()

    assert swept == []
    assert (plan.status, plan.attempts) == ("ready", 1)
    assert files_of(plan) == [f"plan-{plan.pk}.pdf"]


@pytest.mark.django_db(transaction=True)
def test_a_delivery_while_another_worker_holds_the_plan_takes_over_when_the_lease_ends(
    celery_worker, questionnaire, rules
):
    """What a redelivered message does after its worker died mid-render."""
    assessment = submitted_assessment(questionnaire)
    assert wait_for_status(latest_plan(assessment), FINISHED) == "ready"
    plan = queued_plan(assessment)
    assert claim_plan(plan.pk, "dead-worker:1")  # claimed, then the worker died
    ActionPlan.objects.filter(pk=plan.pk).update(
        lease_expires_at=timezone.now() + timedelta(seconds=2)
    )
    started = time.monotonic()

    assert enqueue(plan.pk)  # the redelivery

    assert wait_for_status(plan, FINISHED, timeout=20) == "ready", plan.error
    assert time.monotonic() - started < 10
    assert plan.attempts == 2
    assert files_of(plan) == [f"plan-{plan.pk}.pdf"]

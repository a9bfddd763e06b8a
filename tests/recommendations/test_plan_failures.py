"""What happens when a plan cannot be made, and the two buttons that ask for it again.

Every worker here is a real Celery worker on the real broker (in a thread of this
process, as in ``test_pipeline.py``); failures come from real data and a real file
system, not from mocks.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from assessment.models import Assessment, Membership
from recommendations.jobs import enqueue
from recommendations.models import ActionPlan
from recommendations.plans import latest_plan, plan_actions
from recommendations.services import choose_actions

from .conftest import make_rule, submitted_assessment
from .test_pipeline import files_of, wait_for_status

FINISHED = {"ready", "failed"}


@contextmanager
def running_worker(app) -> Iterator[object]:
    """A real worker for part of a test (the ``celery_worker`` fixture lasts the whole test)."""
    with start_worker(
        app, pool="solo", perform_ping_check=True, ping_task_timeout=20, shutdown_timeout=20
    ) as worker:
        yield worker


def ready_assessment(questionnaire) -> Assessment:
    """A submitted assessment whose own plan (requested at submit) the worker has made."""
    assessment = submitted_assessment(questionnaire)
    assert wait_for_status(latest_plan(assessment), FINISHED) == "ready"
    return assessment


def unrenderable_plan(assessment: Assessment) -> ActionPlan:
    """A queued plan whose stored actions lack their horizon, sent to the worker.

    Rendering reads every action's horizon, so this fails the same way every time.
    """
    actions = choose_actions(assessment)
    assert actions, "the rules give this assessment some actions"
    broken = [{k: v for k, v in action.items() if k != "horizon"} for action in actions]
    plan = ActionPlan.objects.create(
        assessment=assessment, language="vi", actions=broken, queued_at=timezone.now()
    )
    assert enqueue(plan.pk)
    return plan


def state(plan: ActionPlan) -> tuple:
    plan.refresh_from_db()
    return (
        plan.status,
        plan.attempts,
        plan.error,
        plan.queued_at,
        plan.started_at,
        plan.finished_at,
        plan.file.name,
    )


# --- The worker's failure paths ----------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_plan_that_cannot_be_rendered_fails_once_with_its_error(
    client, celery_worker, questionnaire, rules
):
    assessment = ready_assessment(questionnaire)
    plan = unrenderable_plan(assessment)

    assert wait_for_status(plan, FINISHED) == "failed"

    assert plan.error == "KeyError: 'horizon'"
    assert plan.finished_at is not None
    assert plan.attempts == 1  # rendering is deterministic: not retried
    assert not plan.file
    assert files_of(plan) == []
    base = f"/vi/assessment/{assessment.token}/plan/{plan.pk}"
    status = client.get(f"{base}/status/").json()
    assert (status["status"], status["download_url"]) == ("failed", "")
    assert client.get(f"{base}/download/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_a_storage_error_is_retried_and_the_retry_stores_the_plan(
    celery_worker, questionnaire, rules
):
    assessment = ready_assessment(questionnaire)
    plan = ActionPlan.objects.create(
        assessment=assessment,
        language="vi",
        actions=choose_actions(assessment),
        queued_at=timezone.now(),
    )
    # Where the PDF goes, a non-empty directory: the worker cannot replace it (not even
    # as root), so saving raises a real OSError.
    target = Path(settings.STORAGES["private"]["OPTIONS"]["location"]) / plan.file_name
    (target / "blocker").mkdir(parents=True)
    try:
        assert enqueue(plan.pk)
        # The first attempt gives the plan back to the queue and schedules a retry.
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            plan.refresh_from_db()
            if plan.status in FINISHED or (plan.attempts >= 1 and plan.status == "queued"):
                break
            time.sleep(0.02)
        assert (plan.status, plan.attempts, plan.file.name) == ("queued", 1, "")
    finally:
        shutil.rmtree(target)

    assert wait_for_status(plan, FINISHED) == "ready", plan.error
    assert plan.attempts >= 2
    assert plan.error == ""
    assert files_of(plan) == [f"plan-{plan.pk}.pdf"]


# --- Retry ---------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_retry_requeues_a_failed_plan_and_a_worker_then_makes_it(
    client, celery_app_for_tests, questionnaire, rules
):
    with running_worker(celery_app_for_tests):
        assessment = ready_assessment(questionnaire)
        plan = unrenderable_plan(assessment)
        assert wait_for_status(plan, FINISHED) == "failed"
    failed_at = plan.queued_at
    # What broke it is repaired; the respondent presses "Try again".
    ActionPlan.objects.filter(pk=plan.pk).update(actions=choose_actions(assessment))

    response = client.post(f"/vi/assessment/{assessment.token}/plan/{plan.pk}/retry/")

    assert response.status_code == 302
    assert response["Location"] == f"/vi/assessment/{assessment.token}/results/#plan"
    plan.refresh_from_db()
    assert (plan.status, plan.attempts, plan.error) == ("queued", 0, "")
    assert plan.queued_at > failed_at
    with running_worker(celery_app_for_tests):  # the job was sent: a worker picks it up
        assert wait_for_status(plan, FINISHED) == "ready", plan.error
    assert plan.attempts == 1
    assert files_of(plan) == [f"plan-{plan.pk}.pdf"]
    assert ActionPlan.objects.filter(assessment=assessment).count() == 2


@pytest.mark.django_db(transaction=True)
def test_retry_of_a_ready_plan_changes_nothing(client, celery_worker, questionnaire, rules):
    assessment = ready_assessment(questionnaire)
    plan = latest_plan(assessment)
    before = state(plan)

    response = client.post(f"/vi/assessment/{assessment.token}/plan/{plan.pk}/retry/")

    assert response.status_code == 302
    assert state(plan) == before
    assert files_of(plan) == [f"plan-{plan.pk}.pdf"]


@pytest.mark.django_db
def test_retry_of_a_queued_plan_changes_nothing(client, questionnaire, rules):
    assessment = submitted_assessment(questionnaire)  # no worker: its plan stays queued
    plan = latest_plan(assessment)
    before = state(plan)
    assert before[:2] == ("queued", 0)

    response = client.post(f"/vi/assessment/{assessment.token}/plan/{plan.pk}/retry/")

    assert response.status_code == 302
    assert state(plan) == before


# --- Regenerate ---------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_regenerate_makes_a_second_plan_with_todays_rules(
    client, celery_worker, questionnaire, rules
):
    assessment = ready_assessment(questionnaire)
    first = latest_plan(assessment)
    make_rule("ec_new", "ecommerce", score_min=0, score_max=100, title_vi="Hành động mới")

    response = client.post(f"/en/assessment/{assessment.token}/plan/")

    assert response.status_code == 302
    assert response["Location"] == f"/en/assessment/{assessment.token}/results/#plan"
    second = latest_plan(assessment)
    assert second.pk != first.pk
    assert ActionPlan.objects.filter(assessment=assessment).count() == 2
    assert second.language == "en"
    assert "ec_new" in [a.rule for a in plan_actions(second)]
    first.refresh_from_db()
    assert "ec_new" not in [a.rule for a in plan_actions(first)]  # the old plan stays as it was
    assert wait_for_status(second, FINISHED) == "ready", second.error
    assert files_of(second) == [f"plan-{second.pk}.pdf"]
    assert files_of(first) == [f"plan-{first.pk}.pdf"]


@pytest.mark.django_db
def test_an_outsider_cannot_retry_or_regenerate_a_claimed_assessments_plan(questionnaire, rules):
    users = get_user_model().objects
    manager = users.create_user(username="quan.ly@example.vn", password="x-Mật-khẩu-1")
    outsider = users.create_user(username="nguoi.la@example.vn", password="x-Mật-khẩu-1")
    assessment = submitted_assessment(questionnaire)
    Membership.objects.create(user=manager, organisation=assessment.organisation)
    plan = latest_plan(assessment)
    ActionPlan.objects.filter(pk=plan.pk).update(
        status=ActionPlan.Status.FAILED, attempts=1, error="KeyError: 'horizon'"
    )
    before = state(plan)
    base = f"/vi/assessment/{assessment.token}/plan/"
    as_outsider = Client()
    as_outsider.force_login(outsider)

    assert as_outsider.post(f"{base}{plan.pk}/retry/").status_code == 404
    assert as_outsider.post(base).status_code == 404
    assert Client().post(base).status_code == 404  # the resume link alone is not enough
    assert state(plan) == before
    assert ActionPlan.objects.filter(assessment=assessment).count() == 1

    # The organisation's manager may do both.
    as_manager = Client()
    as_manager.force_login(manager)
    assert as_manager.post(f"{base}{plan.pk}/retry/").status_code == 302
    assert state(plan)[:3] == ("queued", 0, "")
    assert as_manager.post(base).status_code == 302
    assert ActionPlan.objects.filter(assessment=assessment).count() == 2

"""The real pipeline: submit → plan queued → a real Celery worker → a private PDF, exactly once."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from django.conf import settings
from django.db import connection
from django.test import override_settings

from recommendations.jobs import enqueue, sweep_stuck_plans
from recommendations.models import ActionPlan
from recommendations.plans import latest_plan
from recommendations.tasks import generate_action_plan
from tests.assessment.factories import OrganisationFactory

from .conftest import submitted_assessment

ROOT = Path(__file__).resolve().parents[2]


def wait_for_status(plan: ActionPlan, wanted: set[str], timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        plan.refresh_from_db()
        if plan.status in wanted:
            return plan.status
        time.sleep(0.1)
    plan.refresh_from_db()
    return plan.status


def files_of(plan: ActionPlan) -> list[str]:
    """The plan's files in private storage: ``plan-<pk>.pdf`` and any copy storage made of
    it by adding a suffix (``plan-1_AbC1234.pdf``); never another plan's (``plan-10.pdf``)."""
    root = Path(settings.STORAGES["private"]["OPTIONS"]["location"]) / "plans"
    if not root.exists():
        return []
    exact, suffixed = f"plan-{plan.pk}.pdf", f"plan-{plan.pk}_*.pdf"
    return sorted(p.name for p in [*root.glob(exact), *root.glob(suffixed)])


def test_files_of_counts_a_plans_copies_but_not_another_plans_file(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {**settings.STORAGES["private"], "OPTIONS": {"location": str(tmp_path)}},
    }
    plans = tmp_path / "plans"
    plans.mkdir()
    for name in ("plan-1.pdf", "plan-1_AbC1234.pdf", "plan-10.pdf", "plan-12_XyZ9876.pdf"):
        (plans / name).write_bytes(b"%PDF-")

    assert files_of(ActionPlan(pk=1)) == ["plan-1.pdf", "plan-1_AbC1234.pdf"]
    assert files_of(ActionPlan(pk=10)) == ["plan-10.pdf"]
    assert files_of(ActionPlan(pk=2)) == []


@pytest.mark.django_db(transaction=True)
def test_submit_to_downloaded_pdf_through_a_real_worker(
    client, celery_worker, questionnaire, rules
):
    from assessment.models import Assessment

    assessment = Assessment.objects.create(
        questionnaire=questionnaire, organisation=OrganisationFactory()
    )
    base = f"/vi/assessment/{assessment.token}"
    client.post(f"{base}/step/2/", {"q-ec_sells_online": "not_yet", "q-ec_website": "no"})
    client.post(f"{base}/step/3/", {"q-pay_qr": "1"})
    started = time.monotonic()
    response = client.post(f"{base}/submit/")
    assert response.status_code == 302

    plan = ActionPlan.objects.get(assessment=assessment)
    assert wait_for_status(plan, {"ready", "failed"}) == "ready", plan.error
    elapsed = time.monotonic() - started

    status = client.get(f"{base}/plan/{plan.pk}/status/").json()
    assert status["status"] == "ready"
    download = client.get(status["download_url"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Cache-Control"] == "private, no-store"
    assert "filename*=utf-8''Ke-hoach-hanh-dong" in download["Content-Disposition"]
    pdf = b"".join(download.streaming_content)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Mở gian hàng trên sàn thương mại điện tử" in text
    assert elapsed < 15


@pytest.mark.django_db(transaction=True)
def test_a_second_delivery_makes_no_second_file(celery_worker, questionnaire, rules):
    assessment = submitted_assessment(questionnaire)  # autocommit: its plan is enqueued at once
    plan = latest_plan(assessment)
    assert wait_for_status(plan, {"ready", "failed"}) == "ready"
    assert files_of(plan) == [f"plan-{plan.pk}.pdf"]

    # The same job delivered again; keep its result to see what the worker made of it.
    again = generate_action_plan.apply_async(args=[plan.pk], ignore_result=False)

    assert again.get(timeout=15) == "skipped"

    plan.refresh_from_db()
    assert plan.status == "ready"
    assert plan.attempts == 1
    assert files_of(plan) == [f"plan-{plan.pk}.pdf"]
    assert ActionPlan.objects.filter(assessment=assessment, status="ready").count() == 1


@pytest.mark.django_db(transaction=True)
def test_broker_down_at_submit_still_answers_and_the_sweep_catches_up(
    client, questionnaire, rules, celery_app_for_tests, broker_down
):
    from assessment.models import Assessment

    assessment = Assessment.objects.create(
        questionnaire=questionnaire, organisation=OrganisationFactory()
    )
    base = f"/en/assessment/{assessment.token}"
    client.post(f"{base}/step/2/", {"q-ec_sells_online": "not_yet", "q-ec_website": "no"})
    client.post(f"{base}/step/3/", {"q-pay_qr": "1"})

    response = client.post(f"{base}/submit/")
    results = client.get(response["Location"])

    assert response.status_code == 302
    assert results.status_code == 200
    assert "being prepared" in results.content.decode()
    plan = ActionPlan.objects.get(assessment=assessment)
    assert plan.status == "queued"

    broker_down()  # the broker comes back
    from celery.contrib.testing.worker import start_worker

    with (
        start_worker(celery_app_for_tests, pool="solo", perform_ping_check=False),
        override_settings(PLAN_QUEUED_GRACE_SECONDS=0),
    ):
        assert sweep_stuck_plans() == [plan.pk]
        assert wait_for_status(plan, {"ready", "failed"}) == "ready"
    assert ActionPlan.objects.filter(assessment=assessment).count() == 1


def test_enqueue_never_raises_when_the_broker_is_down(broker_down):
    assert enqueue(123456) is False


def start_subprocess_worker(
    extra_env: dict[str, str], app_module: str = "portal"
) -> subprocess.Popen:
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "PORTAL_TEST_VAR_DIR": str(settings.TEST_VAR_DIR),
        "DATABASE_URL": (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        ),
        **extra_env,
    }
    return subprocess.Popen(  # noqa: S603 - fixed interpreter and arguments
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            app_module,
            "worker",
            "--pool=prefork",
            "--concurrency=1",
            "--loglevel=WARNING",
            "--without-mingle",
            "--without-gossip",
            f"--hostname=fault-{os.getpid()}-{time.monotonic_ns()}@%h",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )


@pytest.mark.redis
@pytest.mark.skipif(
    not os.environ.get("REDIS_URL") or not os.environ.get("DATABASE_URL"),
    reason="needs Redis and PostgreSQL: CI's second pass runs it",
)
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_task_still_ends_with_exactly_one_ready_plan(questionnaire, rules):
    slow = start_subprocess_worker(
        {"TEST_RENDER_DELAY_SECONDS": "30", "PLAN_LEASE_SECONDS": "1"},
        app_module="tests.recommendations.slow_worker",
    )
    try:
        plan = latest_plan(submitted_assessment(questionnaire))  # submitting enqueues the plan
        assessment = plan.assessment
        assert wait_for_status(plan, {"running"}, timeout=60) == "running"
        os.killpg(slow.pid, signal.SIGKILL)  # the whole worker dies, mid-task
        slow.wait(timeout=10)
    finally:
        if slow.poll() is None:
            os.killpg(slow.pid, signal.SIGKILL)
    plan.refresh_from_db()
    assert plan.status == "running"

    healthy = start_subprocess_worker({})
    try:
        time.sleep(1.5)  # the dead worker's lease runs out
        assert sweep_stuck_plans() == [plan.pk]
        assert wait_for_status(plan, {"ready", "failed"}, timeout=60) == "ready", plan.error
    finally:
        os.killpg(healthy.pid, signal.SIGTERM)
        healthy.wait(timeout=30)
    assert plan.attempts == 2
    assert ActionPlan.objects.filter(assessment=assessment).count() == 1
    assert files_of(plan) == [f"plan-{plan.pk}.pdf"]


def test_enqueue_subscribes_to_no_result():
    # Nothing in a web process waits for a plan's task result (the plan's row says how it
    # went): sending a task must not subscribe to its result channel, as the Redis result
    # backend does for every task sent without ignore_result (and unsubscribes when the
    # result object is dropped): two Redis round trips per submit for nothing.
    from celery import current_app

    backend = current_app.backend
    if not hasattr(backend, "client"):
        pytest.skip("only the Redis result backend subscribes to results (second CI pass)")

    def subscribes() -> int:
        stats = backend.client.info("commandstats")
        return stats.get("cmdstat_subscribe", {}).get("calls", 0)

    before = subscribes()
    assert enqueue(123457)
    assert subscribes() == before

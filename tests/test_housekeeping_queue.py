"""Beat's jobs have a queue of their own, so a backlog of plans cannot starve them."""

from __future__ import annotations

import time

import pytest
from celery.contrib.testing.worker import start_worker

from portal.celery import app
from portal.models import Heartbeat
from portal.tasks import last_heartbeat
from recommendations.jobs import enqueue

BACKLOG = 150


def test_beats_jobs_are_routed_to_the_housekeeping_queue():
    route = app.amqp.router.route
    for task in (
        "recommendations.sweep_stuck_plans",
        "portal.tasks.heartbeat",
        "cms.tasks.publish_scheduled",
        "cms.tasks.send_review_digest",
    ):
        assert route({}, task)["queue"].name == "housekeeping", task
    assert route({}, "recommendations.generate_action_plan")["queue"].name == "celery"
    assert set(app.amqp.queues) == {"celery", "housekeeping"}  # a worker's default


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_runs_before_a_backlog_of_plan_jobs(celery_app_for_tests):
    Heartbeat.objects.all().delete()
    for missing_plan in range(10_000_000, 10_000_000 + BACKLOG):
        assert enqueue(missing_plan)  # each delivery finds no plan and is skipped
    app.send_task("portal.tasks.heartbeat")  # sent last, behind the whole backlog

    with start_worker(celery_app_for_tests, pool="solo", perform_ping_check=False):
        deadline = time.monotonic() + 60
        while last_heartbeat() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        with app.connection_for_read() as conn:
            left = conn.default_channel._size("celery")

    assert last_heartbeat() is not None
    assert left > BACKLOG // 2  # it ran while most of the backlog still waited

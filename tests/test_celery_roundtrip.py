"""A task enqueued after commit really travels through the broker to a worker."""

from __future__ import annotations

import time

from django.db import transaction

from portal.models import Heartbeat
from portal.tasks import heartbeat, last_heartbeat


def wait_for(predicate, timeout: float = 15.0, step: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return predicate()


def test_task_enqueued_on_commit_runs_on_a_real_worker(celery_worker):
    Heartbeat.objects.all().delete()

    with transaction.atomic():
        heartbeat.delay_on_commit()
        # The worker is idle and polling; nothing may reach it before the commit.
        time.sleep(0.5)
        assert last_heartbeat() is None

    assert wait_for(lambda: last_heartbeat()), "the worker never ran the task"


def test_rolled_back_transaction_enqueues_nothing(celery_worker):
    Heartbeat.objects.all().delete()

    try:
        with transaction.atomic():
            heartbeat.delay_on_commit()
            raise RuntimeError("roll back")
    except RuntimeError:
        pass

    time.sleep(1.0)
    assert last_heartbeat() is None


def test_result_comes_back_through_the_result_backend(celery_worker):
    result = heartbeat.apply_async(ignore_result=False)

    assert result.get(timeout=15)

"""A Celery app for fault tests: the real worker, with rendering slowed down.

Start it with ``celery -A tests.recommendations.slow_worker worker`` and
``TEST_RENDER_DELAY_SECONDS`` set. The delay is injected here, around the task's render
step (after the plan was claimed), so production code carries no test-only pause.
"""

from __future__ import annotations

import os
import time

from celery.signals import worker_process_init

from portal.celery import app

__all__ = ["app"]

DELAY = float(os.environ.get("TEST_RENDER_DELAY_SECONDS", "0") or 0)


def _slow_down() -> None:
    from recommendations import tasks

    render = tasks.render_plan

    def slow_render(plan):
        time.sleep(DELAY)
        return render(plan)

    tasks.render_plan = slow_render


@worker_process_init.connect
def _install(**_kwargs: object) -> None:
    # In each pool process, once Django is set up and the task module is imported.
    if DELAY:
        import django

        django.setup()
        _slow_down()

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from celery.contrib.testing.worker import start_worker

from django.conf import settings

from portal.celery import app as celery_app
from portal.celery import ensure_broker_folders


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    # Each run keeps its database, broker and files under var/test/<pid>/.
    shutil.rmtree(settings.TEST_VAR_DIR, ignore_errors=True)


@pytest.fixture(scope="session")
def celery_app_for_tests():
    """The project's own Celery app, on the broker of this run (filesystem or Redis)."""
    ensure_broker_folders()
    # Registers the `celery.ping` task start_worker uses to know the worker is up.
    import celery.contrib.testing.tasks  # noqa: F401

    return celery_app


@pytest.fixture
def celery_worker(celery_app_for_tests, transactional_db) -> Iterator[object]:
    """A real Celery worker consuming from the real broker in a thread of this process.

    Tests that use it need committed data (the worker has its own database
    connection), hence ``transactional_db``.
    """
    with start_worker(
        celery_app_for_tests,
        pool="solo",
        perform_ping_check=True,
        ping_task_timeout=20,
        shutdown_timeout=20,
    ) as worker:
        yield worker

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from celery.contrib.testing.worker import start_worker
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from kombu import pools as kombu_pools

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import translation

from assessment.structure import forget_structures
from cms.content import new_content_version
from portal.celery import app as celery_app
from portal.celery import ensure_broker_folders

# Hypothesis times each example (200 ms deadline) and its input generation (the "too slow"
# health check) by the wall clock; on a shared machine a stall of a second fails a property
# that holds (seen in CI). The properties are checked; their speed is the benches' business.
hypothesis_settings.register_profile(
    "portal", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("portal")


@pytest.fixture(autouse=True)
def _fresh_content_caches() -> Iterator[None]:
    """Each test starts with no content derived from an earlier test's (rolled back)
    database: a new content version, and no questionnaire structure in memory."""
    new_content_version()
    forget_structures()
    # A transactional test (the browser journeys) flushes the tables and the content types
    # are made again with new ids: ids cached in this process would then point nowhere
    # (Wagtail's reference index writes them, and SQLite refuses the commit).
    ContentType.objects.clear_cache()
    yield


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts in the portal's default language: a request to an /en/ page
    leaves English active in the thread (LocaleMiddleware activates, never deactivates),
    and a later test's ``reverse()`` would otherwise give English addresses."""
    translation.activate(settings.LANGUAGE_CODE)
    yield


@pytest.fixture(autouse=True)
def _no_files_left_behind() -> Iterator[None]:
    """Files a test stored (plans, paper forms) go with it, as its database rows do: ids
    are reused after a rollback, so a later test's plan would otherwise find an earlier
    test's file under its own name."""
    yield
    for alias in ("default", "private"):
        location = settings.STORAGES[alias].get("OPTIONS", {}).get("location")
        if location and str(location).startswith(str(settings.TEST_VAR_DIR)):
            shutil.rmtree(location, ignore_errors=True)


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


def _reset_celery_pools() -> None:
    """Forget pooled broker connections, which remember the URL they were made for."""
    kombu_pools.reset()  # closes and forgets every pool, so new ones use the current URL
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    # The control mailbox (worker pings) caches its producer pool too.
    celery_app.control.mailbox.__dict__.pop("producer_pool", None)


@pytest.fixture
def broker_down():
    """Point the Celery app at a port where nothing listens, as when Redis is down.

    Yields a function that brings the broker back (also called at teardown).
    """
    original = celery_app.conf.broker_url

    def restore() -> None:
        celery_app.conf.broker_url = original
        _reset_celery_pools()

    celery_app.conf.broker_url = "redis://127.0.0.1:9/0"
    _reset_celery_pools()
    try:
        yield restore
    finally:
        restore()


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


@pytest.fixture
def admin_client(client, admin_user):
    """pytest-django's ``admin_client``, signed in with the second step superusers need
    (tests/two_factor.py): through the real code page, not around it."""
    from tests.two_factor import sign_in_with_code

    sign_in_with_code(client, admin_user)
    return client

"""GET /healthz tells the truth in each fault state, within a second.

Everyone gets only ``{"ok": …}``; operators (a token, or a direct call from an internal
address) get every check. 503 exactly when users would meet errors or wait for ever.
"""

from __future__ import annotations

import os
import socket
import time
from datetime import timedelta

import pytest

from django.db import connections
from django.utils import timezone

from portal.celery import app as celery_app
from portal.models import Heartbeat
from recommendations.models import ActionPlan
from recommendations.plans import latest_plan
from tests.assessment.factories import build_questionnaire
from tests.conftest import _reset_celery_pools
from tests.recommendations.conftest import SHAPE, submitted_assessment
from tests.recommendations.test_pipeline import wait_for_status

# Checks run in threads with their own connections: the data must be committed.
pytestmark = pytest.mark.django_db(transaction=True)

PUBLIC = {"REMOTE_ADDR": "203.0.113.7"}  # an address on the internet


def beat_alive(seconds_ago: float = 5) -> None:
    Heartbeat.objects.update_or_create(
        name="beat", defaults={"at": timezone.now() - timedelta(seconds=seconds_ago)}
    )


def details(client, **extra):
    response = client.get("/healthz", **extra)
    body = response.json()
    assert body["seconds"] <= 1.0  # every check within the deadline, together
    return response.status_code, body


def failing(body) -> list[str]:
    return sorted(name for name, check in body["checks"].items() if not check["ok"])


# --- Who sees what -------------------------------------------------------------------------------


def test_the_public_gets_only_ok_or_not_ok(client, broker_down):
    response = client.get("/healthz", **PUBLIC)

    assert response.status_code == 503
    assert response.json() == {"ok": False}
    assert b"127.0.0.1" not in response.content


def test_a_proxied_request_from_loopback_is_public(client, broker_down):
    response = client.get("/healthz", HTTP_X_FORWARDED_FOR="203.0.113.7")

    assert response.json() == {"ok": False}


def test_the_token_shows_the_checks_to_an_outside_operator(client, settings, broker_down):
    settings.HEALTHZ_TOKEN = "s3cret-probe-token"

    wrong = client.get("/healthz", HTTP_X_HEALTHZ_TOKEN="guess", **PUBLIC)
    right = client.get("/healthz", HTTP_X_HEALTHZ_TOKEN="s3cret-probe-token", **PUBLIC)

    assert wrong.json() == {"ok": False}
    assert right.status_code == 503
    assert right.json()["checks"]["broker"]["ok"] is False


def test_an_internal_caller_sees_the_checks(client, settings, broker_down):
    settings.HEALTHZ_INTERNAL_NETWORKS = ["10.0.0.0/8"]

    response = client.get("/healthz", REMOTE_ADDR="10.1.2.3")

    assert set(response.json()["checks"]) == {
        "database",
        "broker",
        "worker",
        "beat",
        "cache",
        "storage",
        "plans",
    }


def test_only_get_is_allowed(client):
    assert client.post("/healthz").status_code == 405


# --- One test per fault state ------------------------------------------------------------------


def test_all_healthy_is_200_with_every_check_ok(client, celery_worker):
    beat_alive()

    status, body = details(client)

    assert status == 200, body
    assert failing(body) == []
    assert body["degraded"] is False
    assert body["checks"]["beat"]["data"]["age_seconds"] < 60
    assert body["checks"]["plans"]["data"] == {"queued_plans": 0, "oldest_queued_seconds": 0.0}
    assert set(body["checks"]["broker"]["data"]["queued_messages"]) == {"celery", "housekeeping"}
    assert client.get("/healthz", **PUBLIC).json() == {"ok": True}


def test_broker_down_is_503_and_blames_the_broker(client, broker_down):
    beat_alive()

    status, body = details(client)

    assert status == 503
    assert "broker" in failing(body)
    assert "Connection refused" in body["checks"]["broker"]["detail"]
    assert body["checks"]["database"]["ok"] is True


def test_no_worker_is_503_within_a_second(client):
    beat_alive()

    status, body = details(client)

    assert status == 503
    assert failing(body) == ["worker"]
    assert body["checks"]["worker"]["detail"] == "no worker answered"


def test_a_slow_broker_connection_still_says_no_worker_in_time(client, monkeypatch):
    """The ping's wait is what is left of the check's time, not a fixed wait after the
    connection (0.15 s for each connection used to push the check past the deadline)."""
    from kombu import Connection

    _reset_celery_pools()  # every connection is made afresh, slowly
    connect = Connection._connection_factory

    def slow_connect(self):
        time.sleep(0.15)
        return connect(self)

    monkeypatch.setattr(Connection, "_connection_factory", slow_connect)
    beat_alive()

    status, body = details(client)

    assert status == 503
    assert body["checks"]["worker"]["detail"] == "no worker answered"


def test_beat_dead_is_503(client, celery_worker):
    beat_alive(seconds_ago=210)  # 3.5 minutes: what the fault review saw

    status, body = details(client)

    assert status == 503
    assert failing(body) == ["beat"]
    assert body["checks"]["beat"]["data"]["age_seconds"] >= 210


def test_cache_down_is_200_but_degraded(client, celery_worker, settings):
    beat_alive()
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.ForgivingRedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.25, "SOCKET_TIMEOUT": 0.25},
        }
    }

    status, body = details(client)

    assert status == 200  # pages work without the cache (tests/test_cache_down.py)
    assert failing(body) == ["cache"]
    assert body["degraded"] is True
    assert body["checks"]["cache"]["required"] is False


def test_storage_unwritable_is_503(client, celery_worker, settings, tmp_path):
    beat_alive()
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the plans folder should be")
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(blocked), "base_url": None},
        },
    }

    status, body = details(client)

    assert status == 503
    assert failing(body) == ["storage"]


def point_new_connections_at(monkeypatch, **changes) -> None:
    """Connections opened from now on (each check opens its own) use these settings."""
    monkeypatch.setitem(
        connections.settings, "default", {**connections["default"].settings_dict, **changes}
    )


@pytest.fixture
def database_unreachable(monkeypatch, tmp_path):
    """The database as a check meets it when it is down: a real failing connection."""
    if connections["default"].vendor == "sqlite":
        # A database file in a folder that does not exist: SQLite cannot open it.
        point_new_connections_at(monkeypatch, NAME=str(tmp_path / "gone" / "portal.sqlite3"))
        return
    with socket.socket() as probe:  # a port nothing listens on: connection refused
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    point_new_connections_at(monkeypatch, HOST="127.0.0.1", PORT=str(port))


def test_database_down_is_503_and_blames_the_database(client, database_unreachable):
    status, body = details(client)

    assert status == 503
    assert "database" in failing(body)
    assert body["checks"]["database"]["detail"].startswith("OperationalError: ")
    assert client.get("/healthz", **PUBLIC).json() == {"ok": False}


@pytest.mark.skipif(
    connections["default"].vendor == "sqlite", reason="a database server that does not answer"
)
def test_a_database_that_does_not_answer_is_503_within_the_deadline(client, monkeypatch):
    with socket.socket() as silent:  # accepts the connection (backlog), never says a word
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        point_new_connections_at(monkeypatch, HOST="127.0.0.1", PORT=str(silent.getsockname()[1]))

        status, body = details(client)

    assert status == 503
    assert body["checks"]["database"]["ok"] is False
    assert body["checks"]["database"]["detail"].startswith("timed out after")


@pytest.mark.skipif(bool(os.environ.get("REDIS_URL")), reason="the embedded broker's folders")
def test_embedded_queue_folder_unwritable_blames_the_broker(client, tmp_path):
    beat_alive()
    options = celery_app.conf.broker_transport_options
    gone = {**options, "data_folder_out": str(tmp_path / "missing" / "queue")}
    celery_app.conf.broker_transport_options = gone
    _reset_celery_pools()
    try:
        status, body = details(client)
    finally:
        celery_app.conf.broker_transport_options = options
        _reset_celery_pools()

    assert status == 503
    assert "broker" in failing(body)
    assert "FileNotFoundError" in body["checks"]["broker"]["detail"]


def test_a_plan_waiting_too_long_is_503(client, celery_worker):
    beat_alive()
    assessment = submitted_assessment(build_questionnaire(SHAPE))
    assert wait_for_status(latest_plan(assessment), {"ready", "failed"}) != "queued"
    # A plan whose message was lost ten minutes ago (never sent here).
    ActionPlan.objects.create(
        assessment=assessment, queued_at=timezone.now() - timedelta(minutes=10)
    )

    status, body = details(client)

    assert status == 503
    assert failing(body) == ["plans"]
    assert body["checks"]["plans"]["data"]["oldest_queued_seconds"] >= 600

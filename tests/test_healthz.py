"""GET /healthz: 200 only when the database, the broker and a worker all answer."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_reports_503_when_the_broker_is_unreachable(client, broker_down):
    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["ok"] is False
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["broker"]["ok"] is False
    assert body["checks"]["worker"]["ok"] is False


def test_reports_503_when_no_worker_answers(client, settings):
    settings.HEALTHZ_WORKER_TIMEOUT = 0.5

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["checks"]["broker"]["ok"] is True
    assert body["checks"]["worker"] == {"ok": False, "detail": "no worker answered"}


def test_reports_200_with_a_live_worker(client, celery_worker):
    response = client.get("/healthz")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["ok"] is True
    assert all(check["ok"] for check in body["checks"].values())
    assert response["Cache-Control"].startswith("max-age=0")


def test_only_get_is_allowed(client):
    assert client.post("/healthz").status_code == 405

"""With the cache's Redis down, every page still answers: the cache is optional at run time.

The cache points at a port where nothing listens (as when its Redis is stopped); the
respondent's whole journey (home, start, profile, every step, submit, results) must
answer without a server error, and the log gets one warning, not one per lookup.
"""

from __future__ import annotations

import logging

import pytest

from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from tests.assessment.test_flow import answer_every_step, start

pytestmark = pytest.mark.django_db

CLOSED_PORT_CACHE = {
    "default": {
        "BACKEND": "portal.cache.ForgivingRedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing listens
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.25, "SOCKET_TIMEOUT": 0.25},
    }
}


@pytest.fixture
def seeded():
    call_command("seed_demo", admin_password="demo-pass-123", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture
def cache_down(settings):
    settings.CACHES = CLOSED_PORT_CACHE  # Django resets its cache handlers on this change


def test_the_whole_journey_answers_while_the_cache_is_down(client, seeded, cache_down, caplog):
    caplog.set_level(logging.WARNING, logger="portal.cache")
    client.raise_request_exception = False  # see the 500 a user would get, not a traceback

    assert client.get("/vi/").status_code == 200
    assert client.get("/en/").status_code == 200
    assert client.get("/vi/assessment/").status_code == 200
    assessment = start(client)
    answer_every_step(client, assessment, "enterprise")
    assert client.get(f"/vi/assessment/{assessment.token}/check/").status_code == 200
    submitted = client.post(f"/vi/assessment/{assessment.token}/submit/")
    assert submitted.status_code == 302
    results = client.get(submitted["Location"])

    assert results.status_code == 200
    assert "data-status=" in results.content.decode()
    warnings = [r for r in caplog.records if r.name == "portal.cache"]
    assert len(warnings) == 1
    assert "Cache unavailable" in warnings[0].getMessage()
    assert "ConnectionError" in warnings[0].getMessage()


def test_reads_are_misses_and_writes_are_dropped_while_the_cache_is_down(cache_down):
    assert cache.set("k", "v") is None
    assert cache.get("k", "fallback") == "fallback"
    assert cache.get_many(["k", "j"]) == {}
    assert cache.add("k", "v") is None
    assert cache.delete("k") is None


def test_a_fresh_client_still_gets_the_start_page(seeded, cache_down):
    client = Client(raise_request_exception=False)

    assert client.get("/vi/assessment/").status_code == 200

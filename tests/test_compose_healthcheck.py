"""docker-compose.yml's web healthcheck passes against production's ALLOWED_HOSTS.

The review saw it get 400 (DisallowedHost): it called 127.0.0.1, a host production does
not allow. Here the very command from the compose file runs against a live server that
allows only the public host name.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from django.utils import timezone

from portal.models import Heartbeat

ROOT = Path(__file__).resolve().parents[1]


def healthcheck_command() -> list[str]:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    test = compose["services"]["web"]["healthcheck"]["test"]
    assert test[:3] == ["CMD", "python", "-c"]
    return [sys.executable, "-c", test[3]]


@pytest.mark.django_db(transaction=True)
def test_the_compose_healthcheck_passes_with_production_allowed_hosts(
    live_server, celery_worker, settings
):
    settings.ALLOWED_HOSTS = ["dtt.example.gov.vn"]
    Heartbeat.objects.create(name="beat", at=timezone.now() - timedelta(seconds=5))
    port = str(urlsplit(live_server.url).port)
    env = {**os.environ, "DJANGO_ALLOWED_HOSTS": "dtt.example.gov.vn", "PORT": port}

    healthy = subprocess.run(healthcheck_command(), env=env, capture_output=True, timeout=30)  # noqa: S603

    assert healthy.returncode == 0, healthy.stderr.decode()[-2000:]

    Heartbeat.objects.filter(name="beat").update(at=timezone.now() - timedelta(hours=1))
    unhealthy = subprocess.run(healthcheck_command(), env=env, capture_output=True, timeout=30)  # noqa: S603

    assert unhealthy.returncode == 1
    assert b"503" in unhealthy.stderr  # refused for being unhealthy, not for its Host

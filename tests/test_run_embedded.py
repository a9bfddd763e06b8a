"""`make run` (bin/run-embedded) keeps itself up: a killed worker or beat is started
again, and the web server keeps answering meanwhile."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - local URL
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return 0


def wait_until(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.25)
    return False


def pid_in(path: Path) -> int | None:
    try:
        return int(path.read_text().strip())
    except (OSError, ValueError):
        return None


@pytest.fixture
def embedded(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "REDIS_CACHE_URL", "DATABASE_TEST_NAME"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.dev",
        PORTAL_VAR_DIR=str(tmp_path / "var"),
        PYTHON=sys.executable,
        PORT=str(free_port()),
        DEMO_ADMIN_PASSWORD="demo-pass-123",
    )
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )
    process = subprocess.Popen(  # noqa: S603 - the project's own script
        [str(ROOT / "bin" / "run-embedded")],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield f"http://127.0.0.1:{env['PORT']}", tmp_path / "var" / "run"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def test_a_killed_worker_and_beat_come_back_and_the_web_stays_up(embedded):
    base, run = embedded
    assert wait_until(lambda: status_of(f"{base}/vi/") == 200, 180), "the portal never came up"
    assert wait_until(lambda: status_of(f"{base}/healthz") in (200, 503), 30)
    worker, beat = pid_in(run / "worker.pid"), pid_in(run / "beat.pid")
    assert worker and beat

    os.kill(worker, signal.SIGKILL)
    os.kill(beat, signal.SIGKILL)

    assert status_of(f"{base}/vi/") == 200  # the web server did not go down with them
    assert wait_until(lambda: pid_in(run / "worker.pid") not in (None, worker), 30)
    assert wait_until(lambda: pid_in(run / "beat.pid") not in (None, beat), 30)
    new_worker = pid_in(run / "worker.pid")
    os.kill(new_worker, 0)  # alive
    assert status_of(f"{base}/vi/") == 200

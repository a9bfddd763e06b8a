"""The embedded broker keeps a message until it is acknowledged, as Redis does.

A consumer killed before acknowledging must not take its message with it: the next
consumer to poll gets it again.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

from kombu import Connection, Queue

from portal import broker

ROOT = Path(__file__).resolve().parents[1]


def options(folder: Path) -> dict[str, object]:
    for name in ("queue", "control", "processed", "staging", "unacked"):
        (folder / name).mkdir(exist_ok=True)
    return {
        "data_folder_in": str(folder / "queue"),
        "data_folder_out": str(folder / "queue"),
        "control_folder": str(folder / "control"),
        "processed_folder": str(folder / "processed"),
        "staging_folder": str(folder / "staging"),
        "polling_interval": 0.01,
    }


def connection(folder: Path) -> Connection:
    broker.register()
    return Connection(f"{broker.SCHEME}://", transport_options=options(folder))


def publish(folder: Path, body: dict) -> None:
    queue = Queue("jobs", routing_key="jobs")
    with connection(folder) as conn:
        conn.Producer().publish(body, routing_key="jobs", declare=[queue])


def files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)).split("/")[0] for p in folder.rglob("*.msg"))


CONSUME_AND_DIE = """
import os, signal, sys, json
from kombu import Connection
from portal import broker
broker.register()
opts = json.loads(sys.argv[1])
with Connection("atomicfs://", transport_options=opts) as conn:
    message = conn.SimpleQueue("jobs").get(timeout=10)
    print(json.dumps(message.payload), flush=True)
    os.kill(os.getpid(), signal.SIGKILL)  # dies before acknowledging
"""


def test_a_consumer_killed_before_acknowledging_does_not_lose_the_message(tmp_path):
    publish(tmp_path, {"plan": 7})
    dying = subprocess.run(  # noqa: S603 - fixed interpreter and script
        [sys.executable, "-c", CONSUME_AND_DIE, json.dumps(options(tmp_path))],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert dying.returncode == -signal.SIGKILL
    assert json.loads(dying.stdout) == {"plan": 7}
    assert files(tmp_path) == ["unacked"]  # held for the dead consumer, not deleted

    with connection(tmp_path) as conn:
        message = conn.SimpleQueue("jobs").get(timeout=10)
        assert message.payload == {"plan": 7}
        assert files(tmp_path) == ["unacked"]
        message.ack()

    assert files(tmp_path) == []


def test_an_acknowledged_message_is_gone_and_a_rejected_one_comes_back(tmp_path):
    publish(tmp_path, {"n": 1})
    with connection(tmp_path) as conn:
        queue = conn.SimpleQueue("jobs")
        first = queue.get(timeout=10)
        first.reject(requeue=True)
        assert files(tmp_path) == ["queue"]
        again = queue.get(timeout=10)
        assert again.payload == {"n": 1}
        again.ack()

    assert files(tmp_path) == []


def test_a_live_consumers_messages_are_left_alone(tmp_path):
    publish(tmp_path, {"n": 1})
    with connection(tmp_path) as holder, connection(tmp_path) as other:
        held = holder.SimpleQueue("jobs").get(timeout=10)
        assert broker.restore_orphans(str(tmp_path / "unacked"), str(tmp_path / "queue")) == 0
        other_queue = other.SimpleQueue("jobs")
        try:
            other_queue.get(timeout=1.5)
            raise AssertionError("a message held by a live consumer was delivered twice")
        except other_queue.Empty:
            pass
        held.ack()
    assert files(tmp_path) == []


def test_a_failed_publish_leaves_no_staging_file(tmp_path):
    (tmp_path / "queue").mkdir()
    with connection(tmp_path) as conn:
        (tmp_path / "queue").rmdir()  # the queue folder is gone: the rename fails
        try:
            conn.default_channel._put("jobs", {"n": 1})
            raise AssertionError("publishing into a missing folder succeeded")
        except broker.filesystem.ChannelError:
            pass

    assert list((tmp_path / "staging").iterdir()) == []

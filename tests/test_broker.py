"""The embedded broker never hands a consumer a half-written message."""

from __future__ import annotations

import threading

import pytest
from kombu import Connection, Queue

from portal import broker


def connection_for(folder, transport: str) -> Connection:
    options = {
        "data_folder_in": str(folder / "queue"),
        "data_folder_out": str(folder / "queue"),
        "control_folder": str(folder / "control"),
        "processed_folder": str(folder / "processed"),
        "staging_folder": str(folder / "staging"),
        "polling_interval": 0.001,
    }
    for key in ("data_folder_in", "control_folder", "processed_folder", "staging_folder"):
        (folder / options[key].rsplit("/", 1)[-1]).mkdir(exist_ok=True)
    return Connection(f"{transport}://", transport_options=options)


def test_the_scheme_resolves_to_the_atomic_transport(tmp_path):
    broker.register()
    with connection_for(tmp_path, broker.SCHEME) as conn:
        assert conn.transport_cls == broker.SCHEME
        assert isinstance(conn.transport, broker.Transport)


@pytest.mark.parametrize("messages", [400])
def test_a_busy_consumer_reads_every_message_whole(tmp_path, messages):
    broker.register()
    queue = Queue("stress", routing_key="stress")
    received: list[dict] = []
    errors: list[BaseException] = []

    def produce() -> None:
        with connection_for(tmp_path, broker.SCHEME) as conn:
            producer = conn.Producer()
            for number in range(messages):
                producer.publish(
                    {"n": number, "padding": "x" * 2000}, routing_key="stress", declare=[queue]
                )

    def consume() -> None:
        try:
            with connection_for(tmp_path, broker.SCHEME) as conn:
                simple = conn.SimpleQueue(queue)
                while len(received) < messages:
                    message = simple.get(timeout=10)
                    received.append(message.payload)
                    message.ack()
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    consumer = threading.Thread(target=consume)
    consumer.start()
    produce()
    consumer.join(timeout=60)

    assert not errors, errors
    assert sorted(item["n"] for item in received) == list(range(messages))
    assert not list((tmp_path / "staging").iterdir())


def test_a_message_appears_in_the_queue_folder_only_once_complete(tmp_path, monkeypatch):
    """kombu's own transport creates the file first and fills it after, which a consumer
    can read as an empty message; here the queue folder is empty while the message is
    being written."""
    broker.register()
    seen_while_writing: list[list[str]] = []
    original_dumps = broker.dumps

    def watching_dumps(payload):
        seen_while_writing.append(sorted(p.name for p in (tmp_path / "queue").iterdir()))
        return original_dumps(payload)

    monkeypatch.setattr(broker, "dumps", watching_dumps)
    with connection_for(tmp_path, broker.SCHEME) as conn:
        conn.default_channel._put("stress", {"n": 1})

    assert seen_while_writing == [[]]
    assert [p.name.endswith(".stress.msg") for p in (tmp_path / "queue").iterdir()] == [True]

"""The embedded default's broker: kombu's filesystem transport, with atomic writes.

kombu's filesystem transport creates a message file in the queue folder and then
writes into it, while a consumer may already be moving and reading that same file:
it then reads an empty payload and the worker stops with a JSON decode error (seen in
this project's CI). Here a message is written in full beside the queue folder and
renamed into it, so a consumer only ever sees complete messages.

It also keeps a message until it is acknowledged. kombu's transport deletes the file
the moment a consumer reads it, so a worker killed mid-task lost its job. Here a read
moves the file into ``unacked/<consumer pid>/``; the acknowledgement deletes it, a
rejection puts it back. A consumer that finds the folder of a process that no longer
exists moves those messages back into the queue: a killed worker's job is delivered
again as soon as any worker polls (at-least-once, like Redis; the plan's claim makes a
second delivery harmless).

Registered as the URL scheme ``atomicfs://`` (see ``portal/celery.py``).
"""

from __future__ import annotations

import contextlib
import os
import time
import uuid
from time import monotonic
from typing import Any

from kombu.transport import TRANSPORT_ALIASES, filesystem
from kombu.transport.virtual import Empty
from kombu.utils.encoding import bytes_to_str, str_to_bytes
from kombu.utils.json import dumps, loads

SCHEME = "atomicfs"
# Where the file of a delivered, not yet acknowledged message is (in its properties).
UNACKED_KEY = "x-atomicfs-unacked"
# How often a consumer looks for messages held by consumers that died, in seconds.
RESTORE_EVERY = 1.0


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    return True


class Channel(filesystem.Channel):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._no_ack_queues: set[str] = set()
        self._last_restore = -RESTORE_EVERY

    def _put(self, queue: str, payload: dict, **kwargs: object) -> None:
        """Write the message to a staging folder, then rename it into the queue folder."""
        payload.get("properties", {}).pop(UNACKED_KEY, None)  # a restored message
        name = f"{round(monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg"
        staging = self.staging_folder
        os.makedirs(staging, exist_ok=True)
        partial = os.path.join(staging, name)
        try:
            with open(partial, "wb") as handle:
                handle.write(str_to_bytes(dumps(payload)))
                handle.flush()
                os.fsync(handle.fileno())  # an acknowledged request survives a power cut
            os.replace(partial, os.path.join(self.data_folder_out, name))
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.remove(partial)  # no orphans in the staging folder
            raise filesystem.ChannelError(f"Cannot add {name!r} to the queue folder") from exc

    def basic_consume(self, queue: str, no_ack: bool, *args: Any, **kwargs: Any) -> Any:
        if no_ack:  # replies and broadcasts: nobody will acknowledge them
            self._no_ack_queues.add(queue)
        return super().basic_consume(queue, no_ack, *args, **kwargs)

    def _get(self, queue: str) -> dict:
        """Take the oldest message of ``queue``, keeping its file until it is acknowledged."""
        if queue in self._no_ack_queues:
            return super()._get(queue)
        self._restore_orphans()
        suffix = f".{queue}.msg"
        held = self._held_folder()
        for filename in sorted(os.listdir(self.data_folder_in)):
            if filename.partition(".")[2] != suffix[1:]:
                continue
            path = os.path.join(held, filename)
            try:
                os.makedirs(held, exist_ok=True)
                os.rename(os.path.join(self.data_folder_in, filename), path)
            except OSError:
                continue  # another consumer took it first
            try:
                with open(path, "rb") as handle:
                    payload = loads(bytes_to_str(handle.read()))
            except OSError as exc:
                raise filesystem.ChannelError(f"Cannot read {path!r}") from exc
            payload.setdefault("properties", {})[UNACKED_KEY] = path
            return payload
        raise Empty()

    def _forget(self, delivery_tag: Any) -> None:
        message = self.qos._delivered.get(delivery_tag)
        path = getattr(message, "properties", {}).get(UNACKED_KEY) if message else None
        if path:
            with contextlib.suppress(FileNotFoundError):
                os.remove(path)

    def basic_ack(self, delivery_tag: Any, multiple: bool = False) -> None:
        self._forget(delivery_tag)
        super().basic_ack(delivery_tag, multiple)

    def basic_reject(self, delivery_tag: Any, requeue: bool = False) -> None:
        # With requeue, kombu writes the message back to the queue first (_restore).
        path = None
        message = self.qos._delivered.get(delivery_tag)
        if message is not None:
            path = message.properties.get(UNACKED_KEY)
        super().basic_reject(delivery_tag, requeue=requeue)
        if path:
            with contextlib.suppress(FileNotFoundError):
                os.remove(path)

    def _restore(self, message: Any) -> None:
        """Put a message back (rejected, or left unacknowledged at shutdown)."""
        path = message.properties.get(UNACKED_KEY)
        super()._restore(message)
        if path:
            with contextlib.suppress(FileNotFoundError):
                os.remove(path)

    def _held_folder(self) -> str:
        return os.path.join(self.unacked_folder, str(os.getpid()))

    def _restore_orphans(self) -> None:
        """Move messages held by consumers that died back into the queue folder."""
        now = monotonic()
        if now - self._last_restore < RESTORE_EVERY:
            return
        self._last_restore = now
        restore_orphans(self.unacked_folder, self.data_folder_in)

    @property
    def unacked_folder(self) -> str:
        return self.transport_options.get(
            "unacked_folder", os.path.join(os.path.dirname(self.data_folder_in), "unacked")
        )

    @property
    def staging_folder(self) -> str:
        return self.transport_options.get(
            "staging_folder", os.path.join(os.path.dirname(self.data_folder_out), "staging")
        )


def restore_orphans(unacked_folder: str, queue_folder: str) -> int:
    """Return the messages of dead consumers to the queue, keeping their names (and order)."""
    try:
        holders = os.listdir(unacked_folder)
    except FileNotFoundError:
        return 0
    restored = 0
    for holder in holders:
        if not holder.isdigit() or _alive(int(holder)):
            continue
        folder = os.path.join(unacked_folder, holder)
        for filename in os.listdir(folder):
            with contextlib.suppress(OSError):
                os.rename(os.path.join(folder, filename), os.path.join(queue_folder, filename))
                restored += 1
        with contextlib.suppress(OSError):
            os.rmdir(folder)
    return restored


def clean_staging(staging_folder: str, older_than: float = 60.0) -> int:
    """Delete half-written messages left by a publisher that failed or was killed."""
    removed = 0
    cutoff = time.time() - older_than
    with contextlib.suppress(FileNotFoundError):
        for entry in os.scandir(staging_folder):
            with contextlib.suppress(OSError):
                if entry.stat().st_mtime < cutoff:
                    os.remove(entry.path)
                    removed += 1
    return removed


class Transport(filesystem.Transport):
    Channel = Channel
    driver_type = driver_name = SCHEME


def register() -> None:
    """Make ``atomicfs://`` resolve to this transport in kombu."""
    TRANSPORT_ALIASES.setdefault(SCHEME, f"{__name__}:Transport")

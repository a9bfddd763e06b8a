"""The embedded default's broker: kombu's filesystem transport, with atomic writes.

kombu's filesystem transport creates a message file in the queue folder and then
writes into it, while a consumer may already be moving and reading that same file:
it then reads an empty payload and the worker stops with a JSON decode error (seen in
this project's CI). Here a message is written in full beside the queue folder and
renamed into it, so a consumer only ever sees complete messages.

Registered as the URL scheme ``atomicfs://`` (see ``portal/celery.py``).
"""

from __future__ import annotations

import os
import uuid
from time import monotonic

from kombu.transport import TRANSPORT_ALIASES, filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps

SCHEME = "atomicfs"


class Channel(filesystem.Channel):
    def _put(self, queue: str, payload: dict, **kwargs: object) -> None:
        """Write the message to a staging folder, then rename it into the queue folder."""
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
            raise filesystem.ChannelError(f"Cannot add {name!r} to the queue folder") from exc

    @property
    def staging_folder(self) -> str:
        return self.transport_options.get(
            "staging_folder", os.path.join(os.path.dirname(self.data_folder_out), "staging")
        )


class Transport(filesystem.Transport):
    Channel = Channel
    driver_type = driver_name = SCHEME


def register() -> None:
    """Make ``atomicfs://`` resolve to this transport in kombu."""
    TRANSPORT_ALIASES.setdefault(SCHEME, f"{__name__}:Transport")

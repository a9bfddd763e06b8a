"""Django's PostgreSQL backend, with a cheaper check of a kept connection.

With ``CONN_HEALTH_CHECKS`` Django runs ``SELECT 1`` before the first query of every
request on a persistent connection: a round trip of ~0.2 ms on each of the flow's requests.
A connection the server ended (a restart, ``pg_terminate_backend``, an idle timeout) has
its socket readable: the server's last message and the end of the stream are waiting on
it. So an idle connection whose socket has nothing to read is kept without asking, and
only one with something to read (or in any state but idle) gets Django's own check.
"""

from __future__ import annotations

import select

from psycopg.pq import TransactionStatus

from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self) -> bool:
        connection = self.connection
        if connection is None or connection.closed or connection.broken:
            return False
        if connection.info.transaction_status != TransactionStatus.IDLE:
            return super().is_usable()
        try:
            readable, _, _ = select.select([connection.fileno()], [], [], 0)
        except (OSError, ValueError):
            return False
        return not readable or super().is_usable()

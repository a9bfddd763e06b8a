"""A kept PostgreSQL connection is checked at each request without a round trip, and one
the server ended is replaced before the request's first query (portal.db.postgresql)."""

from __future__ import annotations

import time
from unittest import mock

import psycopg
import pytest

from django.db import close_old_connections, connection, transaction

from assessment.models import Sector

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="a PostgreSQL backend's check (CI's PG pass)"
    ),
    pytest.mark.django_db(transaction=True),
]


def _server_ends(pid: int) -> None:
    """End backend ``pid`` from another session, as a restart or an idle timeout would,
    and wait until it is gone."""
    settings = connection.settings_dict
    with psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        autocommit=True,
    ) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
        deadline = time.monotonic() + 10
        while other.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone():
            assert time.monotonic() < deadline, "the backend did not end"
            time.sleep(0.05)


def _statements_sent_by(check) -> int:
    with mock.patch.object(
        psycopg.Connection, "cursor", autospec=True, side_effect=psycopg.Connection.cursor
    ) as cursor:
        check()
    return cursor.call_count


def test_a_connection_the_server_ended_is_replaced_before_the_next_request_queries():
    Sector.objects.count()
    ended = connection.connection.info.backend_pid
    _server_ends(ended)
    time.sleep(0.2)  # the end of the stream reaches this side's socket

    close_old_connections()  # what Django does when a request starts
    assert Sector.objects.count() >= 0
    assert connection.connection.info.backend_pid != ended


def test_a_healthy_idle_connection_is_kept_without_asking_the_server():
    Sector.objects.count()
    kept = connection.connection.info.backend_pid

    assert _statements_sent_by(lambda: connection.is_usable()) == 0
    close_old_connections()
    Sector.objects.count()
    assert connection.connection.info.backend_pid == kept


def test_a_connection_in_a_transaction_is_still_asked():
    # The control: where the socket alone cannot tell, Django's own SELECT 1 runs.
    with transaction.atomic():
        Sector.objects.count()
        assert _statements_sent_by(lambda: connection.is_usable()) == 1

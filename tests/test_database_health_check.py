"""The database health check asks the server only when it has said something (portal/db/base.py):
a well connection costs no `SELECT 1` round trip, and one the server closed is still found and
replaced before a page fails on it."""

import select
import time

import psycopg
import pytest
from django.db import connection, connections
from django.db.backends.postgresql import base as django_postgresql

from portal.db.base import DatabaseWrapper

pytestmark = pytest.mark.django_db(transaction=True)  # an idle connection, as between two requests


@pytest.fixture
def round_trips(monkeypatch):
    """Counts the `SELECT 1` health checks of Django's own backend."""
    asked = []
    original = django_postgresql.DatabaseWrapper.is_usable

    def counted(self):
        asked.append(self.alias)
        return original(self)

    monkeypatch.setattr(django_postgresql.DatabaseWrapper, "is_usable", counted)
    return asked


def test_the_portal_uses_this_backend():
    assert isinstance(connections["default"], DatabaseWrapper)
    assert connection.vendor == "postgresql"


def test_a_well_idle_connection_is_usable_without_a_round_trip(round_trips):
    connection.ensure_connection()
    assert connection.is_usable()
    assert round_trips == []


def test_a_connection_the_server_closed_is_found_and_replaced(round_trips):
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    params = connection.get_connection_params()
    with psycopg.connect(**{key: value for key, value in params.items() if key != "cursor_factory"}) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    deadline = time.monotonic() + 5
    while not select.select([connection.connection.fileno()], [], [], 0.05)[0]:  # the server's goodbye
        assert time.monotonic() < deadline
    assert not connection.is_usable()
    assert round_trips == ["default"]  # asked, because the server had said something

    connection.health_check_done = False  # as at the start of a request
    connection.close_if_health_check_failed()  # what Django runs before a request's first query
    with connection.cursor() as cursor:  # a new connection: the next page works
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid


def test_a_connection_in_a_transaction_is_asked_as_before(round_trips):
    connection.ensure_connection()
    connection.connection.execute("BEGIN")
    try:
        assert connection.is_usable()
    finally:
        connection.connection.execute("ROLLBACK")
    assert round_trips == ["default"]

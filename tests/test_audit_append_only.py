"""The audit table refuses raw SQL UPDATE and DELETE: the database protects the trail."""

import pytest
from django.db import DatabaseError, connection, transaction

from portal.audit.models import AuditEvent
from portal.audit.services import audit_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(db):
    return audit_record(action=AuditEvent.Action.LOGIN, actor_email="someone@example.com")


def test_raw_sql_update_is_refused(event):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET actor_email = 'nobody@example.com' WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).actor_email == "someone@example.com"


def test_raw_sql_delete_is_refused(event):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_adding_records_still_works(event):
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM audit_auditevent")
        assert cursor.fetchone()[0] == 1
    audit_record(action=AuditEvent.Action.LOGOUT, actor_email="someone@example.com")
    assert AuditEvent.objects.count() == 2

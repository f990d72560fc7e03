"""On PostgreSQL the database itself refuses UPDATE and DELETE on audit events (migration
0003), whether through raw SQL or the ORM. Each attempt runs in a savepoint that rolls back."""

import pytest
from django.db import DatabaseError, connection, transaction

from audit.models import AuditEvent
from audit.services import audit_record, audit_verify

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="the append-only trigger exists on PostgreSQL only"),
]


@pytest.fixture
def event(kingsway):
    audit_record(institution=kingsway, action="first")
    return audit_record(institution=kingsway, action="second")


def refused(sql, params):
    with pytest.raises(DatabaseError, match="append-only") as caught, transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute(sql, params)
    return caught.value


def test_raw_update_of_an_audit_event_is_refused_by_the_database(kingsway, event):
    error = refused("UPDATE audit_auditevent SET action = %s WHERE id = %s", ["x", event.pk])
    assert "UPDATE refused" in str(error)
    assert AuditEvent.objects.for_institution(kingsway).get(pk=event.pk).action == "second"
    assert audit_verify(kingsway) is None


def test_raw_delete_of_an_audit_event_is_refused_by_the_database(kingsway, event):
    error = refused("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    assert "DELETE refused" in str(error)
    assert AuditEvent.objects.for_institution(kingsway).count() == 2
    assert audit_verify(kingsway) is None


def test_orm_update_and_delete_of_audit_events_are_refused_by_the_database(kingsway, event):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.for_institution(kingsway).update(action="rewritten")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.for_institution(kingsway).filter(pk=event.pk).delete()
    event.action = "rewritten"
    with pytest.raises(DatabaseError), transaction.atomic():
        event.save()
    assert [e.action for e in AuditEvent.objects.for_institution(kingsway)] == [
        "first", "second"]


def test_appending_still_works_after_a_refused_change(kingsway, event):
    refused("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    third = audit_record(institution=kingsway, action="third")
    assert third.sequence == 3
    assert audit_verify(kingsway) is None

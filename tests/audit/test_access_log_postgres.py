"""On PostgreSQL the database itself keeps the access log append-only (migration 0004): no
DELETE, no UPDATE of a checkpoint, and an access event may only be sealed once, unchanged.
Each attempt runs in a savepoint that rolls back."""

import datetime as dt

import pytest
from django.db import DatabaseError, connection, transaction

from audit.access import access_seal, access_verify
from audit.models import AccessEvent
from audit.services import audit_read
from tests.factories import ClosureDayFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="the append-only triggers exist on PostgreSQL only"),
]


@pytest.fixture
def read(kingsway, decision_maker):
    day = ClosureDayFactory(institution=kingsway, date=dt.date(2026, 12, 24))
    return audit_read(institution=kingsway, actor=decision_maker, obj=day, what="letter")


def refused(sql, params):
    with pytest.raises(DatabaseError, match="append-only") as caught, transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute(sql, params)
    return str(caught.value)


def test_an_access_event_cannot_be_changed_or_deleted(kingsway, read):
    assert "UPDATE refused" in refused(
        "UPDATE audit_accessevent SET what = %s WHERE id = %s", ["x", read.pk])
    assert "DELETE refused" in refused("DELETE FROM audit_accessevent WHERE id = %s", [read.pk])
    assert AccessEvent.objects.for_institution(kingsway).get().what == "letter"


def test_sealing_may_not_change_anything_else_at_the_same_time(kingsway, read):
    checkpoint = access_seal(institution=kingsway)  # the one update allowed
    assert AccessEvent.objects.for_institution(kingsway).get().checkpoint == checkpoint
    later = audit_read(institution=kingsway, actor=read.actor, obj=checkpoint, what="x")
    assert "UPDATE refused" in refused(
        "UPDATE audit_accessevent SET checkpoint_id = %s, what = %s WHERE id = %s",
        [checkpoint.pk, "y", later.pk])
    assert "UPDATE refused" in refused(  # re-sealing into another checkpoint
        "UPDATE audit_accessevent SET checkpoint_id = NULL WHERE id = %s", [read.pk])


def test_a_checkpoint_cannot_be_changed_or_deleted(kingsway, read):
    checkpoint = access_seal(institution=kingsway)
    assert "UPDATE refused" in refused(
        "UPDATE audit_accesscheckpoint SET event_count = 0 WHERE id = %s", [checkpoint.pk])
    assert "DELETE refused" in refused(
        "DELETE FROM audit_accesscheckpoint WHERE id = %s", [checkpoint.pk])
    assert access_verify(kingsway) is None

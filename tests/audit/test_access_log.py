"""Reads go to the access log (audit/access.py): an insert without a lock, sealed in batches
into chained checkpoints that ``verify_audit`` checks."""

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection

from audit.access import (
    GENESIS,
    BrokenSeal,
    access_seal,
    access_seal_all,
    access_verify,
)
from audit.models import AccessCheckpoint, AccessEvent, AuditChainHead, AuditEvent
from audit.services import audit_read, audit_record, audit_verify
from audit.tasks import access_seal_task
from institutions.models import ClosureDay
from tests.factories import ClosureDayFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 3, 10, 30, tzinfo=dt.UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def day(kingsway):
    return ClosureDayFactory(institution=kingsway, date=dt.date(2026, 12, 24))


def reads(institution):
    return list(AccessEvent.objects.for_institution(institution).order_by("id"))


def checkpoints(institution):
    return list(AccessCheckpoint.objects.for_institution(institution).order_by("sequence"))


def tamper(sql: str, params: list) -> None:
    """Change access-log rows behind the application's back (the triggers disabled on
    PostgreSQL, inside the test's transaction, which rolls back)."""
    tables = {"audit_accessevent": "audit_access_event_append_only",
              "audit_accesscheckpoint": "audit_access_checkpoint_append_only"}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table, trigger in tables.items():
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            for table, trigger in tables.items():
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {trigger}")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def test_a_read_is_an_access_event_not_a_link_of_the_change_chain(
        frozen, kingsway, decision_maker, day):
    event = audit_read(institution=kingsway, actor=decision_maker, obj=day, what="letter")

    assert (event.actor, event.actor_label, event.object_type, event.object_id, event.what,
            event.occurred_at) == (decision_maker, decision_maker.email,
                                   ClosureDay._meta.label_lower, str(day.pk), "letter", NOW)
    assert reads(kingsway) == [event]
    assert event.checkpoint is None
    # The change chain is untouched: no event, no chain head (so no lock was taken on it).
    assert not AuditEvent.objects.for_institution(kingsway).exists()
    assert not AuditChainHead.objects.for_institution(kingsway).exists()


def test_sealing_chains_each_institutions_batches(frozen, kingsway, midshire, decision_maker,
                                                  outsider, day):
    first = [audit_read(institution=kingsway, actor=decision_maker, obj=day) for _ in range(3)]
    audit_read(institution=midshire, actor=outsider, obj=day)

    assert access_seal_all() == 2
    (one,) = checkpoints(kingsway)
    assert (one.sequence, one.event_count, one.prev_hmac) == (1, 3, GENESIS)
    assert (one.first_event_id, one.last_event_id) == (first[0].pk, first[-1].pk)
    assert {e.checkpoint_id for e in reads(kingsway)} == {one.pk}
    assert access_seal(institution=kingsway) is None  # nothing new

    audit_read(institution=kingsway, actor=decision_maker, obj=day)
    two = access_seal(institution=kingsway)
    assert (two.sequence, two.event_count, two.prev_hmac) == (2, 1, one.hmac)
    assert [c.sequence for c in checkpoints(midshire)] == [1]
    assert access_verify(kingsway) is None
    assert access_verify(midshire) is None


def test_a_backlog_is_sealed_in_several_checkpoints(kingsway, decision_maker, day):
    for _ in range(5):
        audit_read(institution=kingsway, actor=decision_maker, obj=day)
    assert access_seal(institution=kingsway, batch=2).event_count == 2
    assert access_seal(institution=kingsway, batch=2).event_count == 2
    assert access_seal(institution=kingsway, batch=2).event_count == 1
    assert [c.event_count for c in checkpoints(kingsway)] == [2, 2, 1]
    assert access_verify(kingsway) is None


def test_the_beat_task_seals_every_institution(kingsway, midshire, decision_maker, outsider,
                                               day):
    audit_read(institution=kingsway, actor=decision_maker, obj=day)
    audit_read(institution=midshire, actor=outsider, obj=day)
    assert access_seal_task.delay().get() == 2
    assert not AccessEvent.objects.across_institutions(reason="test").filter(
        checkpoint__isnull=True).exists()


@pytest.fixture
def sealed(kingsway, decision_maker, day):
    events = [audit_read(institution=kingsway, actor=decision_maker, obj=day, what=f"r{n}")
              for n in range(3)]
    first = access_seal(institution=kingsway)
    events.append(audit_read(institution=kingsway, actor=decision_maker, obj=day, what="r3"))
    second = access_seal(institution=kingsway)
    return events, (first, second)


def test_verify_reports_a_changed_read(kingsway, sealed):
    events, _ = sealed
    tamper("UPDATE audit_accessevent SET what = %s WHERE id = %s", ["nothing", events[1].pk])
    assert access_verify(kingsway) == BrokenSeal(kingsway.pk, 1, "a sealed read was changed")


def test_verify_reports_a_changed_reader(kingsway, sealed, caseworker):
    events, _ = sealed
    tamper("UPDATE audit_accessevent SET actor_id = %s WHERE id = %s",
           [caseworker.pk, events[3].pk])
    assert access_verify(kingsway) == BrokenSeal(kingsway.pk, 2, "a sealed read was changed")


def test_verify_reports_a_removed_read(kingsway, sealed):
    events, _ = sealed
    tamper("DELETE FROM audit_accessevent WHERE id = %s", [events[0].pk])
    assert access_verify(kingsway) == BrokenSeal(kingsway.pk, 1,
                                                 "3 reads were sealed, 2 remain")


def test_verify_reports_a_read_moved_to_another_checkpoint(kingsway, sealed):
    events, (_first, second) = sealed
    tamper("UPDATE audit_accessevent SET checkpoint_id = %s WHERE id = %s",
           [second.pk, events[0].pk])
    assert access_verify(kingsway).sequence == 1


def test_verify_reports_a_changed_or_missing_checkpoint(kingsway, sealed):
    _, (first, second) = sealed
    tamper("UPDATE audit_accesscheckpoint SET event_count = %s WHERE id = %s", [2, first.pk])
    assert access_verify(kingsway) == BrokenSeal(kingsway.pk, 1, "checkpoint was changed")


def test_verify_reports_a_checkpoint_that_no_longer_links(kingsway, sealed):
    _, (first, second) = sealed
    tamper("UPDATE audit_accesscheckpoint SET prev_hmac = %s WHERE id = %s",
           [GENESIS, second.pk])
    assert access_verify(kingsway) == BrokenSeal(
        kingsway.pk, 2, "does not link to the previous checkpoint")


def test_verify_audit_command_checks_the_access_log(kingsway, midshire, sealed):
    events, _ = sealed
    out = StringIO()
    call_command("verify_audit", stdout=out, stderr=StringIO())
    assert "kingsway: access log intact (2 checkpoints)" in out.getvalue()

    tamper("UPDATE audit_accessevent SET object_id = %s WHERE id = %s", ["0", events[2].pk])
    err = StringIO()
    with pytest.raises(CommandError, match="tampered"):
        call_command("verify_audit", stdout=StringIO(), stderr=err)
    assert ("kingsway: first broken access log checkpoint 1: a sealed read was changed"
            in err.getvalue())


def test_reads_between_changes_leave_the_change_chain_intact(kingsway, decision_maker, day):
    audit_record(institution=kingsway, actor=decision_maker, action="a")
    audit_read(institution=kingsway, actor=decision_maker, obj=day)
    second = audit_record(institution=kingsway, actor=decision_maker, action="b")
    assert second.sequence == 2
    assert audit_verify(kingsway) is None

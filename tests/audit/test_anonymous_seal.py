"""Anonymous reporters' events are held back until their day has ended and then appended in a
random order, so their place in the numbered chain says no more than their date (issue 7 §3)."""

import datetime as dt
import uuid

import pytest
import time_machine
from django.db import transaction

from audit.anonymous import audit_seal_anonymous
from audit.models import AuditEvent, PendingAnonymousEvent
from audit.services import audit_record, audit_verify
from audit.tasks import audit_seal_anonymous_task

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 2)


def at(hour, minute=0, day=DAY):
    return time_machine.travel(
        dt.datetime.combine(day, dt.time(hour, minute), tzinfo=dt.UTC), tick=False)


def chain(institution):
    return list(AuditEvent.objects.for_institution(institution).order_by("sequence"))


def test_anonymous_event_is_not_placed_between_the_staff_events_of_its_day(kingsway,
                                                                           caseworker):
    with at(10):
        audit_record(institution=kingsway, actor=caseworker, action="staff.before")
    with at(12, 1):
        audit_record(institution=kingsway, action="report.submitted", anonymous=True)
    with at(14):
        audit_record(institution=kingsway, actor=caseworker, action="staff.after")
    assert [e.action for e in chain(kingsway)] == ["staff.before", "staff.after"]

    with at(0, 5, DAY + dt.timedelta(days=1)):
        audit_record(institution=kingsway, actor=caseworker, action="staff.next_day")
    with at(0, 15, DAY + dt.timedelta(days=1)):
        assert audit_seal_anonymous_task() == 1

    events = chain(kingsway)
    assert [e.action for e in events] == [
        "staff.before", "staff.after", "staff.next_day", "report.submitted"]
    sealed = events[-1]
    assert (sealed.sequence, sealed.occurred_on, sealed.occurred_at) == (4, DAY, None)
    assert not PendingAnonymousEvent.objects.for_institution(kingsway).exists()
    assert audit_verify(kingsway) is None


def test_a_pending_anonymous_event_keeps_no_time_and_a_random_id(kingsway):
    with at(12, 1):
        pending = audit_record(institution=kingsway, action="report.submitted",
                               anonymous=True, changes={"files": 1})
    assert isinstance(pending.pk, uuid.UUID)
    assert pending.pk.version == 4
    stored = PendingAnonymousEvent.objects.for_institution(kingsway).get()
    assert (stored.occurred_on, stored.changes) == (DAY, {"files": 1})
    assert not [f for f in PendingAnonymousEvent._meta.get_fields()
                if f.get_internal_type() in ("DateTimeField", "TimeField")]


def test_the_days_anonymous_events_are_appended_in_random_not_arrival_order(kingsway):
    for n in range(20):
        with at(8, n):
            audit_record(institution=kingsway, action="report.followup", anonymous=True,
                         changes={"n": n})
    ids = {p.changes["n"]: p.pk for p in PendingAnonymousEvent.objects.for_institution(kingsway)}
    audit_seal_anonymous(institution=kingsway, today=DAY + dt.timedelta(days=1))

    order = [e.changes["n"] for e in chain(kingsway)]
    assert order == sorted(range(20), key=lambda n: ids[n])  # the order of their random ids
    assert order != list(range(20))  # not arrival (chance 1 in 20!)
    assert audit_verify(kingsway) is None


def test_the_seal_leaves_events_of_a_day_that_has_not_ended(kingsway, midshire):
    with at(9):
        audit_record(institution=kingsway, action="earlier", anonymous=True)
    with at(0, 1, DAY + dt.timedelta(days=1)):
        audit_record(institution=kingsway, action="today", anonymous=True)
        audit_record(institution=midshire, action="midshire", anonymous=True)

    assert audit_seal_anonymous(institution=kingsway, today=DAY + dt.timedelta(days=1)) == 1
    assert [e.action for e in chain(kingsway)] == ["earlier"]
    assert [p.action for p in PendingAnonymousEvent.objects.for_institution(kingsway)] == [
        "today"]
    assert audit_seal_anonymous_task(today=str(DAY + dt.timedelta(days=2))) == 2
    assert [e.action for e in chain(kingsway)] == ["earlier", "today"]
    assert [e.action for e in chain(midshire)] == ["midshire"]
    assert audit_verify(kingsway) is None
    assert audit_verify(midshire) is None


def change_that_fails(institution):
    with transaction.atomic():
        audit_record(institution=institution, action="rolled.back", anonymous=True)
        raise RuntimeError("the change failed")


def test_an_anonymous_event_exists_only_if_its_change_commits(kingsway):
    with pytest.raises(RuntimeError):
        change_that_fails(kingsway)
    assert not PendingAnonymousEvent.objects.for_institution(kingsway).exists()

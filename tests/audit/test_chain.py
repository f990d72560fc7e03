"""The audit trail: an append-only HMAC chain per institution (audit/services.py)."""

import datetime as dt

import pytest
import time_machine
from django.db import models, transaction
from django.test import override_settings

from audit.anonymous import audit_seal_anonymous
from audit.models import AuditEvent
from audit.services import (
    ANONYMOUS_LABEL,
    GENESIS,
    SYSTEM_LABEL,
    BrokenLink,
    audit_read,
    audit_record,
    audit_verify,
    compute_hmac,
)
from institutions.models import ClosureDay
from tests.factories import ClosureDayFactory

pytestmark = pytest.mark.django_db


def events(institution):
    return list(AuditEvent.objects.for_institution(institution).order_by("sequence"))


def test_events_are_numbered_1_2_3_per_institution_independently(kingsway, midshire):
    audit_record(institution=kingsway, action="a")
    audit_record(institution=midshire, action="b")
    audit_record(institution=kingsway, action="c")
    audit_record(institution=kingsway, action="d")
    audit_record(institution=midshire, action="e")

    assert [(e.sequence, e.action) for e in events(kingsway)] == [(1, "a"), (2, "c"), (3, "d")]
    assert [(e.sequence, e.action) for e in events(midshire)] == [(1, "b"), (2, "e")]


def test_each_event_links_to_the_previous_event_of_its_institution(kingsway, midshire):
    for action in ("a", "b", "c"):
        audit_record(institution=kingsway, action=action)
    audit_record(institution=midshire, action="other")

    first, second, third = events(kingsway)
    assert first.prev_hmac == GENESIS
    assert second.prev_hmac == first.hmac
    assert third.prev_hmac == second.hmac
    assert events(midshire)[0].prev_hmac == GENESIS  # chains do not cross institutions


def test_event_hmac_is_verifiable_after_reading_it_back(kingsway, caseworker):
    day = ClosureDayFactory(institution=kingsway, date=dt.date(2026, 12, 24))
    audit_record(institution=kingsway, actor=caseworker, action="closure_day.added", obj=day,
                 changes={"date": dt.date(2026, 12, 24), "nested": {"b": 2, "a": [1, "x"]}})

    event = AuditEvent.objects.for_institution(kingsway).get()
    assert len(event.hmac) == 64
    assert compute_hmac(event) == event.hmac
    assert event.changes == {"date": "2026-12-24", "nested": {"a": [1, "x"], "b": 2}}
    assert (event.object_type, event.object_id) == ("institutions.closureday", str(day.pk))


def test_event_hmac_depends_on_the_key(kingsway):
    audit_record(institution=kingsway, action="a")
    event = AuditEvent.objects.for_institution(kingsway).get()
    with override_settings(AUDIT_HMAC_KEY="someone-else's-key"):
        assert compute_hmac(event) != event.hmac


def test_named_event_records_the_actor_and_the_time(kingsway, caseworker):
    moment = dt.datetime(2026, 3, 2, 14, 5, 7, 123456, tzinfo=dt.UTC)
    with time_machine.travel(moment, tick=False):
        event = audit_record(institution=kingsway, actor=caseworker, action="case.opened")
    event.refresh_from_db()
    assert event.actor == caseworker
    assert event.actor_label == "caseworker@kingsway.test"
    assert event.occurred_at == moment
    assert event.occurred_on == dt.date(2026, 3, 2)


def test_event_without_actor_is_labelled_system(kingsway):
    event = audit_record(institution=kingsway, action="deadline.missed")
    assert event.actor is None
    assert event.actor_label == SYSTEM_LABEL


def test_anonymous_event_stores_no_actor_and_only_the_date(kingsway, caseworker):
    # 23:30 UTC on 30 June is 00:30 on 1 July in London: the date is the local one.
    with time_machine.travel(dt.datetime(2026, 6, 30, 23, 30, tzinfo=dt.UTC), tick=False):
        audit_record(institution=kingsway, actor=caseworker, action="report.submitted",
                     anonymous=True)
    with time_machine.travel(dt.datetime(2026, 7, 2, 0, 15, tzinfo=dt.UTC), tick=False):
        assert audit_seal_anonymous(institution=kingsway, today=dt.date(2026, 7, 2)) == 1
    event = AuditEvent.objects.for_institution(kingsway).get()
    assert event.actor_id is None
    assert event.occurred_at is None
    assert event.occurred_on == dt.date(2026, 7, 1)
    assert event.actor_label == ANONYMOUS_LABEL == "anonymous reporter"
    assert caseworker.email not in str(event.changes)
    assert audit_verify(kingsway) is None


def test_audit_event_has_no_field_for_ip_address_or_user_agent():
    names = [f.name.lower() for f in AuditEvent._meta.get_fields()]
    for forbidden in ("ip", "address", "addr", "agent", "remote", "host", "browser"):
        assert not [n for n in names if forbidden in n.split("_")], forbidden
    assert not [f for f in AuditEvent._meta.get_fields()
                if isinstance(f, models.GenericIPAddressField)]


def test_audit_read_records_who_read_which_object(kingsway, decision_maker):
    day = ClosureDayFactory(institution=kingsway, date=dt.date(2026, 12, 24))
    event = audit_read(institution=kingsway, actor=decision_maker, obj=day, what="letter")
    # Reads go to the access log (tests/audit/test_access_log.py), not to this chain.
    assert (event.object_type, event.object_id, event.what) == (
        ClosureDay._meta.label_lower, str(day.pk), "letter")
    assert event.actor == decision_maker
    assert events(kingsway) == []


def change_that_fails(institution):
    with transaction.atomic():
        audit_record(institution=institution, action="rolled.back")
        raise RuntimeError("the change failed")


def test_event_exists_only_if_the_surrounding_transaction_commits(kingsway):
    with pytest.raises(RuntimeError):
        change_that_fails(kingsway)

    event = audit_record(institution=kingsway, action="kept")
    assert event.sequence == 1
    assert [e.action for e in events(kingsway)] == ["kept"]
    assert audit_verify(kingsway) is None


# -- verification ----------------------------------------------------------------------------
@pytest.fixture
def three_events(kingsway, caseworker):
    return [audit_record(institution=kingsway, actor=caseworker, action=f"step.{n}",
                         changes={"n": n}) for n in (1, 2, 3)]


@pytest.mark.usefixtures("three_events")
def test_audit_verify_returns_none_on_an_intact_chain(kingsway, midshire):
    audit_record(institution=midshire, action="x", anonymous=True)
    assert audit_verify(kingsway) is None
    assert audit_verify(midshire) is None


def test_audit_verify_returns_none_for_an_institution_with_no_events(kingsway):
    assert audit_verify(kingsway) is None


def test_audit_verify_reports_the_first_event_whose_contents_were_changed(
        kingsway, three_events, tamper_with_audit):
    tamper_with_audit("UPDATE audit_auditevent SET action = %s WHERE id = %s",
                      ["step.innocent", three_events[1].pk])
    assert audit_verify(kingsway) == BrokenLink(kingsway.pk, 2, "contents were changed")


def test_audit_verify_reports_changed_details(kingsway, three_events, tamper_with_audit):
    tamper_with_audit("UPDATE audit_auditevent SET changes = %s WHERE id = %s",
                      ['{"n": 99}', three_events[2].pk])
    assert audit_verify(kingsway) == BrokenLink(kingsway.pk, 3, "contents were changed")


def test_audit_verify_reports_a_changed_actor(kingsway, three_events, decision_maker,
                                              tamper_with_audit):
    tamper_with_audit("UPDATE audit_auditevent SET actor_id = %s WHERE id = %s",
                      [decision_maker.pk, three_events[0].pk])
    assert audit_verify(kingsway) == BrokenLink(kingsway.pk, 1, "contents were changed")


def test_audit_verify_reports_an_event_that_no_longer_links(kingsway, three_events,
                                                            tamper_with_audit):
    tamper_with_audit("UPDATE audit_auditevent SET prev_hmac = %s WHERE id = %s",
                      [GENESIS, three_events[2].pk])
    assert audit_verify(kingsway) == BrokenLink(
        kingsway.pk, 3, "does not link to the previous event")


def test_audit_verify_reports_a_missing_event(kingsway, three_events, tamper_with_audit):
    tamper_with_audit("DELETE FROM audit_auditevent WHERE id = %s", [three_events[1].pk])
    assert audit_verify(kingsway) == BrokenLink(
        kingsway.pk, 2, "event 2 is missing (next is 3)")


def test_audit_verify_reports_a_missing_last_event(kingsway, three_events, tamper_with_audit):
    tamper_with_audit("DELETE FROM audit_auditevent WHERE id = %s", [three_events[2].pk])
    assert audit_verify(kingsway) == BrokenLink(
        kingsway.pk, 3, "chain ends at 2 but 3 events were written")


def test_tampering_in_one_institution_leaves_the_others_chain_intact(
        kingsway, midshire, three_events, tamper_with_audit):
    audit_record(institution=midshire, action="m.1")
    tamper_with_audit("DELETE FROM audit_auditevent WHERE id = %s", [three_events[0].pk])
    assert audit_verify(kingsway).sequence == 1
    assert audit_verify(midshire) is None


def test_chain_continues_correctly_after_verification(kingsway, three_events):
    assert audit_verify(kingsway) is None
    fourth = audit_record(institution=kingsway, action="step.4")
    assert (fourth.sequence, fourth.prev_hmac) == (4, three_events[2].hmac)
    assert audit_verify(kingsway) is None

"""The retention schedule's rules (issue 14 item 5): when each record is deleted, legal holds,
reminders, crypto-shredding, tombstones, and the audit chain after deletion."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from audit.models import AuditEvent
from audit.services import audit_verify
from cases.models import Case
from core.crypto import KeyShredded, decrypt_bytes
from outbox.models import OutboxMessage
from reporting.models import Report
from retention.models import LegalHold, RecordKey, Tombstone
from retention.run import REMINDER, retention_run
from retention.selectors import tombstone_for
from retention.services import legal_hold_place, legal_hold_release

from .conftest import at, closed_report, ended_case

MADE, CLOSED = dt.date(2026, 10, 5), dt.date(2026, 11, 16)


def run(inst, day: dt.date, **kwargs):
    with at(day):
        return retention_run(institution=inst, today=day, **kwargs)


def exists(report) -> bool:
    return Report.objects.for_institution(report.institution_id).filter(pk=report.pk).exists()


def test_case_deleted_n_years_after_completion_not_a_day_earlier(kingsway, secretary):
    case = ended_case(kingsway, secretary, raised=dt.date(2026, 11, 2), ended=CLOSED)
    run(kingsway, dt.date(2032, 11, 15))
    assert Case.objects.for_institution(kingsway).filter(pk=case.pk).exists()
    summary = run(kingsway, dt.date(2032, 11, 16))
    assert summary.deleted == [case.reference]
    assert not Case.objects.for_institution(kingsway).filter(pk=case.pk).exists()
    tombstone = Tombstone.objects.for_institution(kingsway).get()
    assert (tombstone.kind, tombstone.reference, tombstone.ended_month) == (
        "case", case.reference, dt.date(2026, 11, 1))


def test_unreferred_anonymous_report_deleted_one_year_after_closing(kingsway, caseworker):
    anonymous = closed_report(kingsway, caseworker, made=MADE, closed=CLOSED)
    named = closed_report(kingsway, caseworker, made=MADE, closed=CLOSED, anonymous=False)
    run(kingsway, dt.date(2027, 11, 15))
    assert exists(anonymous)
    run(kingsway, dt.date(2027, 11, 16))
    assert not exists(anonymous)
    assert exists(named)  # closed disclosures are kept six years
    run(kingsway, dt.date(2032, 11, 16))
    assert not exists(named)


def test_legal_hold_stops_deletion_and_release_resumes_it(kingsway, caseworker, dpo):
    report = closed_report(kingsway, caseworker, made=MADE, closed=CLOSED)
    with at(dt.date(2027, 10, 1)):
        hold = legal_hold_place(institution=kingsway, actor=dpo, matter="OIA complaint 2027/14",
                                reason="The OIA asked for the file.", report=report)
    run(kingsway, dt.date(2028, 3, 1))
    assert exists(report)
    with at(dt.date(2028, 3, 2)):
        legal_hold_release(hold=hold, actor=dpo, reason="The OIA closed the complaint.")
    run(kingsway, dt.date(2028, 3, 2))
    assert not exists(report)
    actions = set(AuditEvent.objects.for_institution(kingsway).filter(
        object_type="retention.legalhold").values_list("action", flat=True))
    assert actions == {"retention.hold_placed", "retention.hold_released"}


def test_only_a_data_protection_officer_or_admin_places_a_hold(kingsway, caseworker):
    report = closed_report(kingsway, caseworker, made=MADE, closed=CLOSED)
    with pytest.raises(PermissionDenied):
        legal_hold_place(institution=kingsway, actor=caseworker, matter="M", reason="R",
                         report=report)
    assert not LegalHold.objects.for_institution(kingsway).exists()


def test_reminder_sent_30_days_before(kingsway, caseworker):
    report = closed_report(kingsway, caseworker, made=MADE, closed=CLOSED)
    run(kingsway, dt.date(2027, 10, 16))  # 31 days before
    assert not OutboxMessage.objects.filter(kind=REMINDER).exists()
    run(kingsway, dt.date(2027, 10, 17))  # 30 days before
    run(kingsway, dt.date(2027, 10, 18))  # again: no second reminder
    message = OutboxMessage.objects.get(kind=REMINDER)
    assert message.payload == {"reference": report.reference, "kind": "anonymous_report",
                               "due_on": "2027-11-16"}
    assert exists(report)


def test_decrypting_a_shredded_field_or_file_fails(kingsway, caseworker):
    report = closed_report(kingsway, caseworker, made=MADE, closed=CLOSED)
    run(kingsway, dt.date(2027, 1, 4))  # sealed under its own key, not yet due
    assert RecordKey.objects.for_institution(kingsway).count() == 1
    reloaded = Report.objects.for_institution(kingsway).get(pk=report.pk)
    assert reloaded.narrative == "What happened, in the reporter's words."  # still readable
    raw = _raw_narrative(report)  # the copy a backup taken now holds
    assert raw.startswith("rk1:")
    run(kingsway, dt.date(2027, 11, 16))
    assert not RecordKey.objects.for_institution(kingsway).exists()
    with pytest.raises(KeyShredded):
        decrypt_bytes(raw.encode())  # the copy a backup kept can no longer be read


def _raw_narrative(report) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT narrative FROM reporting_report WHERE id = %s", [report.pk])
        return cursor.fetchone()[0]


def test_verify_audit_passes_after_deletion(kingsway, caseworker):
    report = closed_report(kingsway, caseworker, made=MADE, closed=CLOSED, anonymous=False)
    before = AuditEvent.objects.for_institution(kingsway).filter(
        object_type="reporting.report", object_id=str(report.pk)).count()
    assert before
    run(kingsway, dt.date(2032, 11, 16))
    assert not exists(report)
    assert audit_verify(kingsway) is None
    call_command("verify_audit")  # raises CommandError if any chain is broken
    events = AuditEvent.objects.for_institution(kingsway).filter(
        object_type="reporting.report", object_id=str(report.pk))
    assert events.count() == before + 2  # sealed, deleted
    tombstone = tombstone_for(institution=kingsway, object_type="reporting.report",
                              object_id=str(report.pk))
    assert tombstone is not None
    assert tombstone.reference == report.reference
    deleted = events.get(action="retention.record_deleted")
    assert deleted.changes == {"kind": "closed_report", "tombstone": tombstone.pk}


def test_a_second_run_the_same_day_changes_nothing(kingsway, caseworker):
    closed_report(kingsway, caseworker, made=MADE, closed=CLOSED)
    first = run(kingsway, dt.date(2027, 11, 16))
    second = run(kingsway, dt.date(2027, 11, 16))
    assert len(first.deleted) == 1
    assert (second.deleted, second.sealed) == ([], [])


def test_dry_run_changes_nothing(kingsway, caseworker):
    report = closed_report(kingsway, caseworker, made=MADE, closed=CLOSED)
    summary = run(kingsway, dt.date(2027, 11, 16), dry_run=True)
    assert summary.deleted == [f"anonymous_report:{report.pk}"]
    assert exists(report)
    assert not RecordKey.objects.for_institution(kingsway).exists()
    assert not OutboxMessage.objects.filter(kind=REMINDER).exists()

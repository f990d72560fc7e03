"""The next deadline kept on each report and case (institutions.models.TracksDeadlines,
kept by institutions/services/summary.py), so that the queues sort and filter on indexed
columns (issue 9), and the set-based daily sweep (institutions/services/reminders.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.selectors import membership_get
from audit.services import audit_verify
from institutions.models import Deadline
from institutions.services.deadlines import (
    deadline_cancel,
    deadline_complete,
    deadline_extend,
    deadline_pause,
    deadline_register_date,
    deadline_resume,
)
from institutions.services.reminders import deadlines_sweep
from reporting.selectors import ReportFilters, report_queue

from .test_staff_support import anonymous_report, at, reload

pytestmark = pytest.mark.django_db


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def quiet_report(kingsway):
    """A report with no deadline of its own running (its first-contact one cancelled)."""
    with at("2027-01-04"):
        report = anonymous_report(kingsway)
        for deadline in Deadline.objects.for_institution(kingsway).filter(
                object_id=report.pk, content_type__model="report"):
            deadline_cancel(deadline=deadline, reason="Not part of this test")
    return report


def due(kingsway, report, on: str, purpose: str = "Reply to the reporter", kind: str = ""):
    with at("2027-01-04"):
        return deadline_register_date(institution=kingsway, subject=report, purpose=purpose,
                                      start=d("2027-01-04"), due=d(on),
                                      description="3 working days", kind=kind,
                                      responsible_role="support_caseworker")


def summary(report):
    r = reload(report)
    return r.next_due, r.next_purpose, r.next_kind, r.action_due, r.deadline_missed


def test_the_report_carries_its_next_deadline_through_every_change(kingsway):
    report = quiet_report(kingsway)
    assert summary(report) == (None, "", "", None, False)

    action = due(kingsway, report, "2027-01-12")
    window = due(kingsway, report, "2027-01-08", purpose="Reporter may reply", kind="window")
    assert summary(report) == (d("2027-01-08"), "Reporter may reply", "window",
                               d("2027-01-12"), False)

    with at("2027-01-05"):
        deadline_cancel(deadline=window, reason="Replied")
        assert summary(report) == (d("2027-01-12"), "Reply to the reporter", "action",
                                   d("2027-01-12"), False)
        deadline_extend(deadline=action, new_due=d("2027-01-14"), reason="Reporter away")
        assert summary(report)[0] == d("2027-01-14")
        deadline_pause(deadline=reload_deadline(action), on=d("2027-01-05"), reason="Paused")
        # A paused deadline is still the next one, but it is not running: never overdue.
        assert summary(report) == (d("2027-01-14"), "Reply to the reporter", "action", None,
                                   False)
        deadline_resume(deadline=reload_deadline(action), on=d("2027-01-06"))
        assert summary(report)[3] == d("2027-01-15")  # one working day paused
        deadline_complete(deadline=reload_deadline(action), on=d("2027-01-06"))
    assert summary(report) == (None, "", "", None, False)


def reload_deadline(deadline):
    return Deadline.objects.for_institution(deadline.institution_id).get(pk=deadline.pk)


def test_a_missed_deadline_keeps_the_report_overdue_until_it_is_done(kingsway, caseworker):
    report = quiet_report(kingsway)
    deadline = due(kingsway, report, "2027-01-06")
    membership = membership_get(user=caseworker, institution=kingsway)

    def overdue(today: str) -> list:
        return [r.pk for r in report_queue(membership=membership, filters=ReportFilters(),
                                           today=d(today)) if r.is_overdue]

    assert overdue("2027-01-06") == []
    assert overdue("2027-01-07") == [report.pk]  # overdue the day after, before any sweep
    with at("2027-01-07"):
        deadlines_sweep(institution=kingsway, today=d("2027-01-07"))
    # The missed deadline stays the report's next one until it is done (it sorts first).
    assert summary(report)[0] == d("2027-01-06")
    assert summary(report)[2:] == ("action", None, True)
    assert overdue("2027-01-07") == [report.pk]
    with at("2027-01-08"):
        deadline_complete(deadline=reload_deadline(deadline), on=d("2027-01-08"))
    assert summary(report)[4] is False
    assert overdue("2027-01-08") == []


def test_a_window_that_passed_leaves_the_summary_when_the_sweep_closes_it(kingsway):
    report = quiet_report(kingsway)
    due(kingsway, report, "2027-01-06", purpose="Reporter may reply", kind="window")
    later = due(kingsway, report, "2027-01-20")
    assert summary(report)[0] == d("2027-01-06")
    with at("2027-01-07"):
        result = deadlines_sweep(institution=kingsway, today=d("2027-01-07"))
    assert result.windows_closed == 1
    assert summary(report)[:3] == (d("2027-01-20"), later.purpose, "action")


def test_the_sweep_takes_the_same_statements_for_3_or_15_deadlines_of_each_kind(kingsway,
                                                                                caseworker):
    """Set-based: the statements grow with the batches, never with the deadlines in one.
    (15 of each kind: their events fit one INSERT even on SQLite, whose statements take at
    most 999 parameters; PostgreSQL takes a thousand events in one.)"""
    def sweep_with(n: int, day: str) -> int:
        report = quiet_report(kingsway)
        today = d(day)
        for _ in range(n):
            due(kingsway, report, (today - dt.timedelta(days=1)).isoformat())  # missed
            due(kingsway, report, day)  # due today
            due(kingsway, report, (today + dt.timedelta(days=1)).isoformat())  # soon
            due(kingsway, report, (today - dt.timedelta(days=1)).isoformat(),
                kind="window")  # closes
        with at(day), CaptureQueriesContext(connection) as queries:
            result = deadlines_sweep(institution=kingsway, today=today)
        # (the second run also finds the first run's deadlines due then, now missed)
        assert result.missed >= n
        assert (result.windows_closed, result.reminded_due, result.reminded_before) == (n, n, n)
        return len(queries)

    few = sweep_with(3, "2027-01-13")
    many = sweep_with(15, "2027-01-20")
    assert many == few
    assert audit_verify(kingsway) is None  # the bulk-written events link like any others


def test_one_objects_summary_is_what_the_set_update_computes(kingsway):
    """issue 9: a service refreshes one object's summary by reading its deadlines and working
    the summary out in Python; the sweep refreshes many with one UPDATE of subqueries. Both
    follow the same rules, for every mix of status, kind and date."""
    import itertools

    from django.contrib.contenttypes.models import ContentType

    from institutions.models import Deadline
    from institutions.services.summary import deadline_summary_refresh
    from reporting.models import Report

    today = dt.date(2026, 12, 9)
    content_type = ContentType.objects.get_for_model(Report)
    template = quiet_report(kingsway)
    statuses = [s for s, _ in Deadline.Status.choices]
    kinds = [k for k, _ in Deadline.Kind.choices]
    days = [today - dt.timedelta(days=2), today, today + dt.timedelta(days=3)]
    combos = list(itertools.product(statuses, kinds, days, [None, today]))
    field = ["next_due", "next_purpose", "next_kind", "action_due", "deadline_missed"]
    for n, chosen in enumerate(combos[i:i + 3] for i in range(0, len(combos), 5)):
        Deadline.objects.for_institution(kingsway).filter(
            content_type=content_type, object_id=template.pk).delete()
        for k, (status, kind, due, completed) in enumerate(chosen):
            Deadline.objects.create(
                institution=kingsway, content_type=content_type, object_id=template.pk,
                purpose=f"purpose {n}-{k}", rule="", kind=kind, unit="working_days",
                start_date=today - dt.timedelta(days=10), due_date=due, original_due_date=due,
                status=status, completed_on=completed)
        deadline_summary_refresh(institution_id=kingsway.pk, content_type=content_type,
                                 object_ids=[template.pk], today=today)
        one = Report.objects.for_institution(kingsway).values(*field).get(pk=template.pk)
        deadline_summary_refresh(institution_id=kingsway.pk, content_type=content_type,
                                 object_ids=[template.pk], today=today, lock_in_order=True)
        many = Report.objects.for_institution(kingsway).values(*field).get(pk=template.pk)
        assert one == many, chosen

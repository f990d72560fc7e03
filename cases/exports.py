"""The case queue as a spreadsheet (issue 13 item 7), for the page and the API alike: who may
take it away, the audit of it, and its columns, written once."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.roles import Role
from accounts.workspace import queue_export_allowed, queue_export_record
from core.exports import Column, export_response
from institutions.calendar import WorkingCalendar

from .selectors import Clock, QueueFilters, clock_of

#: Who may take the queue away as a file: those who oversee every case.
EXPORT_ROLES = (Role.DECISION_MAKER,)


def case_queue_export(*, membership, actor, cases, filters: QueueFilters, fmt: str,
                      today: dt.date):
    """``cases`` (the queue, filtered, in its order) as CSV or XLSX; audited."""
    if not queue_export_allowed(membership, EXPORT_ROLES):
        raise PermissionDenied("Only a decision maker may export the case queue.")
    soon = WorkingCalendar(membership.institution).add_working_days(today, 2).date
    queue_export_record(membership=membership, actor=actor, queue="cases", fmt=fmt,
                        filters=asdict(filters))
    return export_response(fmt=fmt, filename=f"cases-{today:%Y-%m-%d}", rows=cases, columns=[
        Column("Reference", lambda c: c.reference),
        Column("Student ID", lambda c: c.respondent.student_id),
        Column("Student", lambda c: c.respondent.full_name),
        Column("Stage", lambda c: c.get_stage_display()),
        Column("Cohort", lambda c: c.get_cohort_display()),
        Column("Next deadline", lambda c: c.next_due),
        Column("For", lambda c: c.next_purpose),
        Column("Clock", lambda c: Clock.LABELS[clock_of(c, today=today, soon=soon)]),
        Column("Opened", lambda c: timezone.localdate(c.created_at)),
    ])

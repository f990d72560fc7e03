"""The triage queue as a spreadsheet (issue 13 item 7), for the page and the API alike. No
reporter's identity and no account of what happened: the reference, its categories, status and
deadlines."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict

from django.core.exceptions import PermissionDenied

from accounts.workspace import queue_export_allowed, queue_export_record
from core.exports import Column, export_response

from .permissions import SEES_EVERY_REPORT
from .selectors import ReportFilters


def report_queue_export(*, membership, actor, reports, filters: ReportFilters, fmt: str,
                        today: dt.date):
    """``reports`` (the queue, filtered, in its order, categories prefetched) as CSV or XLSX,
    for those who see every report; audited."""
    if not queue_export_allowed(membership, SEES_EVERY_REPORT):
        raise PermissionDenied("Only a support caseworker may export the reports.")
    queue_export_record(membership=membership, actor=actor, queue="reports", fmt=fmt,
                        filters=asdict(filters))
    return export_response(fmt=fmt, filename=f"reports-{today:%Y-%m-%d}", rows=reports, columns=[
        Column("Reference", lambda r: r.reference),
        Column("Submitted", lambda r: r.submitted_on),
        Column("Categories", lambda r: "; ".join(c.label for c in r.categories.all())),
        Column("Status", lambda r: r.get_status_display()),
        Column("Assigned to", lambda r: r.assignee.full_name if r.assignee else ""),
        Column("Waiting for staff", lambda r: r.awaiting_staff),
        Column("Next deadline", lambda r: r.next_due),
        Column("For", lambda r: r.next_purpose),
        Column("Overdue", lambda r: r.is_overdue),
    ])

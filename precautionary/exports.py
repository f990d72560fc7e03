"""The precautionary queue as a spreadsheet (issue 13 item 7), for the page and the API alike."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict

from django.core.exceptions import PermissionDenied

from accounts.workspace import queue_export_allowed, queue_export_record
from core.exports import Column, export_response

from .selectors import CONVENER, MatterFilters

#: Who may take the queue away as a file: the convener, who sees every matter.
EXPORT_ROLES = (CONVENER,)


def matter_queue_export(*, membership, actor, matters, filters: MatterFilters, fmt: str,
                        today: dt.date):
    """``matters`` (the queue, filtered, in its order) as CSV or XLSX; audited."""
    if not queue_export_allowed(membership, EXPORT_ROLES):
        raise PermissionDenied("Only the convener may export the matters.")
    queue_export_record(membership=membership, actor=actor, queue="precautionary",
                        fmt=fmt, filters=asdict(filters))
    return export_response(
        fmt=fmt, filename=f"precautionary-{today:%Y-%m-%d}", rows=matters, columns=[
            Column("Reference", lambda m: m.reference),
            Column("Student ID", lambda m: m.student.student_id),
            Column("Stage", lambda m: m.get_stage_display()),
            Column("Measures in force", lambda m: "; ".join(
                x.measure_type.name for x in m.in_force)),
            Column("Next deadline", lambda m: m.next_due),
            Column("For", lambda m: m.next_purpose),
            Column("Overdue", lambda m: m.is_overdue),
            Column("Opened", lambda m: m.opened_on),
        ])

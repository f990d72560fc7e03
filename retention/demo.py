"""The retention schedule in the demo (issue 14 item 5), for Kingsway and Midshire: each
institution's schedule (the defaults, Midshire keeping closed disclosures five years), the
data protection contact's address, an anonymous report closed almost a year ago (so it is on
the "due for deletion" page, and its reminder is queued), and another under a legal hold."""

from __future__ import annotations

import contextlib
import datetime as dt

from django.utils import timezone

from accounts.models import User
from institutions.models import Institution
from reporting.models import Report
from reporting.services.casework import report_close
from reporting.services.submission import report_submit

from .models import LegalHold
from .services import legal_hold_place, record_seal_once, retention_settings_set

SCHEDULES = {"kingsway": {"closed_report_years": 6}, "midshire": {"closed_report_years": 5}}


@contextlib.contextmanager
def _on(day: dt.date):
    import time_machine

    with time_machine.travel(dt.datetime.combine(day, dt.time(11)).astimezone(), tick=False):
        yield day


def _closed_report(institution, caseworker, *, made: dt.date, closed: dt.date) -> Report:
    with _on(made):
        report = report_submit(institution=institution, data={
            "reporter_role": "visitor", "perspective": "witness", "categories": ["harassment"],
            "when": "last_month", "location": "online", "location_detail": "",
            "involved": [], "narrative": "Demo: an anonymous report that led nowhere.",
            "wants": ["information"], "anonymous": True}).report
    with _on(closed):
        return report_close(report=report, actor=caseworker,
                            reason="Information given; no further contact possible.")


def seed_demo_retention() -> None:
    today = timezone.localdate()
    for slug, schedule in SCHEDULES.items():
        institution = Institution.objects.filter(slug=slug).first()
        if institution is None or LegalHold.objects.for_institution(institution).exists():
            continue
        admin = User.objects.get(email=f"institution-admin@{slug}.example")
        dpo = User.objects.get(email=f"data-protection@{slug}.example")
        caseworker = User.objects.get(email=f"support-caseworker@{slug}.example")
        retention_settings_set(institution=institution, actor=admin,
                               data_protection_email=f"data-protection-office@{slug}.example",
                               **schedule)
        closed = today - dt.timedelta(days=365 - 12)
        due = _closed_report(institution, caseworker, made=closed - dt.timedelta(days=20),
                             closed=closed)
        held = _closed_report(institution, caseworker, made=closed - dt.timedelta(days=30),
                              closed=closed - dt.timedelta(days=5))
        legal_hold_place(institution=institution, actor=dpo, report=held,
                         matter="Police request 2026/31",
                         reason="The police asked us to keep the report for an inquiry.")
        # Sealed now, as the daily run seals every ended record; the run itself (which would
        # also delete whatever older demo records are due) is left to Celery beat.
        for report in (due, held):
            record_seal_once(record=report)

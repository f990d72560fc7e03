"""Helpers for the staff page tests (tests/reporting/test_staff_*.py). No tests here."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine

from reporting.models import Report
from reporting.services.submission import report_submit

from .conftest import named, submission

LONDON = ZoneInfo("Europe/London")


def at(day: str, hour: int = 10):
    """Travel to a day (ISO date) in London, time standing still."""
    date = dt.date.fromisoformat(day)
    return time_machine.travel(dt.datetime(date.year, date.month, date.day, hour,
                                           tzinfo=LONDON), tick=False)


def anonymous_report(institution, **overrides) -> Report:
    return report_submit(institution=institution, data=submission(**overrides)).report


def named_report(institution, files=(), **overrides) -> Report:
    return report_submit(institution=institution, data=named(**overrides), files=files).report


def url(report: Report, action: str = "") -> str:
    base = f"/{report.institution.slug}/staff/reports/{report.pk}/"
    return base + (f"{action}/" if action else "")


def reload(report: Report) -> Report:
    return Report.objects.for_institution(report.institution_id).get(pk=report.pk)

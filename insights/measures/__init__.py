"""The measures of the insight reports (000 §2-3; issue 12 item 2): raw integer tables for a
period and its comparison, computed in the database.

:func:`report_figures` is the whole report; each measure is a function of one module (one
GROUP BY query each, conditional aggregation for the periods):

* ``reports``: reports and disclosures by kind, identity, reporter, category, location, month;
  the high-risk areas ranked;
* ``casework``: first contact against its target, support actions, escalations and HR
  referrals, requests for a risk assessment, precautionary measures;
* ``safecontacts``: Safe Contacts' contacts and referrals;
* ``outcomes`` (annual report only): formal case outcomes, penalties, appeals, the time to the
  Completion of Procedures.

The tables are raw: :func:`insights.suppression.suppress` makes them publishable. Periods are
explained in :mod:`insights.measures.periods`.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.utils import timezone

from institutions.calendar import WorkingCalendar
from institutions.models import ClosureDay, Institution
from institutions.procedure import Cohort, Rule, Unit
from institutions.selectors import time_limit_for

from ..figures import Period, ReportData, Table
from . import casework, outcomes, reports, safecontacts
from .common import Window
from .periods import (
    comparison_for,
    period_for_term,
    previous_term_period,
    term_on,
    year_period,
    year_start_of,
)

__all__ = ["Window", "comparison_for", "period_for_term", "previous_term_period",
           "report_figures", "tables_for", "term_on", "year_period", "year_start_of"]


def _target(institution) -> str:
    limit = time_limit_for(institution=institution, rule=Rule.SUPPORT_FIRST_CONTACT,
                           cohort=Cohort.STANDARD)
    if limit is None:
        return ""
    return f"{limit.amount} {Unit(limit.unit).label}"


def tables_for(institution: Institution, window: Window, *, kind: str,
               today: dt.date | None = None) -> list[Table]:
    """Every table of a report of ``kind`` over ``window``, in the order they are shown."""
    today = today or timezone.localdate()
    calendar = WorkingCalendar(
        institution, closures=list(ClosureDay.objects.for_institution(institution)))
    location = reports.reports_by_location(institution, window)
    tables = [
        reports.reports_by_kind(institution, window),
        reports.reports_by_identity(institution, window),
        reports.reports_by_reporter(institution, window),
        reports.reports_by_category(institution, window),
        location,
        reports.high_risk_areas(location),
        reports.reports_by_month(institution, window),
        *casework.first_contact(institution, window, calendar=calendar, today=today,
                                target=_target(institution)),
        casework.support_actions(institution, window),
        casework.escalations(institution, window),
        casework.risk_assessment_requests(institution, window),
        safecontacts.safe_contact_contacts(institution, window),
        safecontacts.safe_contact_people(institution, window),
        safecontacts.safe_contact_referrals(institution, window),
        casework.precautionary_measures(institution, window),
    ]
    if kind == "annual":
        tables += [
            outcomes.case_outcomes(institution, window),
            outcomes.penalties(institution, window),
            outcomes.appeals(institution, window),
            *outcomes.completion_time(institution, window),
        ]
    return tables


def report_figures(*, institution: Institution, period: Period,
                   kind: Literal["termly", "annual"], compare_with: Period | None = None,
                   today: dt.date | None = None) -> ReportData:
    """The raw figures of a report: each measure for ``period`` and its comparison (the
    previous term for a termly report, the previous academic year for an annual one, or
    ``compare_with``); a period with nothing before it is compared with nothing."""
    if kind not in ("termly", "annual"):
        raise ValueError(f"Unknown kind of report: {kind!r}")
    other = compare_with or comparison_for(period, institution=institution, kind=kind)
    window = Window((period, other) if other is not None else (period,))
    return ReportData(institution_slug=institution.slug, period=period, kind=kind,
                      tables=tables_for(institution, window, kind=kind, today=today))

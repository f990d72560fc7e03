"""Reports and disclosures received (004, 000 §2): by kind, identity, who reported, category,
location, month; and the high-risk areas ranked. One GROUP BY query each."""

from __future__ import annotations

import datetime as dt

from django.db.models.functions import TruncMonth

from reporting.models import Report

from ..figures import Table
from .common import Window, choice_rows, grouped, table
from .retained import facts as retained_facts
from .retained import is_true, kept, merge, retained, retained_report_part

#: The tables counting every report once: their totals agree, so suppression reads them
#: together (one table's total must not undo another's hidden cell).
PER_REPORT = ["reports_by_kind", "reports_by_identity", "reports_by_reporter",
              "reports_by_location", "reports_by_month"]


def _linked(key: str) -> list[str]:
    return [k for k in PER_REPORT if k != key]


def _reports(institution):
    return Report.objects.for_institution(institution)


def reports_by_kind(institution, window: Window) -> Table:
    """A disclosure tells the institution what happened; a formal report asks for action under
    the disciplinary procedure (the reporter chose "to make a formal report")."""
    counts = merge(grouped(_reports(institution), window, by="wants_formal_report",
                           date="submitted_on"),
                   retained_report_part(institution, window, 0, is_true))
    rows = choice_rows(counts, [(False, "Disclosures"), (True, "Formal reports")],
                       len(window.periods))
    return table("reports_by_kind", "Reports and disclosures received", "Kind", window, rows,
                 linked=_linked("reports_by_kind"),
                 note="Each report or disclosure made through Report + Support, anonymous "
                 "ones included, counted on the day it was made.")


def reports_by_identity(institution, window: Window) -> Table:
    counts = merge(grouped(_reports(institution), window, by="is_anonymous",
                           date="submitted_on"),
                   retained_report_part(institution, window, 1, is_true))
    rows = choice_rows(counts, [(True, "Anonymous"), (False, "Named")], len(window.periods))
    return table("reports_by_identity", "Anonymous and named reports", "Reporter", window,
                 rows, linked=_linked("reports_by_identity"))


def reports_by_reporter(institution, window: Window) -> Table:
    counts = merge(grouped(_reports(institution), window, by="reporter_role",
                           date="submitted_on"),
                   retained_report_part(institution, window, 2))
    labels = [(Report.ReporterRole.STUDENT, "Students"), (Report.ReporterRole.STAFF, "Staff"),
              (Report.ReporterRole.VISITOR, "Visitors and others"),
              (Report.ReporterRole.PREFER_NOT, "Preferred not to say")]
    return table("reports_by_reporter", "Who made the reports", "Reporter", window,
                 choice_rows(counts, labels, len(window.periods)),
                 linked=_linked("reports_by_reporter"))


def reports_by_category(institution, window: Window) -> Table:
    """Per category of the institution's catalogue; a report may name several categories, so
    the total counts the categories named, not the reports."""
    through = Report.categories.through
    rows = (through.objects.filter(report__institution=institution)
            .filter(window.within("report__submitted_on")).order_by()
            .values("reportcategory__label", "reportcategory__position")
            .annotate(**window.counts("report__submitted_on")))
    found = merge({(r["reportcategory__position"], r["reportcategory__label"]): window.row(r)
                   for r in rows},
                  retained(institution, window, kept.CATEGORY, by=("position", "value")))
    return table("reports_by_category", "What happened: reports by category", "Category",
                 window, [(label, values) for (_p, label), values in sorted(found.items())],
                 note="A report may name more than one category: the total counts the "
                 "categories named.")


def _location_rows(institution, window: Window):
    counts = merge(grouped(_reports(institution), window, by="location", date="submitted_on"),
                   retained_report_part(institution, window, 3))
    return choice_rows(counts, Report.Location.choices, len(window.periods))


def reports_by_location(institution, window: Window) -> Table:
    return table("reports_by_location", "Where it happened", "Location", window,
                 _location_rows(institution, window), linked=_linked("reports_by_location"),
                 note="Where the reporter said it happened. The place itself is the "
                 "reporter's own words and is never published.")


def high_risk_areas(location: Table) -> Table:
    """The locations with the most reports in the period, ranked (000 §2: to target
    interventions in halls, nightlife venues, departments ...). The same counts as
    :func:`reports_by_location`, so suppression hides the same cells in both."""
    rows = sorted(location.rows, key=lambda r: -r[1][0])
    return Table(key="high_risk_areas", title="High-risk areas, ranked",
                 dimension="Location", columns=list(location.columns), rows=rows,
                 has_total=False, ranked=True, same_as=location.key,
                 note="Locations ranked by the reports of the period, most first.")


def reports_by_month(institution, window: Window) -> Table:
    """Row N counts the Nth calendar month of each period (a period's first and last months may
    be part months)."""
    found = (_reports(institution).filter(window.within("submitted_on")).order_by()
             .annotate(month=TruncMonth("submitted_on")).values("month")
             .annotate(**window.counts("submitted_on")))
    deleted = (retained_facts(institution, kept.REPORT).filter(window.within("on")).order_by()
               .annotate(month=TruncMonth("on")).values("month").annotate(**window.counts("on")))
    found = [*found, *deleted]
    width = len(window.periods)

    def index(day: dt.date, start: dt.date) -> int:
        return (day.year - start.year) * 12 + day.month - start.month

    def months(p) -> int:
        return index(p.end, p.start) + 1

    length = max(months(p) for p in window.periods)
    values = [[0] * width for _ in range(length)]
    for row in found:
        month = row["month"]
        month = month.date() if isinstance(month, dt.datetime) else month
        for i, p in enumerate(window.periods):
            n = row[f"c{i}"]
            if n:
                values[index(month, p.start)][i] += n
    labels = []
    for k in range(length):
        names = []
        for p in window.periods:
            if k < months(p):
                y, m = divmod(p.start.month - 1 + k, 12)
                names.append(dt.date(p.start.year + y, m + 1, 1).strftime("%b %Y"))
        labels.append(f"Month {k + 1} ({' / '.join(names)})")
    return table("reports_by_month", "Reports and disclosures by month", "Month", window,
                 list(zip(labels, values, strict=True)), chart="line",
                 linked=_linked("reports_by_month"),
                 note="Month 1 is the month the period starts in.")


__all__ = ["high_risk_areas", "reports_by_category", "reports_by_identity",
           "reports_by_kind", "reports_by_location", "reports_by_month", "reports_by_reporter"]

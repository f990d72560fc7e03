"""The staff insights dashboard (issue 12 item 6): live trends, this term so far against the
previous term up to the same day, and the high-risk areas, from the same measures as the
published reports.

Decisions:

* **Who**: the insights publisher and the institution admin. The decision maker is not given
  it: they decide cases one by one and need no institution-wide trends to do so; an
  institution that wants them to see it gives them the insights publisher role too.
* **Raw counts on screen**: the people who may see the dashboard work with the figures before
  they are published (to target interventions, to prepare the report), so the page and the
  API show the real counts, each count that publication would hide marked as such. Whatever
  leaves the screen (the CSV export) is suppressed exactly as a published report, with the
  institution's threshold.
* **Live comparison**: "this term so far" (from the term's first day to today) is compared
  with the previous term over the same number of days from its start, so a trend is not a
  half term against a whole one. Out of term (before the calendar's first term), the last 12
  weeks are compared with the 12 weeks before.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from accounts.roles import Role

from .figures import Cell, Period, ReportData, Table, column_totals
from .measures import Window, period_for_term, previous_term_period, tables_for, term_on
from .models import InsightsSettings
from .suppression import suppress

ROLES = (Role.INSIGHTS_PUBLISHER, Role.INSTITUTION_ADMIN)
LIVE_WEEKS = 12


def may_see_dashboard(membership) -> bool:
    return membership is not None and membership.has_role(*ROLES)


@dataclass
class Dashboard:
    raw: ReportData
    published: ReportData
    threshold: int
    today: dt.date
    comparison: Period | None = None

    @property
    def period(self) -> Period:
        return self.raw.period

    def tables(self) -> list[tuple[Table, Table]]:
        """Each raw table with its published version."""
        published = {t.key: t for t in self.published.tables}
        return [(t, published[t.key]) for t in self.raw.tables]


def live_window(institution, today: dt.date) -> Window:
    """This term so far and the previous term to the same day (see the module's docstring)."""
    term = term_on(institution, today)
    if term is not None and term.start <= today:
        current = period_for_term(term)
        so_far = Period(kind="term", label=f"{term.name} so far", start=current.start,
                        end=min(today, current.end))
        before = previous_term_period(current, institution=institution)
        if before is None:
            return Window((so_far,))
        same_point = min(before.start + (so_far.end - so_far.start), before.end)
        return Window((so_far, Period(kind="term", label=f"{before.label}, same point",
                                      start=before.start, end=same_point)))
    end = today
    start = end - dt.timedelta(weeks=LIVE_WEEKS) + dt.timedelta(days=1)
    return Window((Period(kind="term", label=f"Last {LIVE_WEEKS} weeks", start=start, end=end),
                   Period(kind="term", label=f"The {LIVE_WEEKS} weeks before",
                          start=start - dt.timedelta(weeks=LIVE_WEEKS),
                          end=start - dt.timedelta(days=1))))


def dashboard_figures(*, institution, today: dt.date) -> Dashboard:
    window = live_window(institution, today)
    raw = ReportData(institution_slug=institution.slug, period=window.period, kind="termly",
                     tables=tables_for(institution, window, kind="termly", today=today))
    threshold = InsightsSettings.of(institution).threshold
    return Dashboard(raw=raw, published=suppress(raw, threshold=threshold),
                     threshold=threshold, today=today,
                     comparison=window.periods[1] if len(window.periods) > 1 else None)


# -- the table the page shows: raw counts, each marked if publication would hide it ----------
@dataclass(frozen=True)
class ShownCell:
    value: int | None
    hidden: str  # what publication does with it: "", "small", "secondary"


def marked_rows(raw: Table, published: Table) -> list[tuple[str, list[ShownCell]]]:
    return [(label, [ShownCell(v, c.hidden if isinstance(c, Cell) else "")
                     for v, c in zip(values, pub_values, strict=True)])
            for (label, values), (_l, pub_values) in zip(_in_order(raw, published),
                                                         published.rows, strict=True)]


def marked_totals(raw: Table, published: Table) -> list[ShownCell]:
    if not raw.has_total:
        return []
    hidden = [c.hidden for c in published.totals] or [""] * len(raw.columns)
    return [ShownCell(v, h) for v, h in zip(column_totals(raw), hidden, strict=True)]


def _in_order(raw: Table, published: Table) -> list:
    """The raw rows in the published table's order (a ranking is re-ordered when published)."""
    by_label = dict(raw.rows)
    return [(label, by_label[label]) for label, _v in published.rows]


# -- the export: suppressed, as published -----------------------------------------------------
def _safe(value: str) -> str:
    """No spreadsheet formula from a label (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def export_csv(board: Dashboard) -> str:
    """The dashboard's figures as published (suppressed with the institution's threshold):
    one line per count."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Table", "Dimension", "Row", "Column", "Count", "Hidden"])
    for table in board.published.tables:
        rows = list(table.rows)
        if table.totals:
            rows.append(("Total", table.totals))
        for label, values in rows:
            for column, cell in zip(table.columns, values, strict=True):
                writer.writerow([_safe(table.title), _safe(table.dimension), _safe(label),
                                 _safe(column), cell.shown if cell.value is None else cell.value,
                                 cell.hidden])
    return out.getvalue()

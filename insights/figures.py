"""The shape of an insight report's figures (000 §2-3), shared by the code that computes them
(``insights/measures/``), the code that makes them safe to publish (``insights/suppression.py``)
and the code that shows, stores and exports them (pages, PDF, CSV, the public site).

A report is a list of :class:`Table`. Each table counts one measure over one dimension (reports
by category, by location, by month ...): its rows are the dimension's values and its columns the
series (for example "This term", "Previous term", or "Anonymous", "Named"). Raw tables hold
plain integers; :func:`insights.suppression.suppress` turns a whole report into published
tables whose cells are :class:`Cell`, where a small count and every count that would let it be
worked out are hidden. Only published tables are stored with a report, shown outside the staff
dashboard or exported. Free text never appears in a table.

Everything here is plain data (dataclasses), JSON-serialisable with :func:`to_json` /
:func:`from_json`, so a published report is frozen as it was.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Literal

#: How a cell came to be hidden: a count from 1 to the threshold ("small"), or a count hidden
#: so that a small one cannot be worked out from a total or a difference ("secondary").
Hidden = Literal["", "small", "secondary"]


@dataclass(frozen=True)
class Period:
    """What a report covers: a term of the institution's calendar, or an academic year."""

    kind: Literal["term", "year"]
    label: str  # "Autumn term 2026", "2025/26"
    start: dt.date
    end: dt.date  # inclusive


@dataclass(frozen=True)
class Cell:
    """One published number. ``value`` is None when hidden; ``shown`` is what is printed."""

    value: int | None
    hidden: Hidden = ""
    shown: str = ""


@dataclass
class Table:
    key: str  # stable identifier, e.g. "reports_by_category"
    title: str  # "Reports and disclosures by category"
    dimension: str  # the rows' heading, e.g. "Category"
    columns: list[str]  # the series' headings
    rows: list[tuple[str, list]]  # (row label, one value per column): int raw, Cell published
    #: Rows and columns that add up: the table shows a "Total" row computed from the raw counts
    #: (suppression treats it as published, so it protects the cells that make it up).
    has_total: bool = True
    #: For the reader: what is counted, and where it comes from ("Safe Contacts' logs").
    note: str = ""
    #: A chart suits this table: "bar" (categorical) or "line" (by month) or "" (none).
    chart: Literal["bar", "line", ""] = "bar"
    #: Tables that count the same people from another angle (their totals agree): suppression
    #: looks at them together, so one table's total cannot undo another's hidden cell.
    linked: list[str] = field(default_factory=list)
    #: The columns are parts of a whole (e.g. "Anonymous", "Named") and each row's total is
    #: published (``row_totals``). Period columns ("This term", "Previous term") are not: each
    #: period's column is suppressed on its own, so a term's figures are hidden the same way in
    #: every report that shows them, and a change between periods is published only where both
    #: counts are (:func:`insights.suppression.change`).
    row_relation: bool = False
    #: The rows are ranked, most first (high-risk areas): by the raw counts of the first column
    #: in a raw table; after suppression by the published counts, hidden rows last in their
    #: catalogue order (so the order gives nothing of a hidden count away).
    ranked: bool = False
    #: The same counts as the table with this key, in another order (a ranking): suppression
    #: hides exactly the same cells in both.
    same_as: str = ""
    #: A statistic, not a count (a median): each column's value is published only when the
    #: count it summarises (the total of that column of the table with this key) is published
    #: and at least the threshold. Statistic tables take no part in the relations of counts.
    basis: str = ""
    #: The Total row of a published table (one Cell per column, hidden like any other count);
    #: empty in a raw table, whose totals are the sums of its columns (:func:`column_totals`).
    totals: list = field(default_factory=list)
    #: Each row's total, in a published table whose ``row_relation`` is set (Cells).
    row_totals: list = field(default_factory=list)


@dataclass
class ReportData:
    institution_slug: str
    period: Period
    kind: Literal["termly", "annual"]
    tables: list[Table]
    #: The threshold the published tables were suppressed with (None: raw, not publishable).
    threshold: int | None = None


def to_json(report: ReportData) -> dict:
    data = asdict(report)
    data["period"]["start"] = report.period.start.isoformat()
    data["period"]["end"] = report.period.end.isoformat()
    return data


def from_json(data: dict) -> ReportData:
    period = data["period"]
    tables = []
    for t in data["tables"]:
        rows = [(label, [Cell(**v) if isinstance(v, dict) else v for v in values])
                for label, values in t["rows"]]
        totals = [Cell(**v) if isinstance(v, dict) else v for v in t.get("totals", [])]
        row_totals = [Cell(**v) if isinstance(v, dict) else v for v in t.get("row_totals", [])]
        tables.append(Table(**{**t, "rows": rows, "totals": totals, "row_totals": row_totals}))
    return ReportData(
        institution_slug=data["institution_slug"],
        period=Period(kind=period["kind"], label=period["label"],
                      start=dt.date.fromisoformat(period["start"]),
                      end=dt.date.fromisoformat(period["end"])),
        kind=data["kind"], tables=tables, threshold=data.get("threshold"))


def column_totals(table: Table) -> list:
    """The Total row: the published one, or the sums of a raw table's columns."""
    if table.totals:
        return list(table.totals)
    return [sum(values[j] or 0 for _label, values in table.rows)
            for j in range(len(table.columns))]

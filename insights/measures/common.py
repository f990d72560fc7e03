"""The pieces every measure is built from: the periods compared (a :class:`Window`), counts by
period in one GROUP BY query with conditional aggregation, and table rows in a fixed order.

Each measure runs **one** query: rows grouped by the dimension, one ``COUNT(...) FILTER (WHERE
<date in period>)`` per period, over the rows whose date falls in any of them. Python only
lays out the grouped rows (a few dozen), never the counted ones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from ..figures import Period, Table


@dataclass(frozen=True)
class Window:
    """The periods a report compares: the period itself first, then its comparison."""

    periods: tuple[Period, ...]

    @property
    def period(self) -> Period:
        return self.periods[0]

    @property
    def columns(self) -> list[str]:
        return [p.label for p in self.periods]

    def within(self, field: str) -> Q:
        """Rows whose ``field`` falls in any of the periods."""
        q = Q()
        for p in self.periods:
            q |= Q(**{f"{field}__range": (p.start, p.end)})
        return q

    def counts(self, field: str, *, count: str | None = None, distinct: bool = False) -> dict:
        """``c0``, ``c1`` ...: one conditional count per period, of rows whose ``field`` falls
        in it. What is counted is the date itself (never null where it falls in a period), not
        the row's id: PostgreSQL then reads an index holding the date and the grouped columns
        alone (reporting's ``report_insights``), never the table. (Django allows no
        ``COUNT(*) FILTER``.)"""
        return {f"c{i}": Count(count or field, distinct=distinct,
                               filter=Q(**{f"{field}__range": (p.start, p.end)}))
                for i, p in enumerate(self.periods)}

    def row(self, found: dict) -> list[int]:
        return [int(found.get(f"c{i}") or 0) for i in range(len(self.periods))]

    def index_of(self, day: dt.date) -> int | None:
        for i, p in enumerate(self.periods):
            if p.start <= day <= p.end:
                return i
        return None


def grouped(qs: QuerySet, window: Window, *, by: str | Sequence[str], date: str,
            count: str | None = None, distinct: bool = False) -> dict:
    """``{group value: [count in each period]}`` in one query (``by``: a field or a tuple of
    fields, whose values are then tuples)."""
    fields = [by] if isinstance(by, str) else list(by)
    rows = (qs.filter(window.within(date)).order_by().values(*fields)
            .annotate(**window.counts(date, count=count, distinct=distinct)))
    out = {}
    for found in rows:
        key = found[fields[0]] if isinstance(by, str) else tuple(found[f] for f in fields)
        out[key] = window.row(found)
    return out


def choice_rows(counts: dict, choices: Iterable[tuple], width: int,
                *, keep_empty: bool = True) -> list[tuple[str, list[int]]]:
    """Rows in the order of ``choices`` ((value, label) pairs), zeros filled in."""
    rows = []
    for value, label in choices:
        values = counts.get(value, [0] * width)
        if keep_empty or any(values):
            rows.append((str(label), list(values)))
    return rows


def table(key: str, title: str, dimension: str, window: Window,
          rows: list[tuple[str, list]], **options) -> Table:
    return Table(key=key, title=title, dimension=dimension, columns=window.columns,
                 rows=rows, **options)


def weighted_median(values: dict[int, int]) -> int | None:
    """The median of a distribution given as ``{value: how many}`` (rounded half up to a
    whole number), or None if it is empty."""
    n = sum(values.values())
    if not n:
        return None
    ordered = sorted(values.items())

    def nth(k: int) -> int:  # the k-th smallest, 0-based
        seen = 0
        for value, many in ordered:
            seen += many
            if k < seen:
                return value
        raise IndexError(k)

    if n % 2:
        return nth(n // 2)
    low, high = nth(n // 2 - 1), nth(n // 2)
    return (low + high + 1) // 2

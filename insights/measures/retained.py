"""What deleted records still count (issue 14 item 5): the retention schedule leaves a
tombstone with the facts each measure counts (``retention.tombstones``), so a term's figures
are the same before and after its records are deleted. Each measure adds one GROUP BY over
those facts to its own query."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from retention import tombstones as kept
from retention.models import TombstoneFact

from .common import Window, grouped

__all__ = ["kept", "merge", "retained", "retained_report_part"]


def facts(institution, *measures: str):
    return TombstoneFact.objects.for_institution(institution).filter(measure__in=measures)


def retained(institution, window: Window, measure: str, *, by: str | tuple = "value",
             key: Callable[[Any], Any] | None = None) -> dict:
    """``{group: [count in each period]}`` of the deleted records' facts of ``measure``,
    ``key`` turning the stored group into the measure's own."""
    width = len(window.periods)
    out: dict = defaultdict(lambda: [0] * width)
    for group, values in grouped(facts(institution, measure), window, by=by,
                                 date="on").items():
        k = key(group) if key else group
        out[k] = [a + b for a, b in zip(out[k], values, strict=True)]
    return dict(out)


def retained_report_part(institution, window: Window, part: int,
                         convert: Callable[[str], Any] = str) -> dict:
    """Deleted reports grouped by one part of their kind/identity/reporter/location value."""
    return retained(institution, window, kept.REPORT,
                    key=lambda value: convert(value.split("|")[part]))


def merge(counts: dict, more: dict) -> dict:
    """Two ``{group: [counts]}`` added up."""
    out = dict(counts)
    for k, values in more.items():
        out[k] = [a + b for a, b in zip(out[k], values, strict=True)] if k in out else values
    return out


def is_true(value: str) -> bool:
    return value == "True"


def iso_day(value: str) -> dt.date:
    return dt.date.fromisoformat(value)

"""My work: what a member of staff has to do today, across the apps (issue 13 item 7).

Each app that holds work (cases, reports, precautionary matters) offers one *source*, named in
``settings.MY_WORK_SOURCES`` (as the demo's seeders are): a function that returns the member's
items from that app, visibility and all, in one query whatever the volume, capped at ``limit``.
This module sorts them into the day's buckets; it imports no app above it.

* overdue: a staff deadline passed, or missed and its work still not done;
* due today; due within 2 working days (the institution's calendar);
* waiting on me: the rest of what is assigned to the member and still open.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from audit.services import audit_record
from institutions.calendar import WorkingCalendar

from .models import Membership

OVERDUE, DUE_TODAY, DUE_SOON, WAITING = "overdue", "due_today", "due_soon", "waiting"
BUCKETS = [(OVERDUE, "Overdue"), (DUE_TODAY, "Due today"),
           (DUE_SOON, "Due within 2 working days"), (WAITING, "Waiting on me")]
#: Rows read per source: more than this and the page links to the app's queue ("see all").
DEFAULT_LIMIT = 25


@dataclass(frozen=True)
class WorkItem:
    kind: str  # "case", "informal_review", "report", "matter"
    kind_label: str
    id: int
    reference: str
    url: str
    what: str  # what is due (the next deadline's purpose) or the item's state
    stage: str
    due: dt.date | None
    overdue: bool
    paused: bool
    mine: bool  # assigned to the member (their appointment, their report, their group)


@dataclass(frozen=True)
class SourceResult:
    kind: str
    label: str
    items: list[WorkItem]
    capped: bool  # more rows than the limit: the queue has the rest
    see_all: str  # the app's queue


Source = Callable[..., SourceResult]


@dataclass
class MyWork:
    today: dt.date
    soon: dt.date
    buckets: dict[str, list[WorkItem]] = field(default_factory=dict)
    sources: list[SourceResult] = field(default_factory=list)

    @property
    def capped(self) -> list[SourceResult]:
        return [s for s in self.sources if s.capped]

    @property
    def total(self) -> int:
        return sum(len(items) for items in self.buckets.values())

    def labelled(self) -> list[tuple[str, str, list[WorkItem]]]:
        return [(key, label, self.buckets[key]) for key, label in BUCKETS]


def bucket_of(item: WorkItem, *, today: dt.date, soon: dt.date) -> str | None:
    if item.overdue:
        return OVERDUE
    if item.due is not None and not item.paused:
        if item.due <= today:
            return DUE_TODAY
        if item.due <= soon:
            return DUE_SOON
    return WAITING if item.mine else None


def sources() -> list[Source]:
    return [import_string(path) for path in getattr(settings, "MY_WORK_SOURCES", [])]


def my_work(*, membership: Membership, today: dt.date | None = None,
            limit: int = DEFAULT_LIMIT) -> MyWork:
    """The member's work today: one query per source plus the calendar's, however many cases,
    reports and matters there are."""
    today = today or timezone.localdate()
    soon = WorkingCalendar(membership.institution).add_working_days(today, 2).date
    work = MyWork(today=today, soon=soon, buckets={key: [] for key, _ in BUCKETS})
    for source in sources():
        result = source(membership=membership, today=today, soon=soon, limit=limit)
        work.sources.append(result)
        for item in result.items:
            bucket = bucket_of(item, today=today, soon=soon)
            if bucket is not None:
                work.buckets[bucket].append(item)
    for items in work.buckets.values():
        items.sort(key=lambda i: (i.due is None, i.due or today, i.reference))
    return work


# -- exporting a queue (core/exports.py writes the file) ----------------------------------------
AUDIT_EVENTS = ("queue.exported",)


def queue_export_allowed(membership: Membership, roles: tuple[str, ...]) -> bool:
    """Who may take a queue away as a file: the roles that oversee the whole queue."""
    return membership.has_role(*roles)


def queue_export_record(*, membership: Membership, actor, queue: str, fmt: str,
                        filters: dict) -> None:
    """Every export is on the audit trail: which queue, which format, which filters."""
    audit_record(institution=membership.institution, actor=actor, action="queue.exported",
                 changes={"queue": queue, "format": fmt,
                          "filters": {k: v for k, v in filters.items() if v not in ("", None,
                                                                                   False)}})

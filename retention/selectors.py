"""What the retention pages and API read (issue 14 item 5): the records due for deletion soon
(their references, never their content), the legal holds, and the tombstone an audit event's
subject now resolves to."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.http import Http404

from .models import LegalHold, RetentionSettings, Tombstone
from .rules import RULES


@dataclass(frozen=True)
class DueRecord:
    kind: str
    kind_label: str
    reference: str
    record_id: int
    ended_on: dt.date
    due_on: dt.date


def due_for_deletion(*, institution, today: dt.date, days: int | None = None
                     ) -> list[DueRecord]:
    """The unheld records due within ``days`` (the schedule's reminder days), soonest first:
    one query per rule, whatever the number of records."""
    if days is None:
        days = RetentionSettings.of(institution).reminder_days
    found = []
    for rule in RULES:
        records = rule.due_by(institution, today + dt.timedelta(days=days)).values_list(
            "pk", "reference", "closed_on")
        label = rule.kind_label
        for pk, reference, closed_on in records:
            found.append(DueRecord(rule.kind, label, reference, pk, closed_on,
                                   rule.due_on(institution, _Ended(closed_on))))
    return sorted(found, key=lambda r: (r.due_on, r.reference))


@dataclass(frozen=True)
class _Ended:
    closed_on: dt.date


def legal_holds(*, institution, active_only: bool = False):
    holds = (LegalHold.objects.for_institution(institution)
             .select_related("case", "report", "placed_by", "released_by"))
    return holds.filter(released_on__isnull=True) if active_only else holds


def access_hold(*, institution, hold_id: int) -> LegalHold:
    hold = legal_holds(institution=institution).filter(pk=hold_id).first()
    if hold is None:
        raise Http404
    return hold


def tombstone_for(*, institution, object_type: str, object_id: str) -> Tombstone | None:
    """What an audit event's subject (``object_type``, ``object_id``) is now, once deleted."""
    return Tombstone.objects.for_institution(institution).filter(
        subject_type=object_type, subject_id=object_id).first()

"""Sealing anonymous reporters' events into the chain once their day is over.

Decision (issue 7 §3): an event about an anonymous reporter is not appended when it happens.
Appended at once, its sequence number would sit between timed staff events and place it within
seconds. It is written instead to :class:`~audit.models.PendingAnonymousEvent` (date only,
random id) in the same transaction as the change, and this daily step appends every pending
event of a day that has ended, in the order of their random ids: not arrival order, so the
chain says no more than "some time on that day". The sealed events follow whatever was
appended before the seal (typically the early hours of the next day); their ``occurred_on``
keeps the real date.

The wait is at most a day plus the beat interval; until then a pending event is not yet
covered by the chain (nor by a checkpoint), which is the price of not revealing its time.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from .models import PendingAnonymousEvent
from .services import ANONYMOUS_LABEL, _lock_head, append_event


def audit_seal_anonymous(*, institution, today: dt.date) -> int:
    """Append the institution's pending anonymous events dated before ``today``; how many."""
    with transaction.atomic():
        head = _lock_head(institution)
        pending = list(
            PendingAnonymousEvent.objects.for_institution(institution)
            .filter(occurred_on__lt=today)
            .select_for_update(of=("self",))
            .order_by("occurred_on", "id")
        )
        for item in pending:
            append_event(
                head, occurred_on=item.occurred_on, occurred_at=None, actor=None,
                actor_label=ANONYMOUS_LABEL, action=item.action,
                object_type=item.object_type, object_id=item.object_id, changes=item.changes)
        PendingAnonymousEvent.objects.for_institution(institution).filter(
            pk__in=[item.pk for item in pending]).delete()
    return len(pending)

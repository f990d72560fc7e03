"""Keeping each object's deadline summary (:class:`~institutions.models.TracksDeadlines`) true.

One UPDATE per call, whatever the number of objects: each field is a subquery over the
object's deadlines (the ``(content_type, object_id)`` index). Called by the deadline services
in the transaction that changed a deadline, and by the daily sweep for the objects whose
deadlines it closed or marked missed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    BooleanField,
    CharField,
    DateField,
    Exists,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..models import Deadline, TracksDeadlines

OPEN = (Deadline.Status.RUNNING, Deadline.Status.PAUSED)


def tracks_deadlines(model) -> bool:
    return model is not None and issubclass(model, TracksDeadlines)


def deadline_summary_refresh(*, institution_id: int, content_type: ContentType,
                             object_ids: Iterable[int] | None, today: dt.date | None = None,
                             lock_in_order: bool = False) -> int:
    """Recompute the summary of the given objects of one model. Returns how many rows were
    updated (0 when the model keeps no summary). ``object_ids=None``: every row of the
    institution (a bulk load, the benchmark's generator). ``lock_in_order``: lock the rows in
    id order first (the sweep, which refreshes many at once, so that two refreshes never wait
    on each other in a circle); a service that has already locked its object needs no more."""
    model = content_type.model_class()
    ids = None if object_ids is None else sorted(set(object_ids))
    if ids == [] or model is None or not tracks_deadlines(model):
        return 0
    today = today or timezone.localdate()
    if ids is not None and len(ids) == 1 and not lock_in_order:
        return _refresh_one(model, institution_id, content_type, ids[0], today)
    own = Deadline.objects.for_institution(institution_id).filter(
        content_type=content_type, object_id=OuterRef("pk"))
    # A missed deadline whose work is still not done stays the object's next deadline: it is
    # the most urgent thing about it, and the queues sort on ``next_due`` (issue 13: a case
    # with a missed deadline showed "None running" and sorted last).
    upcoming = (own.filter(Q(status__in=OPEN)
                           | Q(status=Deadline.Status.MISSED, completed_on__isnull=True))
                .exclude(kind=Deadline.Kind.WINDOW, due_date__lt=today)
                .order_by("due_date", "pk"))
    first_action = (own.filter(status=Deadline.Status.RUNNING, kind=Deadline.Kind.ACTION)
                    .values("object_id").annotate(first=Min("due_date")).values("first"))
    missed = own.filter(Q(status=Deadline.Status.MISSED, completed_on__isnull=True))
    rows = model._default_manager.for_institution(  # type: ignore[attr-defined]
        institution_id)
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    if lock_in_order:
        list(rows.order_by("pk").select_for_update(of=("self",)).values_list("pk", flat=True))
    return (rows.update(
        next_due=Subquery(upcoming.values("due_date")[:1], output_field=DateField()),
        next_purpose=Coalesce(Subquery(upcoming.values("purpose")[:1]), Value(""),
                              output_field=CharField()),
        next_kind=Coalesce(Subquery(upcoming.values("kind")[:1]), Value(""),
                           output_field=CharField()),
        action_due=Subquery(first_action[:1], output_field=DateField()),
        deadline_missed=Exists(missed, output_field=BooleanField()),
    ))


def summary_of(deadlines: Iterable[tuple[str, str, dt.date, str, dt.date | None, int]],
               today: dt.date) -> dict:
    """The summary of one object from its deadlines ``(status, kind, due_date, purpose,
    completed_on, pk)``: the same rules as the UPDATE of :func:`deadline_summary_refresh`."""
    rows = list(deadlines)
    upcoming = sorted(((due, pk, purpose, kind) for status, kind, due, purpose, done, pk in rows
                       if (status in OPEN or (status == Deadline.Status.MISSED and done is None))
                       and not (kind == Deadline.Kind.WINDOW and due < today)))
    actions = [due for status, kind, due, *_ in rows
               if status == Deadline.Status.RUNNING and kind == Deadline.Kind.ACTION]
    first = upcoming[0] if upcoming else None
    return {
        "next_due": first[0] if first else None,
        "next_purpose": first[2] if first else "",
        "next_kind": first[3] if first else "",
        "action_due": min(actions) if actions else None,
        "deadline_missed": any(status == Deadline.Status.MISSED and completed is None
                               for status, _, _, _, completed, _ in rows),
    }


def _refresh_one(model, institution_id: int, content_type: ContentType, object_id: int,
                 today: dt.date) -> int:
    """One object (what every deadline service changes): its deadlines read, the summary
    worked out here, written with plain values. Two short statements; the one UPDATE with five
    subqueries cost more to build than to run (the submissions of BENCHMARKS.md)."""
    deadlines = (Deadline.objects.for_institution(institution_id)
                 .filter(content_type=content_type, object_id=object_id)
                 .filter(status__in=(*OPEN, Deadline.Status.MISSED))
                 .values_list("status", "kind", "due_date", "purpose", "completed_on", "pk"))
    return (model._default_manager.for_institution(institution_id)  # type: ignore[attr-defined]
            .filter(pk=object_id).update(**summary_of(deadlines, today)))


def summary_refresh_for(deadline: Deadline, today: dt.date | None = None) -> None:
    deadline_summary_refresh(institution_id=deadline.institution_id,
                             content_type=ContentType.objects.get_for_id(
                                 deadline.content_type_id),
                             object_ids=[deadline.object_id], today=today)

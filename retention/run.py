"""One run of the retention schedule for one institution (issue 14 item 5), daily from Celery
beat and by ``manage.py run_retention``. Idempotent: a second run the same day reminds no one
again (one outbox message per record and deletion date), seals nothing twice and finds nothing
more to delete.

1. **Remind** the data protection contact of each record due within the reminder days (30
   by default), once per record and date: its reference, kind and date, never its content.
2. **Seal** every ended record not sealed yet under its own key, a batch of ids at a time,
   each record in its own transaction (so a large institution's first run never holds a long
   transaction).
3. **Delete** the records due today or before that no legal hold keeps, one transaction each.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import models, transaction
from django.db.models import Exists, OuterRef
from django.db.models.functions import Cast

from outbox.services import outbox_enqueue_many

from .models import RecordKey, RetentionSettings
from .rules import RULES, Rule
from .services import record_delete, record_seal_once

BATCH = 200
REMINDER = "retention.reminder"


@dataclass
class RunSummary:
    reminded: list[str] = field(default_factory=list)
    sealed: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (f"{len(self.reminded)} reminded, {len(self.sealed)} sealed, "
                f"{len(self.deleted)} deleted")


def _unsealed(rule: Rule, institution) -> models.QuerySet:
    records = rule.records(institution)
    keys = RecordKey.objects.for_institution(institution).filter(
        subject_type=records.model._meta.label_lower,
        subject_id=Cast(OuterRef("pk"), models.CharField()))
    return records.exclude(Exists(keys))


def _batches(queryset: models.QuerySet):
    """Ids in batches of :data:`BATCH`, read again after each (rows leave the set)."""
    last = 0
    while True:
        ids = list(queryset.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)
                   [:BATCH])
        if not ids:
            return
        yield ids
        last = ids[-1]


def retention_run(*, institution, today: dt.date, dry_run: bool = False) -> RunSummary:
    summary = RunSummary()
    days = RetentionSettings.of(institution).reminder_days
    with transaction.atomic():
        messages = []
        for rule in RULES:
            for record in rule.due_by(institution, today + dt.timedelta(days=days)).only(
                    "pk", "reference", "closed_on", "institution_id"):
                due = rule.due_on(institution, record)
                summary.reminded.append(record.reference)
                messages.append((f"retention:{rule.kind}:{record.pk}:{due.isoformat()}",
                                 {"reference": record.reference, "kind": rule.kind,
                                  "due_on": due.isoformat()}))
        if messages and not dry_run:
            outbox_enqueue_many(kind=REMINDER, institution=institution, messages=messages)
    for rule in RULES:
        model = rule.records(institution).model
        for ids in _batches(_unsealed(rule, institution)):
            for record in model.objects.for_institution(institution).filter(pk__in=ids):
                summary.sealed.append(record.reference)
                if not dry_run:
                    record_seal_once(record=record)
    for rule in RULES:
        for ids in _batches(rule.due_by(institution, today)):
            for record_id in ids:
                if dry_run:
                    summary.deleted.append(f"{rule.kind}:{record_id}")
                    continue
                tombstone = record_delete(rule=rule, record_id=record_id,
                                          institution=institution, today=today)
                if tombstone is not None:
                    summary.deleted.append(tombstone.reference)
    return summary

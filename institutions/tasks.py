"""Background work for institutions. Tasks take ids and always carry the institution."""

from __future__ import annotations

import datetime as dt

from celery import Task, shared_task
from django.utils import timezone

from core.rls import tenant_transaction

from .models import Institution
from .services.reminders import deadlines_sweep


class InstitutionTask(Task):
    """Runs the task body in the institution's transaction (``core.rls.tenant_transaction``:
    the context, and on PostgreSQL the row-level security setting, made first). Every task
    that touches tenant-owned rows takes ``institution_id`` as a keyword argument.

    One transaction per run: the work of a task is all or nothing, and a task re-run after a
    failure (they are idempotent) starts again from what was committed."""

    def __call__(self, *args, **kwargs):
        if "institution_id" not in kwargs:
            raise TypeError(f"{self.name} must be called with institution_id=...")
        with tenant_transaction(kwargs["institution_id"]):
            return super().__call__(*args, **kwargs)


@shared_task(name="institutions.tasks.deadlines_daily_task")
def deadlines_daily_task(today: str | None = None) -> int:
    """Beat: fan out one sweep per active institution."""
    day = today or timezone.localdate().isoformat()
    ids = list(Institution.objects.filter(is_active=True).values_list("pk", flat=True))
    for pk in ids:
        deadlines_sweep_task.delay(institution_id=pk, today=day)
    return len(ids)


@shared_task(base=InstitutionTask, name="institutions.tasks.deadlines_sweep_task",
             acks_late=True)
def deadlines_sweep_task(*, institution_id: int, today: str) -> dict:
    institution = Institution.objects.get(pk=institution_id)
    result = deadlines_sweep(institution=institution, today=dt.date.fromisoformat(today))
    return {"missed": result.missed, "windows_closed": result.windows_closed,
            "reminded_before": result.reminded_before,
            "reminded_due": result.reminded_due}

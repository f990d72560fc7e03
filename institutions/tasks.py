"""Background work for institutions. Tasks take ids and always carry the institution."""

from __future__ import annotations

import datetime as dt

from celery import Task, shared_task
from django.utils import timezone

from core.rls import institution_setting
from core.tenancy.context import institution_context

from .models import Institution
from .services.reminders import deadlines_sweep


class InstitutionTask(Task):
    """Runs the task body in the institution's context; on PostgreSQL every transaction it
    opens starts with the row-level security setting (``SET LOCAL app.institution_id``,
    ``core.rls.institution_setting``), and keeps its own boundaries. Every task that touches
    tenant-owned rows takes ``institution_id`` as a keyword argument."""

    def __call__(self, *args, **kwargs):
        if "institution_id" not in kwargs:
            raise TypeError(f"{self.name} must be called with institution_id=...")
        with institution_context(kwargs["institution_id"]), institution_setting():
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

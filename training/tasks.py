"""Background work for training: importing a learning platform's export, the daily reminders
to staff whose qualification expires soon, and the imports' housekeeping. Tasks take ids and
call a service; each is safe to run twice."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

from institutions.models import Institution
from institutions.tasks import InstitutionTask

from .services.imports import import_run_process, import_runs_housekeep
from .services.reminders import expiry_reminders_send


@shared_task(base=InstitutionTask, name="training.tasks.import_run_process_task",
             acks_late=True)
def import_run_process_task(*, institution_id: int, run_id: int) -> dict:
    """Apply one import run, in batches, from where it stopped (idempotent)."""
    run = import_run_process(institution_id=institution_id, run_id=run_id)
    return {"status": run.status, "rows_done": run.rows_done}


@shared_task(name="training.tasks.expiry_reminders_daily_task")
def expiry_reminders_daily_task(today: str | None = None) -> int:
    """Beat: one reminder run per active institution."""
    day = today or timezone.localdate().isoformat()
    ids = list(Institution.objects.filter(is_active=True).values_list("pk", flat=True))
    for pk in ids:
        expiry_reminders_task.delay(institution_id=pk, today=day)
    return len(ids)


@shared_task(base=InstitutionTask, name="training.tasks.expiry_reminders_task", acks_late=True)
def expiry_reminders_task(*, institution_id: int, today: str) -> int:
    institution = Institution.objects.get(pk=institution_id)
    return expiry_reminders_send(institution=institution, today=dt.date.fromisoformat(today))


@shared_task(name="training.tasks.training_imports_housekeeping_task")
def training_imports_housekeeping_task() -> int:
    """Beat: discard unconfirmed previews (with their files) and queue again imports whose
    worker is gone."""
    ids = list(Institution.objects.values_list("pk", flat=True))
    for pk in ids:
        import_runs_housekeep_task.delay(institution_id=pk)
    return len(ids)


@shared_task(base=InstitutionTask, name="training.tasks.import_runs_housekeep_task")
def import_runs_housekeep_task(*, institution_id: int) -> dict:
    return import_runs_housekeep(institution_id=institution_id)

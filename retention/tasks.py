"""The retention schedule from Celery beat (``retention-daily`` in settings): one run per
active institution, each in the institution's context."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

from institutions.models import Institution
from institutions.tasks import InstitutionTask


@shared_task(name="retention.tasks.retention_daily_task")
def retention_daily_task(today: str | None = None) -> int:
    day = today or timezone.localdate().isoformat()
    ids = list(Institution.objects.filter(is_active=True).values_list("pk", flat=True))
    for pk in ids:
        retention_run_task.delay(institution_id=pk, today=day)
    return len(ids)


@shared_task(base=InstitutionTask, name="retention.tasks.retention_run_task", acks_late=True)
def retention_run_task(*, institution_id: int, today: str) -> str:
    from .run import retention_run

    institution = Institution.objects.get(pk=institution_id)
    return str(retention_run(institution=institution, today=dt.date.fromisoformat(today)))

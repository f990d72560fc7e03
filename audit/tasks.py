"""Periodic audit work (Celery beat; schedule in ``CELERY_BEAT_SCHEDULE``): seal new reads into
the access log's checkpoints every few minutes; daily, seal yesterday's anonymous events into the
chain, then sign a checkpoint of every chain head (in that order, so the checkpoint covers the
sealed events)."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

from core.retry import retry_on_conflict
from core.rls import tenant_transaction
from institutions.models import Institution

from .access import access_seal_all
from .anonymous import audit_seal_anonymous
from .checkpoints import checkpoint_take


@shared_task(name="audit.tasks.access_seal_task")
def access_seal_task() -> int:
    """Seal every institution's new reads into chained checkpoints (``audit.access``)."""
    return retry_on_conflict(access_seal_all)


@shared_task(name="audit.tasks.audit_seal_anonymous_task", acks_late=True)
def audit_seal_anonymous_task(today: str | None = None) -> int:
    """Append every institution's anonymous events of the days before ``today``."""
    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    sealed = 0
    for institution in Institution.objects.order_by("pk"):
        with tenant_transaction(institution.pk):
            sealed += audit_seal_anonymous(institution=institution, today=day)
    return sealed


@shared_task(name="audit.tasks.audit_checkpoint_task", acks_late=True)
def audit_checkpoint_task() -> int:
    """Sign and store a checkpoint of every institution's chain head."""
    taken = 0
    for institution in Institution.objects.order_by("pk"):
        with tenant_transaction(institution.pk):
            checkpoint_take(institution)
        taken += 1
    return taken

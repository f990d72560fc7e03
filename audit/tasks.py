"""Periodic work for the audit trail (schedule: ``CELERY_BEAT_SCHEDULE`` in settings)."""

from __future__ import annotations

from celery import shared_task

from core.retry import retry_on_conflict

from .access import access_seal_all


@shared_task(name="audit.tasks.access_seal_task")
def access_seal_task() -> int:
    """Seal every institution's new reads into chained checkpoints (``audit.access``)."""
    return retry_on_conflict(access_seal_all)

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.core.files.storage import FileSystemStorage, default_storage
from django.utils import timezone

from institutions.models import Institution
from institutions.tasks import InstitutionTask

from .models import ReportDraft

DRAFT_LIFETIME = dt.timedelta(days=1)


@shared_task(name="reporting.tasks.drafts_cleanup_task")
def drafts_cleanup_task() -> int:
    ids = list(Institution.objects.values_list("pk", flat=True))
    for pk in ids:
        drafts_cleanup_for_task.delay(institution_id=pk)
    return len(ids)


@shared_task(base=InstitutionTask, name="reporting.tasks.drafts_cleanup_for_task")
def drafts_cleanup_for_task(*, institution_id: int) -> int:
    """Unfinished forms are not kept: a draft untouched for a day is deleted with its files."""
    from .services.submission import draft_discard

    cutoff = timezone.now() - DRAFT_LIFETIME
    stale = list(ReportDraft.objects.for_institution(institution_id).filter(
        updated_at__lt=cutoff))
    for draft in stale:
        draft_discard(draft=draft)
    return len(stale)


@shared_task(name="reporting.tasks.public_housekeeping_task")
def public_housekeeping_task() -> int:
    """Daily: blur the times of reporters' files on disk (services.evidence), delete expired
    sessions (Django's ``clearsessions``), so a public session's draft
    token or opened report does not outlive its expiry in the database, and the rate-limit
    counters core.ratelimit kept in the database while the cache was down."""
    from django.core.management import call_command

    from core import ratelimit

    call_command("clearsessions")
    storage = default_storage
    if isinstance(storage, FileSystemStorage):
        from .services.evidence import evidence_times_blur

        evidence_times_blur(location=storage.location)
    return ratelimit.db_sweep()

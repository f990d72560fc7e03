"""The daily precautionary task: measures past their end date expire. Reminders of reviews
due come from the deadline sweep (institutions.tasks), not from here."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from core.rls import working_for
from institutions.models import Institution

from .services.followups import measures_expire


@shared_task(name="precautionary.tasks.precautionary_daily_task", acks_late=True)
def precautionary_daily_task(today: str | None = None) -> int:
    import datetime as dt

    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    expired = 0
    for institution in Institution.objects.filter(is_active=True):
        with working_for(institution.pk):  # row-level security: its rows only (core/rls/)
            expired += measures_expire(institution=institution, today=day)
    return expired

"""The daily precautionary task: measures past their end date expire. Reminders of reviews
due come from the deadline sweep (institutions.tasks), not from here."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from institutions.models import Institution

from .services.followups import measures_expire


@shared_task(name="precautionary.tasks.precautionary_daily_task", acks_late=True)
def precautionary_daily_task(today: str | None = None) -> int:
    import datetime as dt

    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    return sum(measures_expire(institution=institution, today=day)
               for institution in Institution.objects.filter(is_active=True))

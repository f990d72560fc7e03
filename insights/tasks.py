"""Background work for insight reports: the daily beat task that generates a draft for every
term and academic year that has just ended (insights/services/reports.py
``report_generate_due``). Tasks take ids and call a service; each is safe to run twice (a period
with a report in any state is left alone)."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

from institutions.models import Institution
from institutions.tasks import InstitutionTask

from .services.reports import report_generate_due


@shared_task(name="insights.tasks.insights_daily_task")
def insights_daily_task(today: str | None = None) -> int:
    """Beat: one run per active institution."""
    day = today or timezone.localdate().isoformat()
    ids = list(Institution.objects.filter(is_active=True).values_list("pk", flat=True))
    for pk in ids:
        insights_drafts_task.delay(institution_id=pk, today=day)
    return len(ids)


@shared_task(base=InstitutionTask, name="insights.tasks.insights_drafts_task", acks_late=True)
def insights_drafts_task(*, institution_id: int, today: str) -> list[int]:
    """The drafts of the institution's periods that ended recently and have no report yet."""
    institution = Institution.objects.get(pk=institution_id)
    return [r.pk for r in report_generate_due(institution=institution,
                                              today=dt.date.fromisoformat(today))]

"""Background work for cases: closing cases whose appeal window passed. (Letters are rendered by
the letters app, through the outbox relay.)"""

from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task
from django.utils import timezone

from institutions.models import Institution
from institutions.tasks import InstitutionTask

from .models import APPEAL_WINDOW_STAGES, Case
from .services.appeals import case_close_no_appeal
from .services.common import TransitionError

log = logging.getLogger(__name__)


@shared_task(name="cases.tasks.cases_daily_task")
def cases_daily_task(today: str | None = None) -> int:
    day = today or timezone.localdate().isoformat()
    ids = list(Institution.objects.filter(is_active=True).values_list("pk", flat=True))
    for pk in ids:
        close_unappealed_cases_task.delay(institution_id=pk, today=day)
    return len(ids)


@shared_task(base=InstitutionTask, name="cases.tasks.close_unappealed_cases_task",
             acks_late=True)
def close_unappealed_cases_task(*, institution_id: int, today: str) -> int:
    """Close, with a letter, every case whose appeal window passed with no appeal (§66)."""
    day = dt.date.fromisoformat(today)
    closed = 0
    cases = list(Case.objects.for_institution(institution_id).filter(
        stage__in=APPEAL_WINDOW_STAGES, is_paused=False).select_related("institution"))
    for case in cases:
        try:
            case_close_no_appeal(case=case, actor=None, today=day)
            closed += 1
        except TransitionError:
            continue  # the window is still open
        except Exception:  # one case that cannot be closed must not keep the others open
            log.exception("Case %s could not be closed for want of an appeal", case.pk)
    return closed

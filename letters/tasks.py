"""Rendering a letter in a Celery task by hand. Services do not queue this: a letter's rendering
is written to the outbox (``letters.outbox_handlers``) and delivered by its relay, which runs
in the worker, with retries."""

from __future__ import annotations

import logging

from celery import shared_task

from institutions.tasks import InstitutionTask

from .models import Letter

log = logging.getLogger(__name__)


@shared_task(base=InstitutionTask, name="letters.tasks.letter_render_task", acks_late=True,
             autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def letter_render_task(*, institution_id: int, letter_id: int) -> str:
    """Render one letter now (idempotent: an issued letter is left as it is)."""
    from .services.render import letter_render, letter_render_failed

    letter = Letter.objects.for_institution(institution_id).get(pk=letter_id)
    try:
        letter = letter_render(letter=letter)
    except Exception as exc:
        letter_render_failed(institution_id=institution_id, letter_id=letter_id, error=str(exc))
        log.exception("Letter %s failed to render", letter_id)
        raise
    return letter.status

"""The relay as a Celery task: nudged after each commit that wrote to the outbox, and run every
minute by beat (CELERY_BEAT_SCHEDULE["outbox-relay"]) so nothing waits on a lost nudge."""

from __future__ import annotations

from dataclasses import asdict

from celery import shared_task

from .services import nudge_taken, outbox_relay


@shared_task(name="outbox.tasks.outbox_relay_task", ignore_result=True)
def outbox_relay_task() -> dict:
    nudge_taken()  # before reading: a commit after this nudges again
    return asdict(outbox_relay())

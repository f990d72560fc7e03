"""Outbox handlers of the disciplinary procedure (found by ``outbox.apps.OutboxConfig.ready``)."""

from __future__ import annotations

from outbox.registry import register

from .services.alumni import ALUMNI_NOTICE, alumni_notice_send


@register(ALUMNI_NOTICE)
def alumni_notice_deliver(message) -> None:
    """Tell the alumni team of a penalty that ends alumni privileges (§63); the same
    Message-ID on a second delivery (idempotent)."""
    alumni_notice_send(message)

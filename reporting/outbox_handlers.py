"""Outbox handlers of Report + Support (found by ``outbox.apps.OutboxConfig.ready``)."""

from __future__ import annotations

from outbox.registry import register

from .services.submission import NEW_DISCLOSURE, new_disclosure_send


@register(NEW_DISCLOSURE)
def new_disclosure_deliver(message) -> None:
    """Tell the team a disclosure arrived: addressed when it is sent (idempotent: the same
    Message-ID on a second delivery)."""
    new_disclosure_send(message)

"""Outbox handlers of the letters app (found by ``outbox.apps.OutboxConfig.ready``)."""

from __future__ import annotations

from outbox.registry import register

from .models import Letter
from .services.issue import LETTER_RENDER
from .services.links import LETTER_DELIVER


def letter_render_given_up(message) -> None:
    """After the last attempt the letter shows "Generation failed" (with the kind of error)."""
    from .services.render import letter_render_failed

    letter_render_failed(institution_id=message.institution_id,
                         letter_id=message.payload["letter"], error=message.last_error)


@register(LETTER_RENDER, give_up=letter_render_given_up)
def letter_render_deliver(message) -> None:
    """Render the letter's PDF; a letter already issued is left as it is (idempotent)."""
    from .services.render import letter_render

    letter_render(letter=Letter.objects.for_institution(message.institution_id).get(
        pk=message.payload["letter"]))


@register(LETTER_DELIVER)
def letter_deliver_deliver(message) -> None:
    """Send the issued letter by its recipient's agreed route (idempotent: once only)."""
    from .services.links import letter_deliver

    letter_deliver(letter=Letter.objects.for_institution(message.institution_id).get(
        pk=message.payload["letter"]))

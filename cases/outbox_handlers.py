"""Outbox handlers of the cases app (found by ``outbox.apps.OutboxConfig.ready``)."""

from __future__ import annotations

from outbox.registry import register

from .models import Letter

LETTER_RENDER = "cases.letter_render"


def _letter(message) -> Letter:
    return Letter.objects.for_institution(message.institution_id).get(
        pk=message.payload["letter"])


def letter_render_given_up(message) -> None:
    """After the last attempt the letter shows "Generation failed" (with the kind of error),
    where staff look for it, instead of "Being generated" for ever."""
    Letter.objects.for_institution(message.institution_id).filter(
        pk=message.payload["letter"], status=Letter.Status.PENDING).update(
        status=Letter.Status.FAILED, error=message.last_error)


@register(LETTER_RENDER, give_up=letter_render_given_up)
def letter_render_deliver(message) -> None:
    """Render the letter's PDF; a letter already issued is left as it is (idempotent)."""
    from .services.letters import letter_render

    letter_render(letter=_letter(message))

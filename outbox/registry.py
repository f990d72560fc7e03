"""Which handler delivers which kind of outbox message. Filled at start-up by ``mail.py`` and by
each app's ``outbox_handlers.py`` (see ``OutboxConfig.ready``); the outbox itself imports no app's
services."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import OutboxMessage


@dataclass(frozen=True)
class Handler:
    #: Does the work. Must be idempotent: the relay delivers at least once.
    deliver: Callable[[OutboxMessage], None]
    #: Called once when the relay stops trying (max attempts reached), to record the failure
    #: where people look for it (a letter becomes "Generation failed").
    give_up: Callable[[OutboxMessage], None] | None = None


_HANDLERS: dict[str, Handler] = {}


class UnknownKind(LookupError):
    pass


def register(kind: str, *, give_up: Callable[[OutboxMessage], None] | None = None):
    """Decorator: ``@register("cases.letter_render")`` on the function that delivers it."""

    def decorate(deliver: Callable[[OutboxMessage], None]):
        existing = _HANDLERS.get(kind)
        if existing is not None and existing.deliver is not deliver:
            raise ValueError(f"Outbox kind {kind!r} is already registered.")
        _HANDLERS[kind] = Handler(deliver=deliver, give_up=give_up)
        return deliver

    return decorate


def handler_for(kind: str) -> Handler:
    try:
        return _HANDLERS[kind]
    except KeyError:
        raise UnknownKind(f"No outbox handler is registered for {kind!r}.") from None

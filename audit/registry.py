"""Audit event types, each registered by the app that writes it (issue 8 §3).

Every app declares the events it records in its own ``audit_events.py`` (``AUDIT_EVENTS``) and
registers them from its ``AppConfig.ready()``; :func:`audit.services.audit_record` refuses an
event type nobody registered, so a misspelt or undeclared event fails where it is written (in
the tests), never silently into the chain. A family whose last part is data (``"board.hearing_*"``,
the admin's ``"admin.*"``) is registered with a trailing ``*``.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ImproperlyConfigured

_EVENTS: dict[str, str] = {}
_FAMILIES: dict[str, str] = {}


class UnknownAuditEvent(ValueError):
    """An event type no app registered."""


def register_audit_events(app_label: str, events: Iterable[str]) -> None:
    for event in events:
        table, key = (_FAMILIES, event[:-1]) if event.endswith("*") else (_EVENTS, event)
        owner = table.setdefault(key, app_label)
        if owner != app_label:
            raise ImproperlyConfigured(
                f"The audit event {event!r} is registered by both {owner} and {app_label}.")


def audit_event_known(action: str) -> bool:
    return action in _EVENTS or any(action.startswith(p) for p in _FAMILIES)


def require_known_event(action: str) -> None:
    if not audit_event_known(action):
        raise UnknownAuditEvent(
            f"Unknown audit event type {action!r}: declare it in the writing app's "
            "audit_events.py (AUDIT_EVENTS) so its AppConfig registers it.")


def registered_events() -> dict[str, str]:
    """Every registered event type (families with their ``*``) and the app that owns it."""
    return {**_EVENTS, **{f"{p}*": app for p, app in _FAMILIES.items()}}

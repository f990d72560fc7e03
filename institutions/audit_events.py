"""The audit events of the calendar and deadlines (registered by InstitutionsConfig.ready)."""

from .services.settings import AUDIT_EVENTS as SETTINGS_EVENTS

AUDIT_EVENTS = (
    "deadline.registered", "deadline.completed", "deadline.cancelled", "deadline.extended",
    "deadline.paused", "deadline.resumed", "deadline.missed", "deadline.window_closed",
    "deadline.reminder_before_sent", "deadline.reminder_due_sent", "deadline.escalated",
    *SETTINGS_EVENTS,
)

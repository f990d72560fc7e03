"""The audit events of the Safe Contact scheme (registered by the audit app). Equality
monitoring answers are never audited: an event would tie them to the application."""

from .services.settings import AUDIT_EVENTS as SETTINGS_EVENTS

AUDIT_EVENTS = (
    "safecontacts.applied", "safecontacts.chat_recorded", "safecontacts.induction_confirmed",
    "safecontacts.biography_written", "safecontacts.published", "safecontacts.paused",
    "safecontacts.resumed", "safecontacts.retired", "safecontacts.declined",
    "safecontacts.session_recorded", "safecontacts.attendance_changed",
    "safecontacts.contact_logged", "safecontacts.hmg_referred",
    *SETTINGS_EVENTS,
)

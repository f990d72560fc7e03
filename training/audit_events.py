"""The audit events of training (registered by the audit app)."""

from .services.completions import AUDIT_EVENTS as COMPLETION_EVENTS
from .services.imports import AUDIT_EVENTS as IMPORT_EVENTS
from .services.modules import AUDIT_EVENTS as MODULE_EVENTS
from .services.reminders import AUDIT_EVENTS as REMINDER_EVENTS
from .services.roster import AUDIT_EVENTS as ROSTER_EVENTS
from .services.sessions import AUDIT_EVENTS as SESSION_EVENTS

AUDIT_EVENTS = (
    *COMPLETION_EVENTS, *MODULE_EVENTS, *ROSTER_EVENTS, *IMPORT_EVENTS, *SESSION_EVENTS,
    *REMINDER_EVENTS,
    # 004: says which module and when, never why (the reason is never stored).
    "training.exemption_recorded",
    "training.opt_out_links_issued",
)

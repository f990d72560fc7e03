"""The audit events of accounts (registered by its AppConfig.ready)."""

from .lockout import AUDIT_EVENTS as LOCKOUT_EVENTS
from .services import AUDIT_EVENTS as SERVICE_EVENTS
from .tokens import AUDIT_EVENTS as TOKEN_EVENTS
from .workspace import AUDIT_EVENTS as WORKSPACE_EVENTS

AUDIT_EVENTS = (*SERVICE_EVENTS, *WORKSPACE_EVENTS, *LOCKOUT_EVENTS, *TOKEN_EVENTS)

__all__ = ["AUDIT_EVENTS"]

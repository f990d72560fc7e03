"""The audit events of accounts (registered by its AppConfig.ready)."""

from .services import AUDIT_EVENTS as SERVICE_EVENTS
from .workspace import AUDIT_EVENTS as WORKSPACE_EVENTS

AUDIT_EVENTS = (*SERVICE_EVENTS, *WORKSPACE_EVENTS)

__all__ = ["AUDIT_EVENTS"]

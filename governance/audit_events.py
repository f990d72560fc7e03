"""The audit events of governance (registered by its AppConfig.ready)."""

from .services import AUDIT_EVENTS

__all__ = ["AUDIT_EVENTS"]

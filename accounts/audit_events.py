"""The audit events of accounts (registered by its AppConfig.ready)."""

from .services import AUDIT_EVENTS

__all__ = ["AUDIT_EVENTS"]

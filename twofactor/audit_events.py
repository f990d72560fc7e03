"""The audit events of two-factor authentication (registered by audit's AppConfig)."""

from .services import AUDIT_EVENTS

__all__ = ["AUDIT_EVENTS"]

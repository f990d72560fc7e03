"""The audit events of precautionary measures (registered by PrecautionaryConfig.ready)."""

AUDIT_EVENTS = ("precautionary.risk_requested",)

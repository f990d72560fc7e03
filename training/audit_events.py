"""The audit events of training (registered by the audit app)."""

AUDIT_EVENTS = (
    "training.completion_recorded",
)

"""The audit events of training (registered by the audit app)."""

AUDIT_EVENTS = (
    "training.completion_recorded",
    # 004: says which module and when, never why (the reason is never stored).
    "training.exemption_recorded",
    "training.opt_out_links_issued",
)

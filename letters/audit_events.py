"""The audit events of the letters module (registered when audit is ready)."""

AUDIT_EVENTS = ("letter.issued", "letter.corrected", "letter.delivered",
                "letter_template.updated",
                "letter.link_sent", "letter.opened", "letter.handover_due")

"""The audit events of governance (registered by the audit app)."""

AUDIT_EVENTS = (
    "governance.relationship_declared", "governance.relationship_declaration_changed",
    "governance.relationship_declaration_withdrawn", "governance.relationship_declaration_ended",
    "governance.relationship_declaration_reviewed",
    "governance.risk_assessment_created", "governance.risk_assessment_changed",
    "governance.risk_assessment_activated", "governance.risk_assessment_reviewed",
    "governance.risk_assessment_closed",
    "governance.policy_created", "governance.policy_changed",
    "governance.policy_version_approved", "governance.policy_retired",
    "governance.action_plan_created", "governance.action_plan_changed",
    "governance.action_plan_version_recorded",
    "governance.action_item_added", "governance.action_item_changed",
    "governance.action_item_progress_recorded",
)

"""The audit events Report + Support records (registered by ReportingConfig.ready)."""

from .services.catalogue import AUDIT_EVENTS as CATALOGUE_EVENTS
from .services.settings import AUDIT_EVENTS as SETTINGS_EVENTS

AUDIT_EVENTS = (
    "report.submitted", "report.reporter_message", "report.reporter_files",
    "report.identity_given", "report.assigned", "report.status", "report.tags",
    "report.appointment", "report.support_action", "report.message_sent", "report.note_added",
    "report.referred_to_hr", "report.risk_assessment_requested", "report.escalated",
    "report.closed",
    *CATALOGUE_EVENTS, *SETTINGS_EVENTS,
)

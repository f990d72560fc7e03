"""The audit events of insights (registered by the audit app): the settings', and those of
insight reports and external figures. No event holds a figure: only what happened, to which
version, by whom."""

from .services.settings import AUDIT_EVENTS as SETTINGS_EVENTS

AUDIT_EVENTS = (
    *SETTINGS_EVENTS,
    "insights.report_generated", "insights.report_regenerated", "insights.report_edited",
    "insights.report_approved", "insights.report_sent_back", "insights.report_published",
    "insights.report_superseded", "insights.report_correction_started",
    "insights.report_discarded", "insights.external_imported", "insights.external_withdrawn",
)

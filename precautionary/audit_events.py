"""The audit events of precautionary measures (registered by the audit app)."""

from .services.settings import AUDIT_EVENTS as SETTINGS_EVENTS

AUDIT_EVENTS = (
    "precautionary.risk_requested", "precautionary.matter_opened",
    "precautionary.member_appointed", "precautionary.member_ended",
    "precautionary.protected_added", "precautionary.matter_closed",
    "precautionary.stage_changed", "precautionary.risk_assessed",
    "precautionary.measures_proposed", "precautionary.representations_invited",
    "precautionary.representations_skipped", "precautionary.representations_received",
    "precautionary.measures_decided", "precautionary.proposal_withdrawn",
    "precautionary.appeal_lodged", "precautionary.appeal_decided",
    "precautionary.review_requested", "precautionary.reviewed", "precautionary.shared",
    "precautionary.breach_recorded", "precautionary.breach_referred",
    "precautionary.lifted", "precautionary.ended_with_case",
    "precautionary.continue_after_case", "precautionary.expired",
    "precautionary.catalogue_changed",
    *SETTINGS_EVENTS,
)

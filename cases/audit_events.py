"""The audit events the disciplinary procedure records (registered by CasesConfig.ready)."""

from .services.alumni import AUDIT_EVENTS as ALUMNI_EVENTS
from .services.appeal_grounds import AUDIT_EVENTS as APPEAL_GROUND_EVENTS
from .services.contact import AUDIT_EVENTS as CONTACT_EVENTS
from .services.delays import AUDIT_EVENTS as DELAY_EVENTS
from .services.informal_reviews import AUDIT_EVENTS as INFORMAL_REVIEW_EVENTS
from .services.penalties import AUDIT_EVENTS as PENALTY_EVENTS
from .services.settings import AUDIT_EVENTS as SETTINGS_EVENTS
from .services.students import AUDIT_EVENTS as STUDENT_EVENTS

AUDIT_EVENTS = (
    "case.opened", "case.allegation_added",
    "case.intake_decided", "case.assigned", "case.unassigned",
    "case.informal_outcome", "case.referred_to_formal", "case.formal_decided", "case.paused",
    "case.resumed", "case.deadline_extended", "case.closed_no_appeal",
    "board.notice_sent", "board.objection_received", "board.objection_decided",
    "board.renotice_needed", "board.renotice_needs_new_date", "board.hearing_*",
    # "board.alumni_team_informed": recorded before §63 was done (kept for old histories).
    "board.decided", "board.alumni_team_informed",
    "appeal.lodged", "appeal.late_accepted", "appeal.late_refused", "appeal.decided",
    "appeal.panel_convened", "appeal.panel_decided", *INFORMAL_REVIEW_EVENTS,
    "evidence.added",
    "case.allegation_notice_issued", "investigation.meeting_recorded",
    "investigation.statement_recorded", "investigation.statement_agreement",
    "investigation.evidence_requested", "investigation.evidence_request_answered",
    "investigation.report_submitted",
    *ALUMNI_EVENTS, *DELAY_EVENTS, *PENALTY_EVENTS, *APPEAL_GROUND_EVENTS, *SETTINGS_EVENTS,
    *STUDENT_EVENTS, *CONTACT_EVENTS, "appeal.lodged_online",
)

from .appeals import Appeal, AppealGround, AppealPanel, AppealPanelMember, InformalReview
from .board import BoardNotice, BoardObjection, BoardVote, Hearing
from .case import (
    Allegation,
    Case,
    CaseAssignment,
    CaseCounter,
    CasePause,
    CaseUserObjectPermission,
    EvidenceDocument,
    Party,
    PauseNotice,
    Student,
)
from .choices import (
    APPEAL_PANEL_ROLES,
    APPEAL_WINDOW_STAGES,
    BOARD_ROLES,
    OPEN_STAGES,
    OUTSIDE_PROCEDURE,
    AppealRoute,
    Authority,
    CaseRole,
    MisconductCategory,
    MisconductType,
    RegistrationStatus,
    Severity,
    Stage,
)
from .contact import ContactPreference
from .delays import CaseDelay
from .investigation import (
    EvidenceRequest,
    Interviewee,
    InvestigationMeeting,
    InvestigatorReport,
    Statement,
)
from .letters import Letter, LetterKind, LetterTemplate
from .outcomes import ImposedPenalty, Outcome, PenaltyAuthority, PenaltyType
from .settings import CaseSettings

__all__ = [
    "APPEAL_PANEL_ROLES", "APPEAL_WINDOW_STAGES", "AppealPanel", "AppealPanelMember",
    "AppealRoute", "BOARD_ROLES", "InformalReview", "OPEN_STAGES", "OUTSIDE_PROCEDURE",
    "Allegation",
    "Appeal",
    "AppealGround", "Authority", "BoardNotice", "BoardObjection", "BoardVote", "Case",
    "CaseAssignment", "CaseCounter", "CaseDelay", "CasePause", "CaseRole", "CaseSettings",
    "PauseNotice",
    "CaseUserObjectPermission", "ContactPreference",
    "EvidenceDocument", "EvidenceRequest", "Hearing", "ImposedPenalty", "Letter", "LetterKind",
    "LetterTemplate",
    "MisconductCategory", "MisconductType", "Outcome", "Party", "PenaltyAuthority",
    "PenaltyType", "RegistrationStatus", "Severity", "Stage", "Student",
    "InvestigationMeeting", "InvestigatorReport", "Interviewee", "Statement",
]

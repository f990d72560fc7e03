from .appeals import Appeal, AppealGround
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
    Student,
)
from .choices import (
    APPEAL_WINDOW_STAGES,
    BOARD_ROLES,
    OPEN_STAGES,
    OUTSIDE_PROCEDURE,
    Authority,
    CaseRole,
    MisconductCategory,
    MisconductType,
    RegistrationStatus,
    Severity,
    Stage,
)
from .contact import ContactPreference
from .letters import Letter, LetterKind, LetterTemplate
from .outcomes import ImposedPenalty, Outcome, PenaltyAuthority, PenaltyType
from .settings import CaseSettings

__all__ = [
    "APPEAL_WINDOW_STAGES", "BOARD_ROLES", "OPEN_STAGES", "OUTSIDE_PROCEDURE", "Allegation",
    "Appeal",
    "AppealGround", "Authority", "BoardNotice", "BoardObjection", "BoardVote", "Case",
    "CaseAssignment", "CaseCounter", "CasePause", "CaseRole", "CaseSettings",
    "CaseUserObjectPermission", "ContactPreference",
    "EvidenceDocument", "Hearing", "ImposedPenalty", "Letter", "LetterKind", "LetterTemplate",
    "MisconductCategory", "MisconductType", "Outcome", "Party", "PenaltyAuthority",
    "PenaltyType", "RegistrationStatus", "Severity", "Stage", "Student",
]

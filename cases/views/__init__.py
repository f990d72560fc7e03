"""Staff pages for cases, under /<institution_slug>/staff/cases/."""

from .board_appeals import (
    AppealDecisionView,
    AppealLodgeView,
    AppealPanelConveneView,
    AppealPanelDecisionView,
    BoardDecisionView,
    BoardNoticeView,
    CloseNoAppealView,
    CompletionLetterView,
    HearingView,
    InformalReviewAppointView,
    InformalReviewCompleteView,
    InformalReviewRequestView,
    LateAppealDecisionView,
    ObjectionDecisionView,
    ObjectionView,
)
from .delays import DelayNotifyView, PauseToldView
from .pages import case_detail, case_open_view, evidence_download, letter_download, queue
from .transitions import (
    AllegationFromBreachView,
    AssignView,
    EvidenceAddView,
    ExtendDeadlineView,
    FormalDecisionView,
    InformalOutcomeView,
    IntakeDecisionView,
    LetterDeliveryView,
    PauseView,
    ReferToFormalView,
    ResumeView,
    UnassignView,
)

__all__ = [
    "AllegationFromBreachView", "AppealDecisionView", "AppealLodgeView",
    "AppealPanelConveneView", "AppealPanelDecisionView", "AssignView",
    "InformalReviewAppointView", "InformalReviewCompleteView", "InformalReviewRequestView",
    "BoardDecisionView", "DelayNotifyView", "PauseToldView",
    "BoardNoticeView", "CloseNoAppealView", "CompletionLetterView", "EvidenceAddView",
    "ExtendDeadlineView", "FormalDecisionView", "HearingView", "InformalOutcomeView",
    "IntakeDecisionView", "LateAppealDecisionView", "LetterDeliveryView", "ObjectionDecisionView",
    "ObjectionView",
    "PauseView", "ReferToFormalView", "ResumeView", "UnassignView", "case_detail",
    "case_open_view", "evidence_download", "letter_download", "queue",
]

"""Forms for the staff case pages. Forms turn text into values; the services decide."""

from .allegations import AllegationFromBreachForm
from .appeals import (
    AppealDecisionForm,
    AppealLodgeForm,
    AppealPanelConveneForm,
    AppealPanelDecisionForm,
    ConfirmForm,
    InformalReviewAppointForm,
    InformalReviewCompleteForm,
    InformalReviewRequestForm,
    LateAppealDecisionForm,
)
from .base import add_service_errors
from .board import (
    BoardDecisionForm,
    BoardNoticeForm,
    HearingForm,
    ObjectionDecisionForm,
    ObjectionForm,
)
from .decisions import (
    AssignForm,
    AssignRoleForm,
    FormalDecisionForm,
    InformalOutcomeForm,
    ReferToFormalForm,
    UnassignForm,
    assignable_roles,
)
from .delays import DelayNotifyForm, PauseToldForm
from .intake import CaseOpenForm, IntakeDecisionForm
from .other import (
    EvidenceForm,
    ExtendDeadlineForm,
    LetterDeliveryForm,
    PauseForm,
    QueueFilterForm,
    ResumeForm,
)

__all__ = [
    "AllegationFromBreachForm", "AppealDecisionForm", "AppealLodgeForm",
    "AppealPanelConveneForm", "AppealPanelDecisionForm", "AssignForm",
    "InformalReviewAppointForm", "InformalReviewCompleteForm",
    "InformalReviewRequestForm",
    "AssignRoleForm",
    "BoardDecisionForm", "BoardNoticeForm", "CaseOpenForm", "ConfirmForm", "DelayNotifyForm",
    "EvidenceForm",
    "ExtendDeadlineForm", "FormalDecisionForm", "HearingForm", "InformalOutcomeForm",
    "IntakeDecisionForm", "LateAppealDecisionForm", "LetterDeliveryForm",
    "ObjectionDecisionForm",
    "ObjectionForm", "PauseForm", "PauseToldForm", "QueueFilterForm", "ReferToFormalForm",
    "ResumeForm",
    "UnassignForm", "add_service_errors", "assignable_roles",
]

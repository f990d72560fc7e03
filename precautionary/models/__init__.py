"""Precautionary measures (002 §19-23; Midshire's "Cause for Concern" group)."""

from .catalogue import MeasureType
from .followups import Appeal, Breach, Review, Share
from .matter import (
    Decision,
    Ground,
    Matter,
    MatterCounter,
    MatterMember,
    MatterRole,
    Measure,
    ProtectedPerson,
    RiskAssessment,
    RiskLevel,
)
from .requests import RiskAssessmentRequest
from .settings import PrecautionarySettings

__all__ = [
    "Appeal", "Breach", "Decision", "Ground", "Matter", "MatterCounter", "MatterMember",
    "MatterRole", "Measure", "MeasureType", "PrecautionarySettings", "ProtectedPerson",
    "Review", "RiskAssessment", "RiskAssessmentRequest", "RiskLevel", "Share",
]

"""Governance registers (000 §6-8, 003)."""

from .declarations import RelationshipDeclaration
from .documents import PolicyDocument, PolicyVersion
from .plans import ActionItem, ActionPlan, ActionPlanVersion
from .risks import RiskAssessment

__all__ = ["ActionItem", "ActionPlan", "ActionPlanVersion", "PolicyDocument", "PolicyVersion",
           "RelationshipDeclaration", "RiskAssessment"]

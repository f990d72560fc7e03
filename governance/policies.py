"""Who may do what in the governance registers, and when: one policy per action
(core/policies.py). Services call :func:`enforce` after locking the row they change; the pages'
"What you can do now" and the API's ``available_actions`` come from :func:`verdicts`.

Standing:

* **declarations** (000 §8): any member of staff declares their own; the declarer ends it (so
  may an HR partner); an HR partner reviews it (never their own) and records the plan, the
  outcome and, for a prohibited relationship, the action taken. The institution admin reads
  every declaration and corrects or withdraws one in the Django admin (governance/admin.py);
* **registers** (000 §6-7, 003): the governance officer and the institution admin create and
  change every row; the owner of a risk assessment, a policy or a plan works on their own (the
  controls and reviews, a new approved version, the plan's items); the lead of an item records
  its progress.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.models import Membership
from accounts.roles import Role
from accounts.selectors import membership_get
from core.policies import PolicySet, Refusal, Verdict, blocked, role_refusal, stage_refusal

from .errors import GovernanceError
from .models import (
    ActionItem,
    ActionPlan,
    PolicyDocument,
    RelationshipDeclaration,
    RiskAssessment,
)
from .roles import GOVERNANCE_OFFICER, HR_PARTNER

__all__ = ["GovernanceActor", "actor_for", "enforce", "governance_policies", "verdicts"]

#: Who keeps the registers (risk assessments, policies, action plans).
MANAGERS = (GOVERNANCE_OFFICER, Role.INSTITUTION_ADMIN)
#: Who reads every declaration's details.
DECLARATION_READERS = (HR_PARTNER, Role.INSTITUTION_ADMIN)

governance_policies = PolicySet(not_now=GovernanceError)


@dataclass
class GovernanceActor:
    """The person acting, in one institution, on one day."""

    membership: Membership
    user: Any
    today: dt.date

    @cached_property
    def institution(self):
        return self.membership.institution

    @property
    def manages(self) -> bool:
        return self.membership.has_role(*MANAGERS)

    @property
    def is_hr(self) -> bool:
        return self.membership.has_role(HR_PARTNER)

    @property
    def reads_declarations(self) -> bool:
        return self.membership.has_role(*DECLARATION_READERS)

    def label(self, role: str) -> str:
        return self.institution.role_label(role)

    @property
    def managers_label(self) -> str:
        return " or ".join(self.label(r) for r in MANAGERS)


def actor_for(*, actor, institution, today=None) -> GovernanceActor:
    membership = membership_get(user=actor, institution=institution)
    if membership is None:
        raise PermissionDenied("You are not a member of this institution.")
    return GovernanceActor(membership, actor, today or timezone.localdate())


def enforce(key: str, *, actor, institution, obj=None, today=None) -> GovernanceActor:
    """Refuse (PermissionDenied or GovernanceError) unless ``actor`` may do ``key`` to ``obj``
    now."""
    who = actor_for(actor=actor, institution=institution, today=today)
    governance_policies.enforce(key, who, obj)
    return who


def verdicts(who: GovernanceActor, keys, obj=None) -> list[Verdict]:
    return governance_policies.verdicts(who, [(key, obj) for key in keys])


# -- the checks ---------------------------------------------------------------------------------
def _manager(who: GovernanceActor) -> Refusal | None:
    if who.manages:
        return None
    return role_refusal(f"Only a {who.managers_label} can do this.")


def _manager_or(who: GovernanceActor, user_id, whose: str) -> Refusal | None:
    if who.manages or (user_id is not None and user_id == who.user.pk):
        return None
    return role_refusal(f"Only {whose} or a {who.managers_label} can do this.")


# -- declarations -------------------------------------------------------------------------------
@governance_policies("declaration_end")
def _declaration_end(who: GovernanceActor, d: RelationshipDeclaration) -> Refusal | None:
    if d.declarer_id != who.user.pk and not who.is_hr:
        return role_refusal(f"Only the person who declared it or an {who.label(HR_PARTNER)} "
                            "can record that a relationship ended.")
    if d.ended_on is not None:
        return stage_refusal(f"The relationship is recorded as ended on "
                             f"{d.ended_on:%d %B %Y}.")
    return None


@governance_policies("declaration_review")
def _declaration_review(who: GovernanceActor, d: RelationshipDeclaration) -> Refusal | None:
    if not who.is_hr:
        return role_refusal(f"Only an {who.label(HR_PARTNER)} can review a declaration.")
    if d.declarer_id == who.user.pk:
        return role_refusal("You cannot review your own declaration: another "
                            f"{who.label(HR_PARTNER)} does.")
    return None


# -- risk assessments ---------------------------------------------------------------------------
RA = RiskAssessment.Status


@governance_policies("risk_create")
def _risk_create(who: GovernanceActor, obj=None) -> Refusal | None:
    return _manager(who)


def _risk_open(r: RiskAssessment, doing: str) -> Refusal | None:
    if r.status == RA.CLOSED:
        return stage_refusal(f"The risk assessment is closed; you cannot {doing}.")
    return None


@governance_policies("risk_edit")
def _risk_edit(who: GovernanceActor, r: RiskAssessment) -> Refusal | None:
    return _manager_or(who, r.owner_id, "its owner") or _risk_open(r, "change it")


@governance_policies("risk_activate")
def _risk_activate(who: GovernanceActor, r: RiskAssessment) -> Refusal | None:
    refusal = _manager_or(who, r.owner_id, "its owner")
    if refusal is None and r.status != RA.DRAFT:
        refusal = stage_refusal("Only a draft risk assessment is made active.")
    if refusal is None and not (r.controls.strip() and r.review_on):
        refusal = blocked("Record the controls and the review date before the assessment is "
                          "made active.")
    if refusal is None and r.review_on is not None and r.review_on <= who.today:
        refusal = blocked("The review date has passed: set a later one before the assessment "
                          "is made active.")
    return refusal


@governance_policies("risk_review")
def _risk_review(who: GovernanceActor, r: RiskAssessment) -> Refusal | None:
    refusal = _manager_or(who, r.owner_id, "its owner")
    if refusal is None and r.status != RA.ACTIVE:
        refusal = stage_refusal("Only an active risk assessment is reviewed.")
    return refusal


@governance_policies("risk_close")
def _risk_close(who: GovernanceActor, r: RiskAssessment) -> Refusal | None:
    return _manager_or(who, r.owner_id, "its owner") or _risk_open(r, "close it again")


# -- policies and procedures ------------------------------------------------------------------
@governance_policies("policy_create")
def _policy_create(who: GovernanceActor, obj=None) -> Refusal | None:
    return _manager(who)


def _in_force(p: PolicyDocument, doing: str) -> Refusal | None:
    if p.status != PolicyDocument.Status.IN_FORCE:
        return stage_refusal(f"{p.title} is retired; you cannot {doing}.")
    return None


@governance_policies("policy_edit")
def _policy_edit(who: GovernanceActor, p: PolicyDocument) -> Refusal | None:
    return _manager_or(who, p.owner_id, "its owner") or _in_force(p, "change it")


@governance_policies("policy_approve")
def _policy_approve(who: GovernanceActor, p: PolicyDocument) -> Refusal | None:
    return _manager_or(who, p.owner_id, "its owner") or _in_force(
        p, "record an approved version")


@governance_policies("policy_retire")
def _policy_retire(who: GovernanceActor, p: PolicyDocument) -> Refusal | None:
    return _manager(who) or _in_force(p, "retire it again")


# -- action plans -------------------------------------------------------------------------------
@governance_policies("plan_create")
def _plan_create(who: GovernanceActor, obj=None) -> Refusal | None:
    return _manager(who)


def _plan_active(plan: ActionPlan, doing: str) -> Refusal | None:
    if plan.status != ActionPlan.Status.ACTIVE:
        return stage_refusal(f"{plan.title} is archived; you cannot {doing}.")
    return None


@governance_policies("plan_edit")
def _plan_edit(who: GovernanceActor, plan: ActionPlan) -> Refusal | None:
    return _manager_or(who, plan.owner_id, "its owner") or _plan_active(plan, "change it")


@governance_policies("plan_version")
def _plan_version(who: GovernanceActor, plan: ActionPlan) -> Refusal | None:
    return _manager_or(who, plan.owner_id, "its owner") or _plan_active(
        plan, "record a new version")


@governance_policies("item_add")
def _item_add(who: GovernanceActor, plan: ActionPlan) -> Refusal | None:
    return _manager_or(who, plan.owner_id, "the plan's owner") or _plan_active(
        plan, "add an item")


@governance_policies("item_edit")
def _item_edit(who: GovernanceActor, item: ActionItem) -> Refusal | None:
    return _manager_or(who, item.plan.owner_id, "the plan's owner") or _plan_active(
        item.plan, "change its items")


@governance_policies("item_progress")
def _item_progress(who: GovernanceActor, item: ActionItem) -> Refusal | None:
    if not (who.manages or who.user.pk in (item.lead_id, item.plan.owner_id)):
        return role_refusal(f"Only the item's lead, the plan's owner or a {who.managers_label} "
                            "can record its progress.")
    return _plan_active(item.plan, "record progress")

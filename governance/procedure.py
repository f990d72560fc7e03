"""The dates the governance registers track, registered with the shared deadline mechanism
(institutions.procedure.register_rules; GovernanceConfig.ready).

Each date is chosen by a person (a review date, an item's due date), so no rule has a default
limit: the services register it with ``deadline_register_date`` against the row, assigned to its
owner or lead. The daily deadline sweep (institutions.tasks) then reminds them two working days
before and on the day; once a date has passed it tells the governance officers
(``escalate_to``) and the owner or lead again (``escalate_to_assignee``), once per date: a new
date is a new deadline."""

from __future__ import annotations

from institutions.procedure import RuleSpec

from .roles import GOVERNANCE_OFFICER

RISK_REVIEW = "governance_risk_review"
POLICY_REVIEW = "governance_policy_review"
PLAN_REVIEW = "governance_plan_review"
ITEM_DUE = "governance_item_due"
ITEM_REVIEW = "governance_item_review"

RULES = [
    RuleSpec(RISK_REVIEW, "Review of a risk assessment (000 §6)", {},
             escalate_to=GOVERNANCE_OFFICER, escalate_to_assignee=True),
    RuleSpec(POLICY_REVIEW, "Review of a policy or procedure (000 §7)", {},
             escalate_to=GOVERNANCE_OFFICER, escalate_to_assignee=True),
    RuleSpec(PLAN_REVIEW, "Review of an action plan (003)", {},
             escalate_to=GOVERNANCE_OFFICER, escalate_to_assignee=True),
    RuleSpec(ITEM_DUE, "Action plan item due (003)", {},
             escalate_to=GOVERNANCE_OFFICER, escalate_to_assignee=True),
    RuleSpec(ITEM_REVIEW, "Review of an action plan item (003)", {},
             escalate_to=GOVERNANCE_OFFICER, escalate_to_assignee=True),
]

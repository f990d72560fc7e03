"""The time limits of precautionary measures (002 §22), registered by this app
(PrecautionaryConfig.ready) so that institutions knows nothing of them."""

from __future__ import annotations

from accounts.roles import Role
from institutions.procedure import Cohort, Limit, RuleSpec, Unit

APPEAL = "precautionary_appeal"
APPEAL_RESPONSE = "precautionary_appeal_response"
REVIEW = "precautionary_review"

RULES = [
    RuleSpec(APPEAL, "Appeal against precautionary measures (§22)",
             {Cohort.STANDARD: Limit(5, Unit.WORKING_DAYS, "§22")}, window=True),
    RuleSpec(APPEAL_RESPONSE, "Response to precautionary appeal (§22)",
             {Cohort.STANDARD: Limit(5, Unit.WORKING_DAYS, "§22")}),
    RuleSpec(REVIEW, "Review of precautionary measures (§22)",
             {Cohort.STANDARD: Limit(42, Unit.CALENDAR_DAYS, "§22 (every six weeks)")},
             # An overdue review goes to the convener (precautionary.selectors.CONVENER).
             escalate_to=Role.DECISION_MAKER),
]

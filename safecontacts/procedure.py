"""How long an application may wait at each step of the Safe Contact pipeline (001) before the
EDI administrators are reminded (two working days before and on the day, by the daily deadline
sweep) and, once it has passed, told that it is overdue (``escalate_to``). Registered by this
app (SafeContactsConfig.ready); each institution may change them with its other time limits.
001 sets no limits: these defaults are the product's."""

from __future__ import annotations

from accounts.roles import Role
from institutions.procedure import Cohort, Limit, RuleSpec, Unit

CHAT = "safe_contact_chat"
INDUCTION = "safe_contact_induction"
BIOGRAPHY = "safe_contact_biography"

#: The step an application waits at -> the limit that runs while it waits there.
STEP_RULES = {"submitted": CHAT, "induction": INDUCTION, "biography": BIOGRAPHY}

RULES = [
    RuleSpec(CHAT, "Informal chat with a Safe Contact applicant (001)",
             {Cohort.STANDARD: Limit(20, Unit.WORKING_DAYS, "001 step 2")},
             escalate_to=Role.EDI_ADMIN),
    RuleSpec(INDUCTION, "Induction training of a Safe Contact applicant (001)",
             {Cohort.STANDARD: Limit(60, Unit.CALENDAR_DAYS, "001 step 3")},
             escalate_to=Role.EDI_ADMIN),
    RuleSpec(BIOGRAPHY, "Biography of a new Safe Contact approved (001)",
             {Cohort.STANDARD: Limit(15, Unit.WORKING_DAYS, "001 step 4")},
             escalate_to=Role.EDI_ADMIN),
]

"""The roles of the governance registers, registered by this app (GovernanceConfig.ready).

Decision recorded: the registers of 000 §6-7 and 003 (risk assessments, policy reviews, action
plans) are kept by a *governance officer* (003's "Head of Risk and Compliance Unit") and by the
institution admin; relationship declarations (000 §8) are reviewed by an *HR partner*, the only
staff besides the declarer and the institution admin who read their details. Owners of a risk
assessment, a policy or a plan, and the lead of a plan's item, work on their own rows without
either role."""

from accounts.roles import RoleSpec

HR_PARTNER = "hr_partner"
GOVERNANCE_OFFICER = "governance_officer"

ROLES = [
    RoleSpec(HR_PARTNER, "HR partner",
             "Review staff relationship declarations: the management plan, the outcome, and "
             "the action taken where a relationship is prohibited.",
             needs_second_factor=False),
    RoleSpec(GOVERNANCE_OFFICER, "Governance officer",
             "Keep the governance registers: risk assessments, policy and procedure reviews, "
             "action plans such as the Prevent plan, and their overdue reviews.",
             needs_second_factor=False),
]

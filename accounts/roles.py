"""The roles a member of staff can hold in an institution (DOMAIN.md, "People and roles").

Roles are registered by the app whose work they do (:func:`register_roles`, from its
``AppConfig.ready()``; the precautionary group's is ``precautionary``'s): ``Role`` below names the
roles of the apps at the base of the procedure and of those not built yet, and the registry is
what forms, the admin and the demo read (:func:`role_choices`).

Reporters, respondents, reporting parties and witnesses are parties to a report or case and need
no account, so they are not roles here. Each institution renames roles through
``institutions.RoleLabel`` ("School Secretary" vs "Academic Registrar").
"""

from django.db import models

from core.roles import (  # noqa: F401 - the registry, re-exported for the apps above accounts
    RoleSpec,
    register_roles,
    role_choices,
    role_description,
    role_generic_label,
    role_keys,
    roles_needing_second_factor,
)


class Role(models.TextChoices):
    SUPPORT_CASEWORKER = "support_caseworker", "Support caseworker"
    SAFE_CONTACT = "safe_contact", "Safe Contact"
    EDI_ADMIN = "edi_admin", "EDI administrator"
    INFORMAL_RESOLUTION_OFFICER = "informal_resolution_officer", "Informal resolution officer"
    DECISION_MAKER = "decision_maker", "Decision maker"
    INVESTIGATOR = "investigator", "Investigator"
    CLERK = "clerk", "Clerk to the Board"
    BOARD_MEMBER = "board_member", "Board member"
    APPEAL_REVIEWER = "appeal_reviewer", "Appeal reviewer"
    TRAINING_ADMIN = "training_admin", "Training administrator"
    INSIGHTS_PUBLISHER = "insights_publisher", "Insights publisher"
    INSTITUTION_ADMIN = "institution_admin", "Institution admin"
    DATA_PROTECTION = "data_protection", "Data protection officer"


#: Roles that take part in a disciplinary process and so need current specialist training
#: (000 §1b) and unconscious bias training (002 closing table).
DISCIPLINARY_ROLES = frozenset(
    {
        Role.INFORMAL_RESOLUTION_OFFICER,
        Role.DECISION_MAKER,
        Role.INVESTIGATOR,
        Role.CLERK,
        Role.BOARD_MEMBER,
        Role.APPEAL_REVIEWER,
    }
)

#: One sentence per role, shown on the staff dashboard.
ROLE_DESCRIPTIONS = {
    Role.SUPPORT_CASEWORKER: "Receive disclosures, offer appointments and support "
    "reporting parties.",
    Role.SAFE_CONTACT: "Listen and signpost in confidence; never investigate or contact the "
    "reported person.",
    Role.EDI_ADMIN: "Run the Safe Contact scheme: applications, roster, training and meetings.",
    Role.INFORMAL_RESOLUTION_OFFICER: "Resolve minor misconduct informally.",
    Role.DECISION_MAKER: "Decide whether and how a case is resolved formally; issue decisions.",
    Role.INVESTIGATOR: "Investigate cases you are appointed to.",
    Role.CLERK: "Clerk the Board: notices, arrangements and the record of the hearing.",
    Role.BOARD_MEMBER: "Sit on the Board and vote on offence and penalty.",
    Role.APPEAL_REVIEWER: "Review appeals on paper.",
    Role.TRAINING_ADMIN: "Keep training modules and completion records.",
    Role.INSIGHTS_PUBLISHER: "Prepare and publish termly insight reports.",
    Role.INSTITUTION_ADMIN: "Configure the institution: procedure, calendar, staff and letters.",
    Role.DATA_PROTECTION: "Answer subject access requests and keep the data's lifecycle "
    "(issue 14).",
}


#: Roles that see no case, report, measure or Safe Contact material (training records and
#: published aggregate counts): a password login holding only these needs no second factor
#: (issue 14 item 2). Every other role does.
WITHOUT_CASE_MATERIAL = frozenset({Role.TRAINING_ADMIN, Role.INSIGHTS_PUBLISHER})

register_roles("accounts", [RoleSpec(role.value, role.label, ROLE_DESCRIPTIONS.get(role, ""),
                                     needs_second_factor=role not in WITHOUT_CASE_MATERIAL)
                            for role in Role])

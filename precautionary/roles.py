"""The roles of precautionary measures, registered by this app (PrecautionaryConfig.ready)."""

from accounts.roles import RoleSpec

PRECAUTIONARY_GROUP = "precautionary_group"
#: Security staff who enforce measures in force (§22: told on a need-to-know basis). They see
#: the minimal "active measures" list of what was shared with security, nothing of a matter.
SECURITY = "security"

ROLES = [RoleSpec(PRECAUTIONARY_GROUP, "Precautionary group member",
                  "Assess risk and decide precautionary measures."),
         RoleSpec(SECURITY, "Security",
                  "Enforce the precautionary measures in force that were shared with security: "
                  "the student, the measure and its scope, until when.")]

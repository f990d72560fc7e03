"""The roles of precautionary measures, registered by this app (PrecautionaryConfig.ready):
the group that assesses risk and decides measures, and the security staff who enforce them
(§22: security are told of the measures in force, never the reasons)."""

from accounts.roles import RoleSpec

PRECAUTIONARY_GROUP = "precautionary_group"
SECURITY = "security"

ROLES = [RoleSpec(PRECAUTIONARY_GROUP, "Precautionary group member",
                  "Assess risk and decide precautionary measures."),
         RoleSpec(SECURITY, "Security",
                  "See the precautionary measures in force, to enforce them.")]

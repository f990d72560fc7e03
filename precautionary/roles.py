"""The roles of precautionary measures, registered by this app (PrecautionaryConfig.ready)."""

from accounts.roles import RoleSpec

PRECAUTIONARY_GROUP = "precautionary_group"
#: Security staff who enforce measures in force: they see the minimal "active measures" list
#: (name, description without a photo, type, scope, until when), nothing else (§22).
SECURITY = "security"

ROLES = [RoleSpec(PRECAUTIONARY_GROUP, "Precautionary group member",
                  "Assess risk and decide precautionary measures."),
         RoleSpec(SECURITY, "Security",
                  "Enforce precautionary measures in force: see who is excluded from where.")]

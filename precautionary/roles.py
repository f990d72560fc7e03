"""The role of precautionary measures, registered by this app (PrecautionaryConfig.ready)."""

from accounts.roles import RoleSpec

PRECAUTIONARY_GROUP = "precautionary_group"

ROLES = [RoleSpec(PRECAUTIONARY_GROUP, "Precautionary group member",
                  "Assess risk and decide precautionary measures.")]

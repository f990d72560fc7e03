"""The role of this app, registered by RetentionConfig.ready (issue 14 item 5).

The data protection officer keeps the retention schedule's records: the list of what is due
for deletion and the legal holds. The institution admin may do the same."""

from accounts.roles import Role, RoleSpec

DATA_PROTECTION_OFFICER = "data_protection_officer"

ROLES = [
    RoleSpec(DATA_PROTECTION_OFFICER, "Data protection officer",
             "Keep the retention schedule: review what is due for deletion and place or "
             "release legal holds."),
]

#: Who sees the due list and places or releases legal holds.
KEEPERS = (DATA_PROTECTION_OFFICER, Role.INSTITUTION_ADMIN)

"""The role of this app, registered by RetentionConfig.ready (issue 14 item 5).

The data protection officer keeps the retention schedule's records: the list of what is due
for deletion and the legal holds. The institution admin may do the same."""

from accounts.roles import Role, RoleSpec

#: One data protection officer for the data's whole lifecycle: the role is declared by accounts
#: (it answers subject access requests too, subjectaccess/).
DATA_PROTECTION_OFFICER = Role.DATA_PROTECTION

#: No role of its own.
ROLES: list[RoleSpec] = []

#: Who sees the due list and places or releases legal holds.
KEEPERS = (DATA_PROTECTION_OFFICER, Role.INSTITUTION_ADMIN)

"""The data protection officer (issue 14) answers subject access requests. The role is in
``accounts.roles.Role`` (key ``data_protection``, "Data protection officer"), registered there
because more than one app of issue 14 (subject access, retention) relies on it."""

from accounts.roles import Role

DATA_PROTECTION = Role.DATA_PROTECTION

"""The database role the application connects as, which owns nothing (issue 7 §4).

Migrations run as the tables' owner; the web process, the worker and beat connect as a login
role with only SELECT, INSERT, UPDATE and DELETE on tables and USAGE on sequences, so they
cannot TRUNCATE, ALTER or DROP anything, nor disable the audit triggers (only an owner can).
On the tables of :data:`RESTRICTED` it has less: audit events may only be read and appended,
chain heads read, created and moved on, never deleted.

``manage.py create_app_role`` runs these statements as the owner. It is idempotent and
re-synchronises every grant, so run it after each ``migrate``; default privileges cover tables
a later migration creates in the meantime (but give them full DML until it is run again).
"""

from __future__ import annotations

from django.apps import apps
from psycopg2 import sql

FULL = ("SELECT", "INSERT", "UPDATE", "DELETE")

#: Tables the application may not change freely: model label -> privileges.
RESTRICTED = {
    "audit.AuditEvent": ("SELECT", "INSERT"),
    "audit.AuditChainHead": ("SELECT", "INSERT", "UPDATE"),
    # Reads are sealed by setting ``checkpoint`` once; the trigger of migration 0004 refuses
    # any other UPDATE, and DELETE is not granted.
    "audit.AccessEvent": ("SELECT", "INSERT", "UPDATE"),
    "audit.AccessCheckpoint": ("SELECT", "INSERT"),
    # Written only by the SECURITY DEFINER functions of core/rls/: a row the application
    # could write itself would open the cross-institution path without an audit.
    "core.CrossInstitutionGrant": (),
}

ROLE_OPTIONS = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"


def _privileges(names) -> sql.Composable:
    return sql.SQL(", ").join(sql.SQL(name) for name in names)


def app_role_statements(*, name: str, password: str, database: str, exists: bool
                        ) -> list[sql.Composable]:
    role = sql.Identifier(name)
    verb = "ALTER" if exists else "CREATE"
    statements = [
        sql.SQL(f"{verb} ROLE {{}} WITH {ROLE_OPTIONS} PASSWORD {{}}").format(
            role, sql.Literal(password)),
        sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(sql.Identifier(database), role),
        sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(role),
        sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {}").format(role),
        sql.SQL("REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {}").format(role),
        sql.SQL("GRANT {} ON ALL TABLES IN SCHEMA public TO {}").format(_privileges(FULL), role),
        sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(role),
        sql.SQL("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT {} ON TABLES TO {}").format(
            _privileges(FULL), role),
        sql.SQL("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES "
                "TO {}").format(role),
    ]
    for label, privileges in RESTRICTED.items():
        table = sql.Identifier(apps.get_model(label)._meta.db_table)
        statements.append(sql.SQL("REVOKE ALL ON {} FROM {}").format(table, role))
        if privileges:
            statements.append(
                sql.SQL("GRANT {} ON {} TO {}").format(_privileges(privileges), table, role))
    return statements

"""Which tables row-level security protects, and the SQL that protects them (see ``core.rls``)."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Model

logger = logging.getLogger(__name__)

POLICY = "tenant_isolation"
INSTITUTION_SETTING = "app.institution_id"
USER_SETTING = "app.user_id"
CURRENT_INSTITUTION = f"NULLIF(current_setting('{INSTITUTION_SETTING}', true), '')::bigint"
CURRENT_USER = f"NULLIF(current_setting('{USER_SETTING}', true), '')::bigint"
CROSS = "(SELECT rls_cross_institution_active())"
INSTITUTION_MODEL = "institutions.Institution"

#: Tables that hold no tenant's data, and why. Keyed by model label.
NOT_TENANT: dict[str, str] = {
    "institutions.Institution": "the tenants themselves: read to resolve a URL's slug and to "
                                "fan work out per institution; holds no tenant's records",
    "accounts.User": "one login serves every institution; a user's data in an institution is "
                     "in its memberships",
    "accounts.User_groups": "Django groups of a login (unused by tenants)",
    "accounts.User_user_permissions": "Django permissions of a login (superusers' admin)",
    "admin.LogEntry": "the Django admin's own log; its writes are also in each institution's "
                      "audit chain (audit_admin_write)",
    "auth.Permission": "Django's permission catalogue",
    "auth.Group": "Django groups, not used per institution",
    "auth.Group_permissions": "Django groups, not used per institution",
    "contenttypes.ContentType": "Django's model catalogue",
    "sessions.Session": "signed-in sessions, read before any institution is known",
    "guardian.UserObjectPermission": "generic object permissions; tenant objects use their "
                                     "direct tables (cases/reporting *UserObjectPermission)",
    "guardian.GroupObjectPermission": "generic object permissions, not used for tenant data",
    "axes.AccessAttempt": "sign-in lockout counters, before any institution is known",
    "axes.AccessAttemptExpiration": "sign-in lockout counters, before any institution is known",
    "axes.AccessFailureLog": "sign-in lockout log, before any institution is known",
    "axes.AccessLog": "sign-in log, before any institution is known",
    "core.RateCount": "rate-limit counters keyed by an HMAC; no tenant data",
    "core.CrossInstitutionGrant": "the audit of the cross-institution path itself; written "
                                  "only by its SECURITY DEFINER function",
    "otp_totp.TOTPDevice": "a login's second factor, used before any institution is chosen",
    "otp_static.StaticDevice": "a login's recovery codes, used before any institution",
    "otp_static.StaticToken": "a login's recovery codes, used before any institution",
    "django_otp_webauthn.WebAuthnCredential": "a login's passkeys, used before any institution",
    "django_otp_webauthn.WebAuthnAttestation": "a login's passkeys, used before any "
                                               "institution",
    "django_otp_webauthn.WebAuthnUserHandle": "a login's passkeys, used before any institution",
}


@dataclass(frozen=True)
class TablePolicy:
    label: str
    table: str
    expression: str
    #: Columns the expression needs (it is applied only once they exist).
    columns: tuple[str, ...]

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(self.expression.encode()).hexdigest()[:16]


def _related(field) -> type[Model] | None:
    related = field.related_model if field.is_relation else None
    return related if isinstance(related, type) else None


def _institution_fk(model: type[Model]):
    for field in model._meta.concrete_fields:
        related = _related(field)
        if (field.name == "institution" and related is not None
                and related._meta.label == INSTITUTION_MODEL):
            return field
    return None


def _direct_expression(model: type[Model], field) -> str:
    column = field.column
    clauses = [f"{column} = {CURRENT_INSTITUTION}"]
    if field.null:
        clauses.append(f"{column} IS NULL")
    label = model._meta.label
    if label == "accounts.Membership":
        clauses.append(f"user_id = {CURRENT_USER}")
    elif label == "accounts.MembershipRole":
        membership = apps.get_model("accounts", "Membership")._meta.db_table
        clauses.append(f"membership_id IN (SELECT id FROM {membership} "  # noqa: S608
                       f"WHERE user_id = {CURRENT_USER})")  # (names from the model registry)
    clauses.append(CROSS)
    return " OR ".join(clauses)


def _managed(model: type[Model]) -> bool:
    return not (model._meta.proxy or not model._meta.managed or model._meta.swapped)


def table_policies() -> dict[str, TablePolicy]:
    """Every tenant table's policy, by table name."""
    policies: dict[str, TablePolicy] = {}
    models = [m for m in apps.get_models(include_auto_created=True) if _managed(m)]
    for model in models:
        field = _institution_fk(model)
        if field is not None:
            policies[model._meta.db_table] = TablePolicy(
                model._meta.label, model._meta.db_table, _direct_expression(model, field),
                (field.column,))
    for model in models:
        if not model._meta.auto_created or model._meta.db_table in policies:
            continue
        # A many-to-many link: visible while its tenant end is. A correlated EXISTS (one
        # primary-key probe per link row read), not ``IN (SELECT ...)``: the planner hashed
        # that over every row of the parent visible to the institution, ~17 ms a prefetch at
        # the largest institution of BENCHMARKS.md's 100k (bench_rls).
        for field in model._meta.concrete_fields:
            parent = _related(field)
            if parent is not None and parent._meta.db_table in policies:
                table, parent_table = model._meta.db_table, parent._meta.db_table
                expression = (f"EXISTS (SELECT 1 FROM {parent_table} WHERE "  # noqa: S608
                              f"{parent_table}.{parent._meta.pk.column} = "
                              f"{table}.{field.column})")  # (names from the model registry)
                policies[model._meta.db_table] = TablePolicy(
                    model._meta.label, model._meta.db_table, expression, (field.column,))
                break
    return policies


def unprotected_models() -> list[str]:
    """Labels of tables that are neither protected nor in :data:`NOT_TENANT` (should be [])."""
    protected = table_policies()
    return sorted(m._meta.label for m in apps.get_models(include_auto_created=True)
                  if _managed(m) and m._meta.db_table not in protected
                  and m._meta.label not in NOT_TENANT)


# -- the SQL --------------------------------------------------------------------------------

def _grant_table() -> str:
    return apps.get_model("core", "CrossInstitutionGrant")._meta.db_table


def function_statements() -> list[str]:  # the SQL below names only the registry's table
    grants = _grant_table()
    safe_path = "SET search_path = pg_catalog, public, pg_temp"
    return [
        f"""CREATE OR REPLACE FUNCTION rls_cross_institution_begin(reason text, actor bigint)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER {safe_path} AS $fn$
DECLARE granted bigint;
BEGIN
  IF coalesce(btrim(reason), '') = '' THEN
    RAISE EXCEPTION 'a cross-institution read needs a reason';
  END IF;
  INSERT INTO {grants} (reason, actor_id, db_user, backend_pid, xact_started, started_at)
  VALUES (left(reason, 300), actor,
          CASE current_setting('role') WHEN 'none' THEN session_user::text
               ELSE current_setting('role') END,
          pg_backend_pid(), now(), clock_timestamp())
  RETURNING id INTO granted;
  RETURN granted;
END $fn$""",
        f"""CREATE OR REPLACE FUNCTION rls_cross_institution_end(granted bigint)
RETURNS void LANGUAGE sql SECURITY DEFINER {safe_path} AS $fn$
  UPDATE {grants} SET ended_at = clock_timestamp()
  WHERE id = granted AND backend_pid = pg_backend_pid() AND ended_at IS NULL
$fn$""",
        f"""CREATE OR REPLACE FUNCTION rls_cross_institution_active()
RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER {safe_path} AS $fn$
  SELECT EXISTS (SELECT 1 FROM {grants} WHERE backend_pid = pg_backend_pid()
                 AND xact_started = now() AND ended_at IS NULL)
$fn$""",
    ]


def policy_statements(policy: TablePolicy) -> list[str]:
    table, expr = _quote(policy.table), policy.expression
    return [
        f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
        f"DROP POLICY IF EXISTS {POLICY} ON {table}",
        f"CREATE POLICY {POLICY} ON {table} USING ({expr}) WITH CHECK ({expr})",
        f"COMMENT ON POLICY {POLICY} ON {table} IS 'core.rls {policy.fingerprint}'",
    ]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def apply(using: str = DEFAULT_DB_ALIAS) -> int:
    """Create the functions and every missing or changed policy; the number of tables changed.
    Idempotent and cheap when nothing changed (one catalogue query). PostgreSQL only."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return 0
    policies = table_policies()
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema()")
        columns: dict[str, set[str]] = {}
        for table, column in cursor.fetchall():
            columns.setdefault(table, set()).add(column)
        if _grant_table() not in columns:
            return 0  # migrated back before core 0002: nothing to key the policies on
        for statement in function_statements():
            cursor.execute(statement)
        # Only its SECURITY DEFINER functions write the grants: whatever default privileges
        # gave another role on this table is taken back.
        cursor.execute(
            "SELECT DISTINCT grantee FROM information_schema.role_table_grants "
            "WHERE table_name = %s AND grantee <> current_user", [_grant_table()])
        for (grantee,) in cursor.fetchall():
            cursor.execute(f"REVOKE ALL ON {_quote(_grant_table())} FROM {_quote(grantee)}")
        cursor.execute(
            "SELECT c.relname, c.relrowsecurity, d.description FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema() "
            "LEFT JOIN pg_policy p ON p.polrelid = c.oid AND p.polname = %s "
            "LEFT JOIN pg_description d ON d.objoid = p.oid AND d.classoid = 'pg_policy'::regclass "
            "WHERE c.relkind = 'r'", [POLICY])
        current = {name: (enabled, comment) for name, enabled, comment in cursor.fetchall()}
        changed = 0
        for table, policy in policies.items():
            if table not in current or not set(policy.columns) <= columns.get(table, set()):
                continue  # not created yet (a partial migrate); the next migrate covers it
            if current[table] == (True, f"core.rls {policy.fingerprint}"):
                continue
            for statement in policy_statements(policy):
                cursor.execute(statement)
            changed += 1
    return changed


def apply_after_migrate(sender, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """``post_migrate`` handler (connected in ``CoreConfig.ready``): every ``migrate`` (and
    the test database's creation) leaves every tenant table protected, new ones included."""
    changed = apply(using)
    if changed and kwargs.get("verbosity", 1) >= 1:
        logger.info("Row-level security applied to %d tables", changed)

"""PostgreSQL row-level security: the wall behind the scoped managers (issue 15).

The scoped managers (``core.tenancy``) make a query that forgot its institution fail in Python.
Row-level security makes the database itself answer only the institution the request or task
works for, so raw SQL, a subquery or a manager that slipped through still returns nothing of
another institution.

What is protected (:func:`table_policies`, derived from the model registry, never listed by
hand):

* every concrete model with an ``institution`` foreign key: its rows are visible and writable
  only while ``app.institution_id`` names that institution. A nullable ``institution`` column
  also lets rows with no institution through (system outbox messages, global rows): they are
  nobody's tenant data;
* many-to-many link tables (``cases_appeal_grounds`` ...), which hold no ``institution_id``:
  through their tenant parent (``appeal_id IN (SELECT id FROM cases_appeal)``, itself
  filtered by its own policy);
* every other table is in :data:`NOT_TENANT`, with the reason. A table that is in neither
  fails ``tests/core/test_rls_coverage.py``, so a later migration cannot add an unprotected
  table silently.

Two extra clauses, both decided here:

* ``accounts_membership`` rows of the signed-in user (``app.user_id``) and their
  ``accounts_membershiprole`` rows are visible whatever the institution: signing in,
  choosing an institution, the second-factor rule and the account pages read one's own
  memberships before (or without) an institution. ``app.user_id`` is set for the whole
  request by :class:`RequestUserMiddleware` (a session-level setting, reset when the request
  ends; :func:`acting_user` for sign-in code that knows the user before the session does).
  It shows a user's own membership rows only, never another tenant's data;
* the explicit cross-institution path, :func:`cross_institution` (below).

The setting: ``set_config('app.institution_id', id, true)``, i.e. ``SET LOCAL``: it lasts
until the transaction ends, so it cannot leak into the next request or task on a reused
connection. :func:`tenant_transaction` opens the transaction and makes the setting first.
Requests whose URL names an institution run their view inside it
(``core.middleware.ConflictRetryMiddleware``: inside the retry, so a retried view gets a fresh
transaction); Celery tasks of ``institutions.tasks.InstitutionTask`` run their body inside it;
fan-outs read the ``Institution`` table (not tenant data) and act per institution.

Policies: ``ENABLE ROW LEVEL SECURITY`` without ``FORCE``, so the tables' owner (migrations,
``seed_demo``, the test suite, which connects as the owner) is not affected; the application
connects as the role of ``manage.py create_app_role`` (NOBYPASSRLS, owns nothing), to which
they apply. Custom settings (``app.*``) only choose which institution's rows are visible; no
setting the application's role can change turns the policies off (``row_security = off``
makes a query that would be filtered fail instead; only an owner may ALTER a table).

The cross-institution path (:func:`cross_institution`) is a SECURITY DEFINER function, not a
setting nor a second login: ``rls_cross_institution_begin(reason, actor)`` writes a
:class:`core.models.CrossInstitutionGrant` row (the application's role may not write that
table itself), and every policy also passes while that transaction holds an open grant of its
own connection (``(SELECT rls_cross_institution_active())``, evaluated once per query). So a
cross-institution read is always explicit, names its reason and leaves a row in the database,
written by the database. A second BYPASSRLS login was the alternative: it would need its own
connection, so its reads could not share the request's transaction, and its credentials would
sit beside the normal ones anyway. Used by the superuser admin and the audit verifier; the
row is written in the caller's transaction, so a block that rolls back leaves only the log
line (``core.rls`` logger).

On SQLite (development, the fast test run) nothing here touches the database except the grant
rows; the scoped managers remain the wall.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.models import Model
from django.utils import timezone
from psycopg2.extensions import TRANSACTION_STATUS_IDLE, TRANSACTION_STATUS_INTRANS

from .tenancy.context import current_institution_id, institution_context

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
        # A many-to-many link: visible while its tenant end is.
        for field in model._meta.concrete_fields:
            parent = _related(field)
            if parent is not None and parent._meta.db_table in policies:
                expression = (f"{field.column} IN (SELECT {parent._meta.pk.column} "
                              f"FROM {parent._meta.db_table})")  # noqa: S608 - the registry's
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


# -- the per-transaction setting ------------------------------------------------------------

def _set(cursor, name: str, value: int | None, *, local: bool) -> None:
    cursor.execute("SELECT set_config(%s, %s, %s)",
                   [name, "" if value is None else str(int(value)), local])


@contextlib.contextmanager
def tenant_transaction(institution_id: int | None, *, using: str = DEFAULT_DB_ALIAS
                       ) -> Iterator[None]:
    """A transaction (a savepoint when one is open) working for ``institution_id``: the
    policies then show only that institution's rows (``None``: none at all). The setting is
    made first, as ``SET LOCAL``; nested inside another institution's transaction, the outer
    setting is restored when the block ends. Also sets ``core.tenancy.context``."""
    connection = connections[using]
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=using), institution_context(institution_id):
        if connection.vendor != "postgresql":
            yield
            return
        with connection.cursor() as cursor:
            # One round trip: the previous value (for a nested block) and the new one.
            cursor.execute("SELECT current_setting(%s, true), set_config(%s, %s, true)",
                           [INSTITUTION_SETTING, INSTITUTION_SETTING,
                            "" if institution_id is None else str(int(institution_id))])
            previous = cursor.fetchone()[0] or None
        yield
        if not outermost:
            # Leaving normally, inside an outer transaction: put its setting back. (An error
            # rolls the savepoint, and the setting with it, back by itself; the outermost
            # block's SET LOCAL ends with its transaction.)
            with connection.cursor() as cursor:
                _set(cursor, INSTITUTION_SETTING, int(previous) if previous else None,
                     local=True)


SET_LOCAL = f"SELECT set_config('{INSTITUTION_SETTING}', %s, true)"


class _SetAtTransactionStart:
    """An execute wrapper: the first statement of every transaction is preceded by ``SET
    LOCAL app.institution_id`` = the institution of ``core.tenancy.context`` (none: no
    setting, so no tenant row). A statement outside any transaction (Django's autocommit) gets
    one of its own: ``BEGIN; SET LOCAL ...; <statement>; COMMIT``. So requests and tasks keep
    the transactions their services open (short, holding locks only while they change rows),
    and every one of them works for the institution. The setting's own statements go straight
    to the driver: they are not in Django's query log (nor in tests' query counts)."""

    def __init__(self) -> None:
        self.applied: str | None = None

    def __call__(self, execute, sql, params, many, context):
        raw = context["connection"].connection
        institution_id = current_institution_id()
        value = "" if institution_id is None else str(int(institution_id))
        status = raw.info.transaction_status
        if status == TRANSACTION_STATUS_INTRANS:
            if value != (self.applied or ""):  # it changed inside this transaction
                self._set(raw, value)
            return execute(sql, params, many, context)
        if status != TRANSACTION_STATUS_IDLE or not value:
            self.applied = None if status == TRANSACTION_STATUS_IDLE else self.applied
            return execute(sql, params, many, context)
        if not raw.autocommit:
            self._set(raw, value)  # begins the transaction Django has asked for
            return execute(sql, params, many, context)
        with raw.cursor() as cursor:
            cursor.execute("BEGIN; " + SET_LOCAL, [value])
        self.applied = value
        try:
            result = execute(sql, params, many, context)
        except BaseException:
            with contextlib.suppress(Exception), raw.cursor() as cursor:
                cursor.execute("ROLLBACK")
            raise
        with raw.cursor() as cursor:
            cursor.execute("COMMIT")
        return result

    def _set(self, raw, value: str) -> None:
        with raw.cursor() as cursor:
            cursor.execute(SET_LOCAL, [value])
        self.applied = value


@contextlib.contextmanager
def institution_setting(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """While the block runs, every transaction on the connection starts by setting the
    institution of ``core.tenancy.context`` (read at each transaction's start, so a request
    that learns its institution in ``process_view`` is covered). Installed around each request
    (``institutions.middleware.InstitutionMiddleware``) and each institution task
    (``institutions.tasks.InstitutionTask``). A transaction already open when the block ends
    has its setting cleared."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    wrapper = _SetAtTransactionStart()
    try:
        with connection.execute_wrapper(wrapper):
            yield
    finally:
        raw = connection.connection
        if (wrapper.applied and raw is not None
                and raw.info.transaction_status == TRANSACTION_STATUS_INTRANS):
            with raw.cursor() as cursor:
                cursor.execute(SET_LOCAL, [""])


def streamed_in(institution_id: int, content, *, using: str = DEFAULT_DB_ALIAS):
    """``content`` (a streamed response's body) read in one transaction working for the
    institution: a CSV export reads its rows while it is sent, after the request is over."""
    with tenant_transaction(institution_id, using=using):
        yield from content


def current_setting(using: str = DEFAULT_DB_ALIAS) -> int | None:
    """The institution the database connection works for now (PostgreSQL), for tests."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting(%s, true)", [INSTITUTION_SETTING])
        value = cursor.fetchone()[0]
    return int(value) if value else None


@contextlib.contextmanager
def acting_user(user_id: int | None, *, using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Let the policies show ``user_id``'s own membership rows until the block ends (a
    session-level setting: it must also hold outside transactions, e.g. in middleware), then
    clear it."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        _set(cursor, USER_SETTING, user_id, local=False)
    try:
        yield
    finally:
        _clear_user(connection)


def _clear_user(connection) -> None:
    try:
        with connection.cursor() as cursor:
            _set(cursor, USER_SETTING, None, local=False)
    except DatabaseError:
        # Never leave a reused connection acting for someone: drop it instead.
        logger.warning("Could not clear %s; closing the connection", USER_SETTING)
        if not connection.in_atomic_block:
            connection.close()


class RequestUserMiddleware:
    """Put right after ``AuthenticationMiddleware``: a signed-in user's own membership rows
    are visible to everything the request runs (the second-factor middleware, the account
    pages), the whole request long; cleared when it ends. A sign-in during the request sets
    it too (:func:`on_user_logged_in`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        connection = connections[DEFAULT_DB_ALIAS]
        if connection.vendor != "postgresql":
            return self.get_response(request)
        request._rls_user_set = False
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            with connection.cursor() as cursor:
                _set(cursor, USER_SETTING, user.pk, local=False)
            request._rls_user_set = True
        try:
            return self.get_response(request)
        finally:
            if request._rls_user_set:
                _clear_user(connection)


def on_user_logged_in(sender, request, user, **kwargs) -> None:
    """``user_logged_in``: the rest of that request reads the new user's own memberships;
    :class:`RequestUserMiddleware` clears the setting when the request ends."""
    connection = connections[DEFAULT_DB_ALIAS]
    if (connection.vendor != "postgresql" or user is None or user.pk is None
            or not hasattr(request, "_rls_user_set")):
        return
    with connection.cursor() as cursor:
        _set(cursor, USER_SETTING, user.pk, local=False)
    request._rls_user_set = True


# -- the explicit cross-institution path ----------------------------------------------------

@contextlib.contextmanager
def cross_institution(*, reason: str, actor=None, using: str = DEFAULT_DB_ALIAS
                      ) -> Iterator[None]:
    """THE way to read across institutions (the superuser admin, the audit verifier): a
    transaction in which the policies let every institution's rows through, recorded as a
    :class:`core.models.CrossInstitutionGrant` naming ``reason`` and the actor. On PostgreSQL
    the grant is written by ``rls_cross_institution_begin`` (SECURITY DEFINER) and closed when
    the block ends; on SQLite it is written by the ORM, for the same audit trail."""
    if not reason or not reason.strip():
        raise ValueError("cross_institution() needs a reason")
    actor_id = getattr(actor, "pk", actor)
    logger.warning("Cross-institution access (actor %s): %s", actor_id, reason)
    connection = connections[using]
    with transaction.atomic(using=using), institution_context(None):
        if connection.vendor != "postgresql":
            from .models import CrossInstitutionGrant

            grant = CrossInstitutionGrant.objects.using(using).create(
                reason=reason[:300], actor_id=actor_id, started_at=timezone.now())
            yield
            grant.ended_at = timezone.now()
            grant.save(update_fields=["ended_at"])
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT rls_cross_institution_begin(%s, %s)", [reason, actor_id])
            granted = cursor.fetchone()[0]
        yield
        with connection.cursor() as cursor:
            cursor.execute("SELECT rls_cross_institution_end(%s)", [granted])

"""The per-transaction setting that the policies key on, and the cross-institution path
(see ``core.rls``)."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

import psycopg2
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.utils import timezone
from psycopg2.extensions import TRANSACTION_STATUS_IDLE, TRANSACTION_STATUS_INTRANS

from ..tenancy.context import current_institution_id, institution_context
from .policies import INSTITUTION_SETTING, USER_SETTING

logger = logging.getLogger("core.rls")

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
        # Straight to the driver (as the setting of ``institution_setting``): not in Django's
        # query log, nor in tests' query counts. One round trip: the previous value (for a
        # nested block) and the new one.
        with connection.connection.cursor() as cursor:
            cursor.execute("SELECT current_setting(%s, true), set_config(%s, %s, true)",
                           [INSTITUTION_SETTING, INSTITUTION_SETTING,
                            "" if institution_id is None else str(int(institution_id))])
            previous = cursor.fetchone()[0] or None
        yield
        if not outermost:
            # Leaving normally, inside an outer transaction: put its setting back. (An error
            # rolls the savepoint, and the setting with it, back by itself; the outermost
            # block's SET LOCAL ends with its transaction.)
            with connection.connection.cursor() as cursor:
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


@contextlib.contextmanager
def working_for(institution_id: int, *, using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Work for ``institution_id`` inside a request or task that works for none (or another):
    its context, and every transaction (or autocommit statement) in the block starts with its
    setting. For sign-in code that learns the institution on the way (a lockout recorded in
    each institution's chain, the single-sign-on callback)."""
    with institution_context(institution_id), institution_setting(using):
        yield


def streamed_in(institution_id: int, content, *, using: str = DEFAULT_DB_ALIAS):
    """``content`` (a streamed response's body) read working for the institution, as the
    view's own queries were: a CSV export reads its rows while it is sent, after the request's
    middleware has returned."""
    with institution_context(institution_id), institution_setting(using):
        yield from content


def policies_apply_to_connection(using: str = DEFAULT_DB_ALIAS) -> bool:
    """True when row-level security filters this connection's queries: PostgreSQL, and the
    role is neither the tables' owner nor exempt (BYPASSRLS, superuser). Commands that must see
    every institution's rows (``rotate_encryption``) refuse to run then."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT NOT (r.rolsuper OR r.rolbypassrls OR pg_has_role(c.relowner, 'USAGE')) "
            "FROM pg_class c, pg_roles r WHERE c.relname = %s AND r.rolname = current_user",
            ["institutions_institution"])
        row = cursor.fetchone()
    return bool(row and row[0])


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
    session-level setting: it must also hold outside transactions), then put back the user
    that was set before (sign-in code that knows the user before the session does: the lockout
    audit, the single-sign-on-only rule)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
        cursor.execute("SELECT current_setting(%s, true), set_config(%s, %s, false)",
                       [USER_SETTING, USER_SETTING, "" if user_id is None else str(int(user_id))])
        previous = cursor.fetchone()[0] or None
    try:
        yield
    finally:
        if previous:
            with connection.connection.cursor() as cursor:
                _set(cursor, USER_SETTING, int(previous), local=False)
        else:
            _clear_user(connection)


def _clear_user(connection) -> None:
    try:
        with connection.connection.cursor() as cursor:
            _set(cursor, USER_SETTING, None, local=False)
    except (DatabaseError, psycopg2.Error, AttributeError):  # AttributeError: it was closed
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
            connection.ensure_connection()
            with connection.connection.cursor() as cursor:  # not in Django's query log
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
    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
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
    try:
        with transaction.atomic(using=using), institution_context(None):
            granted = _grant_begin(connection, using, reason, actor_id)
            yield
            _grant_end(connection, using, granted)
    except Exception:
        # The block's transaction rolled back, and its grant with it: the access happened all
        # the same, so it is recorded again, marked, in a transaction of its own.
        _grant_rolled_back(connection, using, reason, actor_id)
        raise


def _grant_begin(connection, using: str, reason: str, actor_id):
    if connection.vendor != "postgresql":
        from ..models import CrossInstitutionGrant

        return CrossInstitutionGrant.objects.using(using).create(
            reason=reason[:300], actor_id=actor_id, started_at=timezone.now())
    with connection.cursor() as cursor:
        cursor.execute("SELECT rls_cross_institution_begin(%s, %s)", [reason, actor_id])
        return cursor.fetchone()[0]


def _grant_end(connection, using: str, granted) -> None:
    if connection.vendor != "postgresql":
        granted.ended_at = timezone.now()
        granted.save(update_fields=["ended_at"], using=using)
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT rls_cross_institution_end(%s)", [granted])


ROLLED_BACK = " (rolled back)"


def _grant_rolled_back(connection, using: str, reason: str, actor_id) -> None:
    """Nothing can be written while an enclosing transaction is already broken; then the log
    line above is the only trace."""
    if connection.needs_rollback:
        logger.error("Cross-institution access rolled back, grant not recorded: %s", reason)
        return
    try:
        with transaction.atomic(using=using), institution_context(None):
            marked = reason[:300 - len(ROLLED_BACK)] + ROLLED_BACK
            _grant_end(connection, using, _grant_begin(connection, using, marked, actor_id))
    except Exception:  # noqa: BLE001 - the original error is the one to raise
        logger.exception("Cross-institution access rolled back, grant not recorded: %s",
                         reason)

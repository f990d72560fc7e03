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

The setting is ``SET LOCAL`` (``set_config('app.institution_id', id, true)``): it lasts until
its transaction ends, so it cannot leak into the next request or task on a reused connection.
``core.rls.setting.institution_setting`` makes it the first statement of every transaction
opened while it is installed, from the institution of ``core.tenancy.context``; a statement
Django runs outside a transaction (autocommit) gets one of its own (``BEGIN; SET LOCAL ...;
statement; COMMIT``). It is installed around every request by
``institutions.middleware.InstitutionMiddleware`` (the institution is known once its
``process_view`` has resolved the URL's slug) and around every institution task by
``institutions.tasks.InstitutionTask``. So services keep their own short transactions (one
transaction around a whole view would hold their locks while the page renders), a view run
again by ``ConflictRetryMiddleware`` starts fresh transactions with the setting, and
``on_commit`` follow-ups run after each service's commit as before. A streamed body (a CSV
export) is read with the setting installed again (``streamed_in``). Explicit
per-institution work (the outbox relay, the audit sealing, ``verify_audit``) reads the
``Institution`` table and opens a ``tenant_transaction(institution_id)`` per institution.

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
sit beside the normal ones anyway. Used by the Django admin (``core.middleware.tenant_view``,
one grant per request). The row is written in the caller's transaction, so a block that rolls
back leaves only the log line (``core.rls`` logger).

On SQLite (development, the fast test run) nothing here touches the database except the grant
rows; the scoped managers remain the wall.

``policies`` holds the table list and the SQL, ``setting`` the per-transaction setting and the
cross-institution path; both are re-exported here.
"""

from .policies import (
    CROSS,
    CURRENT_INSTITUTION,
    CURRENT_USER,
    INSTITUTION_SETTING,
    NOT_TENANT,
    POLICY,
    USER_SETTING,
    TablePolicy,
    apply,
    apply_after_migrate,
    table_policies,
    unprotected_models,
)
from .setting import (
    RequestUserMiddleware,
    acting_user,
    cross_institution,
    current_setting,
    institution_setting,
    on_user_logged_in,
    policies_apply_to_connection,
    streamed_in,
    tenant_transaction,
    working_for,
)

__all__ = [
    "CROSS", "CURRENT_INSTITUTION", "CURRENT_USER", "INSTITUTION_SETTING", "NOT_TENANT", "POLICY",
    "USER_SETTING", "RequestUserMiddleware", "TablePolicy", "acting_user", "apply",
    "apply_after_migrate", "cross_institution", "current_setting", "institution_setting",
    "on_user_logged_in", "policies_apply_to_connection", "streamed_in", "table_policies",
    "tenant_transaction", "unprotected_models", "working_for",
]

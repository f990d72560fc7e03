"""The application connects as a role that owns nothing (``manage.py create_app_role``); with
it, the audit trail cannot be truncated, changed, deleted or stripped of its triggers. And the
owner itself cannot TRUNCATE the audit tables (migration 0004).

Each attack runs in a savepoint as the app role (``SET ROLE``), inside the test's transaction,
which rolls back the role too."""

import contextlib
import datetime as dt
import os
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from audit.anonymous import audit_seal_anonymous
from audit.models import AuditEvent
from audit.services import audit_record, audit_verify
from core.rls import tenant_transaction

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="roles, grants and the TRUNCATE trigger are PostgreSQL's"),
]

APP_ROLE = f"st_app_test_{os.getpid()}"


@pytest.fixture
def app_role():
    call_command("create_app_role", "--name", APP_ROLE, "--password", "app-role-pw",
                 stdout=StringIO())
    return APP_ROLE


@contextlib.contextmanager
def as_app_role():
    """Act as the app role until the block ends; if it fails, rolling back its savepoint undoes
    the SET ROLE. Deferred foreign-key checks run first: PostgreSQL will not TRUNCATE or ALTER
    a table with pending trigger events, which would hide the refusal under test."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f'SET ROLE "{APP_ROLE}"')
        yield cursor
        cursor.execute("RESET ROLE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def refused_for_app_role(statement, params=None, *, match):
    with pytest.raises(DatabaseError, match=match), transaction.atomic(), \
            as_app_role() as cursor:
        cursor.execute(statement, params)


@pytest.fixture
def chain(kingsway, caseworker):
    return [audit_record(institution=kingsway, actor=caseworker, action=f"k.{n}")
            for n in (1, 2, 3)]


def truncate_as_owner(table):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET LOCAL audit.allow_truncate = off")  # what the test settings set
        cursor.execute(f"TRUNCATE {table} CASCADE")


def test_the_owner_cannot_truncate_the_audit_tables(kingsway, chain):
    for table in ("audit_auditevent", "audit_auditchainhead"):
        with pytest.raises(DatabaseError, match=f"TRUNCATE of {table} refused"):
            truncate_as_owner(table)
    assert AuditEvent.objects.for_institution(kingsway).count() == 3
    assert audit_verify(kingsway) is None


@pytest.mark.usefixtures("app_role")
def test_the_app_role_cannot_disable_or_drop_the_audit_triggers(chain):
    for statement in (
        "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only",
        "ALTER TABLE audit_auditevent DISABLE TRIGGER ALL",
        "DROP TRIGGER audit_event_append_only ON audit_auditevent",
        "ALTER TABLE audit_auditchainhead DISABLE TRIGGER audit_refuse_truncate",
        "DROP FUNCTION audit_event_refuse_change() CASCADE",
    ):
        refused_for_app_role(statement, match="must be owner")


@pytest.mark.usefixtures("app_role")
def test_the_app_role_cannot_truncate_update_or_delete_audit_events(kingsway, chain):
    refused_for_app_role("TRUNCATE audit_auditevent", match="permission denied")
    refused_for_app_role("TRUNCATE audit_auditchainhead", match="permission denied")
    refused_for_app_role("UPDATE audit_auditevent SET action = %s WHERE id = %s",
                         ["rewritten", chain[1].pk], match="permission denied")
    refused_for_app_role("DELETE FROM audit_auditevent WHERE id = %s", [chain[2].pk],
                         match="permission denied")
    refused_for_app_role("DELETE FROM audit_auditchainhead", match="permission denied")
    assert [e.action for e in AuditEvent.objects.for_institution(kingsway)] == [
        "k.1", "k.2", "k.3"]
    assert audit_verify(kingsway) is None


@pytest.mark.usefixtures("app_role")
def test_the_app_role_cannot_truncate_or_alter_any_table(chain):
    for table in ("institutions_institution", "accounts_user", "reporting_report",
                  "audit_pendinganonymousevent", "django_session"):
        refused_for_app_role(f"TRUNCATE {table} CASCADE", match="permission denied")
        refused_for_app_role(f"ALTER TABLE {table} ADD COLUMN x int", match="must be owner")


@pytest.mark.usefixtures("app_role")
def test_the_application_works_as_the_app_role(kingsway, caseworker, chain):
    """Appending, holding back an anonymous event and sealing it need nothing more (working
    for the institution, as requests and tasks do: row-level security, core/rls)."""
    with time_machine.travel(dt.datetime(2026, 3, 2, 12, tzinfo=dt.UTC), tick=False), \
            tenant_transaction(kingsway.pk), as_app_role() as cursor:
        cursor.execute("SELECT current_user")
        assert cursor.fetchone() == (APP_ROLE,)
        audit_record(institution=kingsway, actor=caseworker, action="k.4")
        audit_record(institution=kingsway, action="report.submitted", anonymous=True)
        assert audit_seal_anonymous(institution=kingsway, today=dt.date(2026, 3, 3)) == 1
        assert audit_verify(kingsway) is None
    assert AuditEvent.objects.for_institution(kingsway).count() == 5


def test_create_app_role_is_idempotent_and_can_print_its_sql(app_role):
    out = StringIO()
    call_command("create_app_role", "--name", app_role, "--password", "new-pw", stdout=out)
    assert f"Role '{app_role}' can now use database" in out.getvalue()
    printed = StringIO()
    call_command("create_app_role", "--name", "st_app_printed", "--password", "it's",
                 "--print", stdout=printed)
    sql = printed.getvalue()
    assert 'CREATE ROLE "st_app_printed" WITH LOGIN NOSUPERUSER' in sql
    assert "PASSWORD 'it''s'" in sql
    assert 'GRANT SELECT, INSERT ON "audit_auditevent" TO "st_app_printed";' in sql
    assert "TRUNCATE" not in sql
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = 'st_app_printed'")
        assert cursor.fetchone() is None  # printed, not run


def test_create_app_role_refuses_the_owner_itself_and_an_empty_password():
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        (owner,) = cursor.fetchone()
    with pytest.raises(CommandError, match="must connect as a different role"):
        call_command("create_app_role", "--name", owner, "--password", "x")
    with pytest.raises(CommandError, match="non-empty password"):
        call_command("create_app_role", "--name", "st_app_x", "--password-env", "NO_SUCH_VAR")

import pytest
from django.db import connection


def tamper(sql: str, params: list) -> None:
    """Change audit rows behind the application's back, as someone with database access would.

    On PostgreSQL the append-only trigger refuses this, so the trigger is disabled inside the
    test's transaction (which rolls back afterwards, trigger included). Django's foreign keys
    are DEFERRABLE INITIALLY DEFERRED; their pending checks are run first, because PostgreSQL
    will not ALTER a table that has pending trigger events.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_append_only")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


@pytest.fixture
def tamper_with_audit():
    return tamper


@pytest.fixture(autouse=True)
def checkpoint_dir(settings, tmp_path):
    """Each test stores its audit checkpoints in a folder of its own."""
    settings.AUDIT_CHECKPOINT_DIR = str(tmp_path / "checkpoints")
    return tmp_path / "checkpoints"

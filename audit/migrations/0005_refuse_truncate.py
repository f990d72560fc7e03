"""On PostgreSQL, refuse TRUNCATE of the audit chain (events and heads) and of the access log
(events and checkpoints) at the database itself.

Row triggers do not fire on TRUNCATE, so migration 0003 left it open. A statement trigger
refuses it unless the session has set ``audit.allow_truncate = on``. Only the test settings set
it (test databases are emptied with TRUNCATE between transactional tests). That is no way round
for the application: its role (``manage.py create_app_role``) has no TRUNCATE privilege at all,
and whoever owns the tables, and so could set the flag, can already disable any trigger.
"""

from django.db import migrations

TABLES = (
    "audit_auditevent", "audit_auditchainhead", "audit_accessevent", "audit_accesscheckpoint",
)

CREATE = """
CREATE OR REPLACE FUNCTION audit_refuse_truncate() RETURNS trigger AS $$
BEGIN
    IF coalesce(current_setting('audit.allow_truncate', true), '') = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'the audit trail is append-only: TRUNCATE of % refused', TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
""" + "".join(
    f"""
DROP TRIGGER IF EXISTS audit_refuse_truncate ON {table};
CREATE TRIGGER audit_refuse_truncate
    BEFORE TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_truncate();
"""
    for table in TABLES
)

DROP = "".join(f"DROP TRIGGER IF EXISTS audit_refuse_truncate ON {table};\n" for table in TABLES) + (
    "DROP FUNCTION IF EXISTS audit_refuse_truncate();\n"
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_access_log")]

    operations = [migrations.RunPython(forwards, backwards)]

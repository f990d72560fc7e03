"""The access log (audit.access): reads of case material, and the checkpoints that seal them.

On PostgreSQL the database refuses DELETE on both tables and UPDATE of a checkpoint; an access
event may be updated only to set its empty ``checkpoint`` once (sealing), with every other
column unchanged. TRUNCATE is left alone here, as for audit events in 0003.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


TRIGGERS = """
CREATE OR REPLACE FUNCTION audit_access_event_refuse_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.checkpoint_id IS NULL AND NEW.checkpoint_id IS NOT NULL
            AND to_jsonb(NEW) - 'checkpoint_id' = to_jsonb(OLD) - 'checkpoint_id' THEN
        RETURN NEW;  -- sealing: the one change allowed
    END IF;
    RAISE EXCEPTION 'access events are append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION audit_access_checkpoint_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'access checkpoints are append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS audit_access_event_append_only ON audit_accessevent;
CREATE TRIGGER audit_access_event_append_only
    BEFORE UPDATE OR DELETE ON audit_accessevent
    FOR EACH ROW EXECUTE FUNCTION audit_access_event_refuse_change();

DROP TRIGGER IF EXISTS audit_access_checkpoint_append_only ON audit_accesscheckpoint;
CREATE TRIGGER audit_access_checkpoint_append_only
    BEFORE UPDATE OR DELETE ON audit_accesscheckpoint
    FOR EACH ROW EXECUTE FUNCTION audit_access_checkpoint_refuse_change();
"""

DROP_TRIGGERS = """
DROP TRIGGER IF EXISTS audit_access_event_append_only ON audit_accessevent;
DROP TRIGGER IF EXISTS audit_access_checkpoint_append_only ON audit_accesscheckpoint;
DROP FUNCTION IF EXISTS audit_access_event_refuse_change();
DROP FUNCTION IF EXISTS audit_access_checkpoint_refuse_change();
"""


def add_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGGERS, params=None)


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_TRIGGERS, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0003_append_only_trigger'),
        ('institutions', '0003_institution_first_contact_email_and_more'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AccessCheckpoint',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sequence', models.PositiveBigIntegerField(help_text='1, 2, 3 ... per institution.')),
                ('sealed_at', models.DateTimeField()),
                ('event_count', models.PositiveIntegerField()),
                ('first_event_id', models.PositiveBigIntegerField()),
                ('last_event_id', models.PositiveBigIntegerField()),
                ('events_digest', models.CharField(max_length=64)),
                ('prev_hmac', models.CharField(max_length=64)),
                ('hmac', models.CharField(max_length=64)),
                ('institution', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='institutions.institution')),
            ],
            options={
                'ordering': ['institution_id', 'sequence'],
                'base_manager_name': 'objects',
            },
        ),
        migrations.CreateModel(
            name='AccessEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('occurred_at', models.DateTimeField()),
                ('actor_label', models.CharField(max_length=200)),
                ('object_type', models.CharField(max_length=80)),
                ('object_id', models.CharField(max_length=64)),
                ('what', models.CharField(blank=True, max_length=200)),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('checkpoint', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='events', to='audit.accesscheckpoint')),
                ('institution', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='institutions.institution')),
            ],
            options={
                'ordering': ['institution_id', 'id'],
                'base_manager_name': 'objects',
            },
        ),
        migrations.AddConstraint(
            model_name='accesscheckpoint',
            constraint=models.UniqueConstraint(fields=('institution', 'sequence'), name='uniq_access_checkpoint_sequence'),
        ),
        migrations.AddIndex(
            model_name='accessevent',
            index=models.Index(fields=['institution', 'object_type', 'object_id'], name='audit_acces_institu_742c77_idx'),
        ),
        migrations.AddIndex(
            model_name='accessevent',
            index=models.Index(condition=models.Q(('checkpoint__isnull', True)), fields=['institution', 'id'], name='access_event_unsealed'),
        ),
        migrations.RunPython(add_triggers, drop_triggers),
    ]

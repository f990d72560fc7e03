"""Takes over the cases app's letter tables as they are (state only: nothing in the database
changes here). ``0002`` renames them and adds the generic subject."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

KINDS = [('informal_outcome', 'Informal outcome report (§30)'), ('formal_decision', 'Formal decision (§50-51)'), ('board_notice', 'Notice of the Board (§58)'), ('board_decision', 'Board decision (§64)'), ('appeal_outcome', 'Appeal outcome (§69)'), ('no_appeal_closure', 'Closure: no appeal lodged (§66)'), ('completion_of_procedures', 'Completion of Procedures (§36, §70-71)')]


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('cases', '0003_letters_move_to_letters_app'),
        ('institutions', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='LetterTemplate',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=KINDS, max_length=30)),
                        ('subject', models.CharField(max_length=200)),
                        ('body', models.TextField(help_text='Django template language; see the preview for fields.')),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('institution', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='institutions.institution')),
                        ('updated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'ordering': ['kind'],
                        'base_manager_name': 'objects',
                        'db_table': 'cases_lettertemplate',
                        'constraints': [models.UniqueConstraint(fields=('institution', 'kind'), name='uniq_letter_template')],
                    },
                ),
                migrations.CreateModel(
                    name='Letter',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=KINDS, max_length=30)),
                        ('version', models.PositiveIntegerField(default=1)),
                        ('recipient_key', models.CharField(help_text="'respondent' or 'party-<id>': one letter per recipient.", max_length=40)),
                        ('recipient', models.JSONField(help_text="{'name', 'role', 'email', 'address'} as sent.")),
                        ('context', models.JSONField(help_text='The facts the letter states, frozen at issue.')),
                        ('subject', models.CharField(blank=True, max_length=200)),
                        ('status', models.CharField(choices=[('pending', 'Being generated'), ('issued', 'Issued'), ('failed', 'Generation failed')], default='pending', max_length=10)),
                        ('pdf', models.FileField(blank=True, upload_to='letters/%Y/')),
                        ('sha256', models.CharField(blank=True, max_length=64)),
                        ('issued_on', models.DateField(default=django.utils.timezone.localdate)),
                        ('issued_at', models.DateTimeField(blank=True, null=True)),
                        ('error', models.TextField(blank=True)),
                        ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='letters', to='cases.case')),
                        ('corrects', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='corrections', to='letters.letter')),
                        ('institution', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='institutions.institution')),
                        ('issued_by', models.ForeignKey(blank=True, help_text='Empty: issued by the system (e.g. closure when no appeal was lodged).', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'ordering': ['issued_on', 'pk'],
                        'base_manager_name': 'objects',
                        'db_table': 'cases_letter',
                        'constraints': [models.UniqueConstraint(fields=('case', 'kind', 'recipient_key', 'version'), name='uniq_letter_version')],
                    },
                ),
            ],
        ),
    ]

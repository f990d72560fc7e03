"""Letters about any subject, step 3: the subject is required, ``case`` stays as an optional link
for the cases app's queries, versions are numbered per subject, kinds come from the registry
(``letters.registry.kind_choices``: a new kind needs no migration), and sendings are recorded
(``LetterDelivery``)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import letters.registry


class Migration(migrations.Migration):

    dependencies = [
        ('letters', '0003_letters_about_their_case'),
        ('cases', '0003_letters_move_to_letters_app'),
        ('institutions', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='letter',
            name='about_type',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='contenttypes.contenttype'),
        ),
        migrations.AlterField(
            model_name='letter',
            name='about_id',
            field=models.PositiveBigIntegerField(),
        ),
        migrations.AlterField(
            model_name='letter',
            name='case',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='letters', to='cases.case'),
        ),
        migrations.AlterField(
            model_name='letter',
            name='kind',
            field=models.CharField(choices=letters.registry.kind_choices, max_length=60),
        ),
        migrations.AlterField(
            model_name='lettertemplate',
            name='kind',
            field=models.CharField(choices=letters.registry.kind_choices, max_length=60),
        ),
        migrations.RemoveConstraint(
            model_name='letter',
            name='uniq_letter_version',
        ),
        migrations.AddConstraint(
            model_name='letter',
            constraint=models.UniqueConstraint(fields=('about_type', 'about_id', 'kind', 'recipient_key', 'version'), name='uniq_letter_version_about'),
        ),
        migrations.CreateModel(
            name='LetterDelivery',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('channel', models.CharField(choices=[('email', 'Email'), ('post', 'Post'), ('by_hand', 'Handed over in person'), ('portal', 'Student portal or case system')], max_length=10)),
                ('to', models.CharField(help_text='The email or postal address it went to.', max_length=400)),
                ('sent_on', models.DateField()),
                ('recorded_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('institution', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='institutions.institution')),
                ('letter', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deliveries', to='letters.letter')),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['sent_on', 'pk'],
                'base_manager_name': 'objects',
            },
        ),
    ]

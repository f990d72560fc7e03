"""Letters about any subject, step 1: the tables get the letters app's names and every letter
gets a generic subject (``about_type`` + ``about_id``), empty until ``0003`` fills it. The data
is moved in a migration of its own: PostgreSQL refuses to alter a table with pending deferred
foreign-key checks in the same transaction."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('letters', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.AlterModelTable(name='letter', table=None),
        migrations.AlterModelTable(name='lettertemplate', table=None),
        migrations.AddField(
            model_name='letter',
            name='about_type',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='contenttypes.contenttype'),
        ),
        migrations.AddField(
            model_name='letter',
            name='about_id',
            field=models.PositiveBigIntegerField(null=True),
        ),
    ]

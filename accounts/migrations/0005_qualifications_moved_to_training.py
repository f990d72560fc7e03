"""The qualifications now live in training (its migration 0002 copied them)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_role_choices_from_the_registry"),
        ("training", "0002_qualifications_from_accounts"),
    ]

    operations = [migrations.DeleteModel(name="Qualification")]

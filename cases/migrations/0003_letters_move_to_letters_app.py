"""Letters and letter templates now belong to the letters app (issue 8 §5). Only the migration
state moves here; the tables stay and are taken over by ``letters.0001_initial`` (and renamed
by ``letters.0002``), so every issued letter keeps its row, its id and its file."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0002_penalty_takes_amount'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='Letter'),
                migrations.DeleteModel(name='LetterTemplate'),
            ],
            database_operations=[],
        ),
    ]

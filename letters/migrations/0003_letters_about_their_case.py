"""Letters about any subject, step 2: every existing letter is about its case."""

from django.db import migrations, models


def letters_about_their_case(apps, schema_editor):
    Letter = apps.get_model("letters", "Letter")
    ContentType = apps.get_model("contenttypes", "ContentType")
    rows = Letter._base_manager.filter(about_id__isnull=True, case__isnull=False)
    if not rows.exists():
        return
    case_type, _ = ContentType.objects.get_or_create(app_label="cases", model="case")
    rows.update(about_type=case_type, about_id=models.F("case_id"))


def rendering_is_the_letters_apps(apps, schema_editor):
    """Renderings waiting in the outbox are delivered by the letters app's handler."""
    OutboxMessage = apps.get_model("outbox", "OutboxMessage")
    OutboxMessage._base_manager.filter(kind="cases.letter_render").update(kind="letters.render")


def rendering_was_the_cases_apps(apps, schema_editor):
    OutboxMessage = apps.get_model("outbox", "OutboxMessage")
    OutboxMessage._base_manager.filter(kind="letters.render").update(kind="cases.letter_render")


class Migration(migrations.Migration):

    dependencies = [
        ('letters', '0002_letters_about_any_subject'),
        ('outbox', '0001_initial'),
    ]

    operations = [
        migrations.RunPython(letters_about_their_case, migrations.RunPython.noop),
        migrations.RunPython(rendering_is_the_letters_apps, rendering_was_the_cases_apps),
    ]

# A data migration: no schema change. Issue 13 item 7: a missed deadline whose work is not done
# stays the case's next deadline (institutions/services/summary.py), so that overdue cases sort
# first on the queue's existing next_due indexes. The cases that carry such a deadline today
# (deadline_missed) get their summary again; every other case is unchanged.

from django.db import migrations


def refresh_missed(apps, schema_editor):
    from django.db.models import OuterRef, Q, Subquery, Value
    from django.db.models.functions import Coalesce
    from django.utils import timezone

    Case = apps.get_model("cases", "Case")
    Deadline = apps.get_model("institutions", "Deadline")
    ContentType = apps.get_model("contenttypes", "ContentType")
    ct = ContentType.objects.filter(app_label="cases", model="case").first()
    if ct is None:
        return
    today = timezone.localdate()
    upcoming = (Deadline.objects.filter(content_type=ct, object_id=OuterRef("pk"))
                .filter(Q(status__in=["running", "paused"])
                        | Q(status="missed", completed_on__isnull=True))
                .exclude(kind="window", due_date__lt=today).order_by("due_date", "pk"))
    Case.objects.filter(deadline_missed=True).update(
        next_due=Subquery(upcoming.values("due_date")[:1]),
        next_purpose=Coalesce(Subquery(upcoming.values("purpose")[:1]), Value("")),
        next_kind=Coalesce(Subquery(upcoming.values("kind")[:1]), Value("")),
    )


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("institutions", "0006_settings_move_to_their_apps"),
        ("cases", "0013_contact_preferences"),
    ]

    operations = [
        migrations.RunPython(refresh_missed, migrations.RunPython.noop, elidable=True),
    ]

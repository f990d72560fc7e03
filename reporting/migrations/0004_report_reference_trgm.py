from django.db import migrations

from core.trigram import reference_trigram_index


class Migration(migrations.Migration):
    """The report queue's search by part of a reference, from an index (core.trigram)."""

    dependencies = [("reporting", "0003_report_deadline_summary")]

    operations = [
        reference_trigram_index(table="reporting_report", name="report_reference_trgm"),
    ]
